from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmploymentConfig(AppConfig):
    name = "unionsw.employment"
    label = "employment"
    verbose_name = _("岗位、用工与合同")
