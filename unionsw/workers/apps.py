from django.apps import AppConfig


class WorkersConfig(AppConfig):
    name = "unionsw.workers"
    label = "workers"
    verbose_name = "社工实名库"
