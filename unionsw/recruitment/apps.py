from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitmentConfig(AppConfig):
    name = "unionsw.recruitment"
    label = "recruitment"
    verbose_name = _("招聘录用")
