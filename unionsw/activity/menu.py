from unionsw.core.menu import MenuItem

MENU = [
    MenuItem("工作台", "我的工作日志", "activity:me", "worklog.self"),
    MenuItem("培训与活动", "工作日志", "activity:worklog", "worklog.view"),
    MenuItem("培训与活动", "志愿服务", "activity:volunteer", "volunteer.view"),
    MenuItem("培训与活动", "荣誉表彰", "activity:honours", "honour.view"),
]
