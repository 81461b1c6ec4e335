from django.apps import AppConfig


class EmploymentConfig(AppConfig):
    name = "unionsw.employment"
    label = "employment"
    verbose_name = "岗位、用工与合同"
