"""THE parsers for request input that is not a Django form field (issue 11, finding 9): dates typed
into <input type="date"> and read from request.POST / GET, and offset/limit of list APIs. Bad input is
a ValidationError with a Chinese message (a field error when the field is named), never a 500.

    on = parsing.parse_date(request.POST.get("on"), field="on", label="生效日期")   # None when blank
    offset, limit = parsing.offset_limit(offset, limit, max_limit=2000)              # → 400 otherwise
"""

from __future__ import annotations

import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_noop

MIN_YEAR, MAX_YEAR = 1900, 2100
MAX_OFFSET = 10_000_000
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def _label(label: str) -> str:
    """The caller's Chinese field label in the page's language (issue 12): the labels callers pass ("生效日期")
    are the forms' and templates' msgids, so they are in the catalogue; one already translated passes through."""
    return gettext(label)


def _error(field: str, message: str) -> ValidationError:
    return ValidationError({field: [message]}) if field else ValidationError(message)


def parse_date(value, *, field: str = "", label: str = gettext_noop("日期"), required: bool = False) -> date | None:
    """A date from text such as 2026-03-01 (what <input type="date"> sends; 2026/3/1 is accepted too).
    Blank → None (or "请填写…" when required); a date that does not exist (2026-02-30), a malformed
    text or a year outside 1900–2100 → ValidationError naming the field."""
    if isinstance(value, date):
        return value
    text = (value or "").strip().replace("/", "-") if isinstance(value, str) or value is None else str(value)
    if not text:
        if required:
            raise _error(field, gettext("请填写%(label)s") % {"label": _label(label)})
        return None
    match = _ISO.match(text[:20])
    if match is None:
        raise _error(field, gettext("%(label)s格式不正确：“%(value)s”，应为 2026-03-01") % {"label": _label(label), "value": text[:20]})
    year, month, day = (int(g) for g in match.groups())
    try:
        result = date(year, month, day)
    except ValueError:
        raise _error(field, gettext("%(label)s不存在：%(value)s") % {"label": _label(label), "value": text[:20]}) from None
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _error(field, gettext("%(label)s的年份应在 %(min)s–%(max)s 之间") % {"label": _label(label), "min": MIN_YEAR, "max": MAX_YEAR})
    return result


def offset_limit(offset, limit, *, max_limit: int, default_limit: int | None = None) -> tuple[int, int]:
    """Validated (offset, limit) of a list API: whole numbers, 0 ≤ offset ≤ 10,000,000, 1 ≤ limit ≤ max_limit."""
    def number(value, name, default):
        if value is None or value == "":
            return default
        if isinstance(value, bool) or not re.fullmatch(r"-?\d{1,12}", str(value).strip()):
            raise ValidationError({name: [gettext("应为整数")]})
        return int(str(value).strip())

    offset = number(offset, "offset", 0)
    limit = number(limit, "limit", default_limit if default_limit is not None else max_limit)
    if offset < 0 or offset > MAX_OFFSET:
        raise ValidationError({"offset": [gettext("应在 %(min)s–%(max)s 之间") % {"min": 0, "max": MAX_OFFSET}]})
    if limit < 1 or limit > max_limit:
        raise ValidationError({"limit": [gettext("应在 %(min)s–%(max)s 之间") % {"min": 1, "max": max_limit}]})
    return offset, limit


_MARKUP = re.compile(r"[<>\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def plain_name(value, *, field: str, label: str, max_len: int, required: bool = True) -> str:
    """A name that becomes part of a list others pick from (a post kind, an organisation): stripped,
    bounded, and free of markup and control characters — "<b>组建指导岗</b>" is refused with a Chinese
    message instead of being kept (it would be escaped on every page, but read as noise in Excel and PDFs)."""
    text = (value or "").strip() if isinstance(value, str) or value is None else str(value).strip()
    if not text:
        if required:
            raise _error(field, gettext("请填写%(label)s") % {"label": _label(label)})
        return ""
    if len(text) > max_len:
        raise _error(field, gettext("%(label)s不超过%(max)s个字") % {"label": _label(label), "max": max_len})
    if _MARKUP.search(text):
        raise _error(field, gettext("%(label)s不能包含 < > 等标记符号或控制字符") % {"label": _label(label)})
    return text


VERSION_INVALID = gettext_noop("页面中的版本号无效（页面可能已损坏或被改动），请刷新页面后重新操作；本次未保存")


def parse_version(value) -> int | None:
    """The optimistic-lock version a page or API call sends back. Absent is None (the caller did not ask for a
    check); anything present that is not a plain non-negative number is refused, never read as "no check"."""
    if value is None or value == "":
        return None
    text = str(value).strip()
    if not (text.isdigit() and len(text) < 10):
        raise _error("version", gettext(VERSION_INVALID))
    return int(text)


class VersionField(forms.IntegerField):
    """A form's hidden `version`: blank is None, anything else must be a version number (VERSION_INVALID)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        try:
            return parse_version(value)
        except ValidationError:
            raise ValidationError(gettext(VERSION_INVALID), code="invalid") from None
