from django.apps import AppConfig


class CareersConfig(AppConfig):
    name = "unionsw.careers"
    label = "careers"
    verbose_name = "职业发展与晋升"
