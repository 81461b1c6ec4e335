"""The interface language (issue 12, SPEC §14): Simplified Chinese unless the user chose English.

Django's LocaleMiddleware also follows the browser's Accept-Language, so a federation clerk with an English-language
browser (and every headless test browser) would land in English. The spec makes zh-Hans the default: only the choice
made with the language switch (Django's set_language view, stored in the language cookie) changes it."""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


def language_of(request) -> str:
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen and chosen in dict(settings.LANGUAGES):
        return chosen
    return settings.LANGUAGE_CODE


class ChosenLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # override, not activate: the language is restored when the response is done, so a thread that serves
        # an English request next draws a Chinese one (or a test's render_to_string) in Chinese again
        with translation.override(language_of(request)):
            request.LANGUAGE_CODE = translation.get_language()
            response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


class ChoiceLabel(str):
    """A model choice's label (issue 12): the Chinese text wherever code uses it — joins, f-strings, comparisons,
    JSON, Excel, PDF, texts that are stored — and translated only where it is printed with str(), as templates print (and so as
    `{{ w.get_status_display }}` shows it). A gettext_lazy label would break the many "、".join(labels) and the
    exports, which need real strings. Marked for the catalogue by makemessages (`choice_label` keyword)."""

    __slots__ = ()

    def __str__(self):
        return translation.gettext(str.__str__(self))

    def __format__(self, spec):  # f-strings build stored texts (audit, reasons): they keep the Chinese
        return format(str.__str__(self), spec)



class ShownText(str):
    """A message with values, with the two faces of ChoiceLabel: the Chinese wherever code uses it (texts that are
    stored — a promotion's explanation, audit details —, f-strings of reports, comparisons, JSON, Excel) and the
    reader's language only when printed with str(), as templates print. Values that are labels themselves
    translate with it. `ShownText(gettext_noop("志愿服务时长（%(year)s年，已确认）"), year=2026)`."""

    def __new__(cls, msgid: str, **values):
        self = super().__new__(cls, msgid % {k: source_text(v) for k, v in values.items()} if values else msgid)
        self.msgid, self.values = msgid, values
        return self

    def __str__(self):
        shown = translation.gettext(self.msgid)
        return shown % {k: str(v) for k, v in self.values.items()} if self.values else shown

    def __format__(self, spec):  # f-strings build stored texts: they keep the Chinese
        return format(str.__str__(self), spec)

def choice_label(text: str) -> ChoiceLabel:
    return ChoiceLabel(text)


def source_text(value):
    """The Chinese of a label for a document (Excel cell, PDF paragraph): a choice_label (or another str subclass
    that translates in __str__) as its own text, a gettext_lazy proxy evaluated in the default language; any other
    value unchanged. openpyxl and reportlab call str(), which would give the reader's language — official documents
    stay Chinese (docs/decisions.md)."""
    from django.utils.functional import Promise

    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, Promise):
        with translation.override(settings.LANGUAGE_CODE):
            return str(value)
    return value
