from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "unionsw.recruitment"
    label = "recruitment"
    verbose_name = "招聘录用"
