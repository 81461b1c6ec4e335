from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "unionsw.core"
    label = "core"
    verbose_name = _("平台核心")

    def ready(self):
        # counts: connects the signals that invalidate cached list counts
        from . import counts, text_limits  # noqa: F401

        text_limits.connect()
