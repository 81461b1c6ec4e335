from django.utils.translation import gettext_noop

from unionsw.core.menu import MenuItem

MENU = [
    MenuItem(gettext_noop("工作台"), gettext_noop("我的工资条"), "pay:my_slips", "pay.self"),
    MenuItem(gettext_noop("薪酬待遇"), gettext_noop("工资表"), "pay:runs", "pay.view"),
    MenuItem(gettext_noop("薪酬待遇"), gettext_noop("工资标准"), "pay:tables", "pay.view"),
    MenuItem(gettext_noop("薪酬待遇"), gettext_noop("社工薪级"), "pay:workers", "pay.manage"),
    MenuItem(gettext_noop("薪酬待遇"), gettext_noop("成本分担"), "pay:cost", "pay.view"),
]
