from django.utils.translation import gettext_noop

from unionsw.core.menu import MenuItem

MENU = [
    MenuItem(gettext_noop("考核与晋升"), gettext_noop("年度考核"), "assessment:rounds", "assessment.view"),
    MenuItem(gettext_noop("考核与晋升"), gettext_noop("我的述职与考核"), "assessment:me", "assessment.self"),
    MenuItem(gettext_noop("考核与晋升"), gettext_noop("评委评分"), "assessment:judging", "assessment.score"),
    MenuItem(gettext_noop("考核与晋升"), gettext_noop("资格认证（北京）"), "assessment:cert_rounds", "certification.manage", policy_key="qualification_certification"),
]
MENU.insert(1, MenuItem(gettext_noop("考核与晋升"), gettext_noop("考核结果"), "assessment:results", "assessment.view"))
