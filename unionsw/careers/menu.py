from django.utils.translation import gettext_noop

from unionsw.core.menu import MenuItem

MENU = [
    MenuItem(gettext_noop("考核与晋升"), gettext_noop("晋升资格"), "careers:eligibility", "promotion.view"),
    MenuItem(gettext_noop("考核与晋升"), gettext_noop("晋升审批"), "careers:promotions", "promotion.view"),
    MenuItem(gettext_noop("考核与晋升"), gettext_noop("择优推荐"), "careers:recommendations", "recommendation.manage"),
]
