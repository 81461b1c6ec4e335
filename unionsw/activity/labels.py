"""Texts of this app that other apps' pages show and their documents reuse (issue 12): the stats page's
breakdown titles and the alert centre's alerts. Like core.i18n.ChoiceLabel they are the Chinese wherever code
uses them — f-strings of the PDF/Word survey report and the to-do texts, comparisons, JSON — and translated only
when printed with str(), as templates print; unlike it they carry placeholders (a year, a count)."""

from __future__ import annotations

from django.utils import translation


class ShownText(str):
    """`ShownText(gettext_noop("志愿服务时长（%(year)s年，已确认）"), year=2026)`."""

    def __new__(cls, msgid: str, **params):
        text = super().__new__(cls, msgid % params if params else msgid)
        text.msgid, text.params = msgid, params
        return text

    def __str__(self):
        shown = translation.gettext(self.msgid)
        return shown % self.params if self.params else shown

    def __format__(self, spec):  # f-strings build the report's and the to-do's texts: they keep the Chinese
        return format(str.__str__(self), spec)
