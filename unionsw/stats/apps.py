from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "unionsw.stats"
    label = "stats"
    verbose_name = "统计、待办与报表"
