"""Bounded text on every backend (issue 11): a value longer than its field allows is a Chinese field error,
raised before the row is written, inside the service's transaction (so nothing of the write remains).

PostgreSQL refuses an over-long `CharField` with a DataError (a 500 if nothing catches it) and SQLite
stores it whole; a `TextField` has no limit at all, so one admonition of 100,000 characters was accepted.
This pre_save check gives every CharField its `max_length` and every TextField its own `max_length` or
TEXT_MAX_CHARS, on SQLite and PostgreSQL alike. Ciphertext columns (`*_enc`) are written by code, not
typed, and are left out.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import pre_save
from django.utils.translation import gettext

DEFAULT_TEXT_MAX_CHARS = 20_000


def text_max_chars() -> int:
    return int(getattr(settings, "TEXT_MAX_CHARS", DEFAULT_TEXT_MAX_CHARS))


def _limit(field) -> int | None:
    if field.name.endswith("_enc"):
        return None
    if isinstance(field, models.TextField):
        return field.max_length or text_max_chars()
    if isinstance(field, models.CharField):
        return field.max_length
    return None


def check_text_lengths(instance) -> None:
    errors: dict[str, list[str]] = {}
    for field in instance._meta.concrete_fields:
        limit = _limit(field)
        if limit is None:
            continue
        value = getattr(instance, field.attname, None)
        if isinstance(value, str) and len(value) > limit:
            label = str(field.verbose_name or field.name)
            errors[field.name] = [
                gettext("%(label)s不能超过 %(limit)s 个字符（现有 %(length)s 个），请精简后再提交")
                % {"label": label, "limit": limit, "length": len(value)}
            ]
    if errors:
        raise ValidationError(errors)


def _on_pre_save(sender, instance, raw=False, **kwargs) -> None:
    if raw or not sender.__module__.startswith("unionsw."):
        return
    check_text_lengths(instance)


def connect() -> None:
    pre_save.connect(_on_pre_save, dispatch_uid="unionsw.core.text_limits")
