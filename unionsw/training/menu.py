from unionsw.core.menu import MenuItem

MENU = [
    MenuItem("工作台", "我的培训", "training:me", "training.self"),
    MenuItem("培训与活动", "培训计划", "training:plans", "training.view"),
    MenuItem("培训与活动", "培训合规", "training:compliance", "training.view"),
    MenuItem("培训与活动", "职业水平考试", "training:exams", "training.view"),
]
