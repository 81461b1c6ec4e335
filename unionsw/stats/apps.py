from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "unionsw.stats"
    label = "stats"
    verbose_name = "统计、待办与报表"

    def ready(self):
        from unionsw.core import counts

        from .engine import CACHE_LABELS

        for label in CACHE_LABELS:  # saves and deletes bump the generation that the cached figures depend on
            counts.track(label)
