import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

CLASSES = [
    (re.compile(r"[a-z]"), "小写字母"),
    (re.compile(r"[A-Z]"), "大写字母"),
    (re.compile(r"\d"), "数字"),
    (re.compile(r"[^A-Za-z0-9]"), "特殊字符"),
]


class ComplexityValidator:
    """At least 8 characters drawn from at least 3 of: lower case, upper case, digits, symbols."""

    def __init__(self, min_length: int = 8, min_classes: int = 3):
        self.min_length = min_length
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(gettext("密码至少 %(n)s 位") % {"n": self.min_length}, code="password_too_short")
        used = sum(1 for pattern, _ in CLASSES if pattern.search(password))
        if used < self.min_classes:
            raise ValidationError(
                gettext("密码须包含大写字母、小写字母、数字、特殊字符中的至少 %(n)s 类") % {"n": self.min_classes},
                code="password_too_simple",
            )

    def get_help_text(self):
        return gettext("至少 %(length)s 位，包含大写字母、小写字母、数字、特殊字符中的至少 %(classes)s 类") % {
            "length": self.min_length,
            "classes": self.min_classes,
        }
