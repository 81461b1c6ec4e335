from django.utils.translation import gettext_noop

from unionsw.core.menu import MenuItem

MENU = [
    MenuItem(gettext_noop("招聘录用"), gettext_noop("招录计划"), "recruitment:plans", "recruitment.view"),
    MenuItem(gettext_noop("招聘录用"), gettext_noop("招聘批次"), "recruitment:rounds", "recruitment.view"),
    MenuItem(gettext_noop("招聘录用"), gettext_noop("统一招聘"), "recruitment:unified_create", "recruitment.unify"),
    MenuItem(gettext_noop("招聘录用"), gettext_noop("面试评分"), "recruitment:judge_home", "recruitment.score"),
    MenuItem(
        gettext_noop("招聘录用"),
        gettext_noop("社会考试机构"),
        "recruitment:exam_bodies",
        "exambody.manage",
        policy_key="accredited_exam_body",
    ),
]
