from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "unionsw.orgs"
    label = "orgs"
    verbose_name = "组织与政策"
