from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "unionsw.accounts"
    label = "accounts"
    verbose_name = "账号与权限"

    def ready(self):
        from . import signals  # noqa: F401  (login/logout audit: framework events, not business logic)
