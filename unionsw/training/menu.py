from django.utils.translation import gettext_noop

from unionsw.core.menu import MenuItem

MENU = [
    MenuItem(gettext_noop("工作台"), gettext_noop("我的培训"), "training:me", "training.self"),
    MenuItem(gettext_noop("培训与活动"), gettext_noop("培训计划"), "training:plans", "training.view"),
    MenuItem(gettext_noop("培训与活动"), gettext_noop("培训合规"), "training:compliance", "training.view"),
    MenuItem(gettext_noop("培训与活动"), gettext_noop("职业水平考试"), "training:exams", "training.view"),
]
