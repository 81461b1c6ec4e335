from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "unionsw.accounts"
    label = "accounts"
    verbose_name = _("账号与权限")

    def ready(self):
        from . import signals  # noqa: F401  (login/logout audit: framework events, not business logic)
