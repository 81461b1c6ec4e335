"""Request limits, the last line for bad input, and the security headers (issue 11, findings 9 and 10).

- `RequestLimitsMiddleware`: a body larger than DATA_UPLOAD_MAX_MEMORY_SIZE (20 MB; uploads:
  MAX_REQUEST_BYTES) is refused with 413 before anything reads it.
- `InvalidInputMiddleware`: a ValidationError that escapes a page view (a view that forgot to catch
  the refusal of a parser or a service) is answered 400 with its Chinese messages, never a 500.
- `SecurityHeadersMiddleware`: Content-Security-Policy (no inline script: every script is a static
  file), Permissions-Policy, and Cache-Control: no-store on every response that is not a static
  asset — pages, documents, exports and PDFs carry personal data and must not stay in a cache.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from .errors import StaleVersion
from .i18n import language_of

# str.format placeholder (config/api.py formats it too); translated where it is answered
TOO_BIG = gettext_noop("请求内容过大（超过 {mb} MB），未处理。请拆分后分批提交")

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",  # style= attributes in templates; no script can run from CSS
        "img-src 'self' data:",  # the CAPTCHA and the TOTP QR code are data: images
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), "
    "magnetometer=(), gyroscope=(), accelerometer=(), display-capture=(), interest-cohort=()"
)


def _wants_json(request) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", "")


def _answer(request, status: int, message: str, errors=None) -> HttpResponse:
    if _wants_json(request):
        body = {"detail": message} | ({"errors": errors} if errors else {})
        return HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type="application/json; charset=utf-8")
    html = render_to_string(
        "core/short_answer.html",
        {"title": {413: gettext("内容过大"), 409: gettext("修改冲突")}.get(status) or gettext("输入有误"), "message": message, "errors": errors or []},
    )
    return HttpResponse(html, status=status)


class RequestLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        multipart = request.META.get("CONTENT_TYPE", "").startswith("multipart/")
        limit = getattr(settings, "MAX_REQUEST_BYTES", 30 * 1024 * 1024) if multipart else settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit and length > limit:
            # this middleware runs before the language is chosen (ChosenLanguageMiddleware): choose it here
            with translation.override(language_of(request)):
                return _answer(request, 413, gettext(TOO_BIG).format(mb=limit // (1024 * 1024)))
        return self.get_response(request)


class InvalidInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, ValidationError) or request.path.startswith("/api/"):
            return None
        messages = exception.messages
        if isinstance(exception, StaleVersion):
            return _answer(request, 409, messages[0])
        return _answer(request, 400, gettext("输入有误，未保存：") + gettext("；").join(messages[:10]), errors=messages[:50])


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CSP)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        static_prefix = "/" + settings.STATIC_URL.lstrip("/")
        static = request.path.startswith(static_prefix) or request.path.startswith("/api/v1/docs/")
        if not static:
            response["Cache-Control"] = "no-store"
            response["Pragma"] = "no-cache"
        return response
