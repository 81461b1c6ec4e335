from unionsw.core.menu import MenuItem

# issue 9: self-entered certificates (the registry's own entries are in core/menu.py)
MENU = [
    MenuItem("工作台", "我的证书", "workers:me_certificates", "certificate.self"),
    MenuItem("社工管理", "证书审核", "workers:certificate_review_list", "certificate.manage"),
]
