from django.utils.translation import gettext_noop

from unionsw.core.menu import MenuItem

# issue 9: self-entered certificates (the registry's own entries are in core/menu.py)
MENU = [
    MenuItem(gettext_noop("工作台"), gettext_noop("我的证书"), "workers:me_certificates", "certificate.self"),
    MenuItem(gettext_noop("社工管理"), gettext_noop("证书审核"), "workers:certificate_review_list", "certificate.manage"),
]
