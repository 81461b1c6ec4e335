from django.apps import AppConfig


class PayConfig(AppConfig):
    name = "unionsw.pay"
    label = "pay"
    verbose_name = "薪酬待遇"
