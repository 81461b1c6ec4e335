from django.apps import AppConfig


class ActivityConfig(AppConfig):
    name = "unionsw.activity"
    label = "activity"
    verbose_name = "工作日志、志愿服务与荣誉"
