from django.utils.translation import gettext_noop

from unionsw.core.menu import MenuItem

MENU = [
    MenuItem(gettext_noop("工作台"), gettext_noop("我的工作日志"), "activity:me", "worklog.self"),
    MenuItem(gettext_noop("培训与活动"), gettext_noop("工作日志"), "activity:worklog", "worklog.view"),
    MenuItem(gettext_noop("培训与活动"), gettext_noop("志愿服务"), "activity:volunteer", "volunteer.view"),
    MenuItem(gettext_noop("培训与活动"), gettext_noop("荣誉表彰"), "activity:honours", "honour.view"),
]
