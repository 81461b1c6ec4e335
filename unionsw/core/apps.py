from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "unionsw.core"
    label = "core"
    verbose_name = "平台核心"

    def ready(self):
        from . import counts  # noqa: F401 — connects the signals that invalidate cached list counts
