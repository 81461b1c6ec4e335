from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareersConfig(AppConfig):
    name = "unionsw.careers"
    label = "careers"
    verbose_name = _("职业发展与晋升")
