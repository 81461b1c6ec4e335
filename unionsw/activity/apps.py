from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivityConfig(AppConfig):
    name = "unionsw.activity"
    label = "activity"
    verbose_name = _("工作日志、志愿服务与荣誉")
