from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "unionsw.core"
    label = "core"
    verbose_name = "平台核心"

    def ready(self):
        # counts: connects the signals that invalidate cached list counts
        from . import counts, text_limits  # noqa: F401

        text_limits.connect()
