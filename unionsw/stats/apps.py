from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "unionsw.stats"
    label = "stats"
    verbose_name = _("统计、待办与报表")

    def ready(self):
        from unionsw.core import counts

        from .engine import CACHE_LABELS

        for label in CACHE_LABELS:  # saves and deletes bump the generation that the cached figures depend on
            counts.track(label)
