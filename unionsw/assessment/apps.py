from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "unionsw.assessment"
    label = "assessment"
    verbose_name = "年度考核"
