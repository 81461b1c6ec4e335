"""The JSON API at /api/v1/: the same services and the same scope filter as the pages.

Each app that has an API exposes `router` in `<app>/api.py`; they are mounted here under the app's
label. Errors are JSON with Chinese messages; bad input is a 400, never a 500.
"""

import importlib
import json
from functools import wraps
from pathlib import Path

import ninja
from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.db import DataError, OperationalError
from django.http import FileResponse, Http404, HttpResponse
from django.template import Context, Template
from django.urls import path, reverse
from django.utils.translation import gettext
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaError
from ninja.openapi.docs import Swagger
from ninja.renderers import JSONRenderer

from unionsw.accounts.api import BearerAuth
from unionsw.accounts.api import router as auth_router
from unionsw.core.errors import NO_PERMISSION, NOT_IN_SCOPE, NotAllowed, OutOfScope, StaleVersion


class ChineseJSONRenderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}


# Swagger UI ships inside django-ninja; "ninja" is not an installed app, so without this ninja would
# render its CDN template. The docs page and its three assets are served from the package instead:
# the docs work on an intranet with no internet access.
SWAGGER_ASSETS = {
    "docs_css": ("swagger-ui.css", "text/css"),
    "docs_bundle": ("swagger-ui-bundle.js", "text/javascript"),
    "docs_init": ("swagger-ui-init.js", "text/javascript"),
}
NINJA_STATIC = Path(ninja.__file__).parent / "static" / "ninja"

DOCS_PAGE = Template(
    """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<link rel="stylesheet" href="{{ css }}">
</head>
<body data-csrf-token="" data-api-csrf="">
<script type="application/json" id="swagger-settings">{{ settings|safe }}</script>
<div id="swagger-ui"></div>
<script src="{{ bundle }}"></script>
<script src="{{ init }}"></script>
</body>
</html>"""
)


class OfflineSwagger(Swagger):
    def render_page(self, request, api, **kwargs):
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        ns = api.urls_namespace
        context = {
            "title": api.title,
            "settings": json.dumps(self.settings).replace("</", "<\\/"),
            "css": reverse(f"{ns}:docs_css"),
            "bundle": reverse(f"{ns}:docs_bundle"),
            "init": reverse(f"{ns}:docs_init"),
        }
        return HttpResponse(DOCS_PAGE.render(Context(context)))


def _asset_view(filename: str, content_type: str):
    def view(request):
        response = FileResponse(open(NINJA_STATIC / filename, "rb"), content_type=content_type)
        response["Cache-Control"] = "public, max-age=86400"
        return response

    return view


api = NinjaAPI(
    renderer=ChineseJSONRenderer(),
    title="工会社工管理平台 API",
    version="1",
    description="与页面相同的业务规则和数据范围。先用 POST /api/v1/auth/token 取得令牌，再以 Authorization: Bearer <令牌> 调用。",
    auth=BearerAuth(),
    urls_namespace="api",
    docs_url="/docs",
    docs=OfflineSwagger(settings={"persistAuthorization": True}),
)
api.add_router("/auth", auth_router)
for app in settings.INSTALLED_APPS:
    if app.startswith("unionsw.") and app != "unionsw.accounts":
        try:
            module = importlib.import_module(f"{app}.api")
        except ModuleNotFoundError:
            continue
        api.add_router(f"/{module.PREFIX}" if hasattr(module, "PREFIX") else f"/{app.split('.')[-1]}", module.router)


def _schema_message(error: dict) -> str:
    """A message for one pydantic error (the client sees `field` and this), in the request's language."""
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind == "missing":
        return gettext("必填")
    if kind == "extra_forbidden":
        return gettext("不允许的字段")
    if kind.startswith("int_") or kind == "int_from_float":
        return gettext("应为整数")
    if kind == "greater_than_equal":
        return gettext("不能小于 %(n)s") % {"n": ctx.get("ge")}
    if kind == "less_than_equal":
        return gettext("不能大于 %(n)s") % {"n": ctx.get("le")}
    if kind == "string_too_long":
        return gettext("不超过 %(n)s 个字符") % {"n": ctx.get("max_length")}
    if kind == "string_type":
        return gettext("应为字符串")
    if kind.startswith("date"):
        return gettext("日期格式应为 2024-03-01")
    if kind.startswith("bool"):
        return gettext("应为 true 或 false")
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", "")).replace("' or '", "、").replace("', '", "、").replace("'", "")
        return gettext("取值应为：%(values)s") % {"values": expected}
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return gettext("应为 JSON 对象")
    if kind == "value_error" and "error" in ctx:
        return str(ctx["error"]).removeprefix("Value error, ")
    return gettext("格式不正确")


def _schema_field(loc) -> str:
    loc = [str(p) for p in loc]
    # ("body", "<param>", field...) for a body parameter, ("query", field) and ("path", field) otherwise
    return ".".join(loc[2:] if loc[:1] == ["body"] and len(loc) > 2 else loc[1:]) or (loc[0] if loc else "")


def _messages(exc: ValidationError):
    if hasattr(exc, "error_dict"):
        return {"detail": gettext("输入有误"), "errors": [{"field": f, "message": gettext("；").join(m)} for f, m in exc.message_dict.items()]}
    return {"detail": gettext("；").join(exc.messages)}


@api.exception_handler(OutOfScope)
@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": gettext(NOT_IN_SCOPE)}, status=404)


@api.exception_handler(NotAllowed)
@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return api.create_response(request, {"detail": gettext(NO_PERMISSION)}, status=403)


@api.exception_handler(StaleVersion)
def stale(request, exc):
    return api.create_response(request, {"detail": exc.messages[0]}, status=409)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    return api.create_response(request, _messages(exc), status=400)


@api.exception_handler(SchemaError)
def schema_invalid(request, exc):
    errors = [{"field": _schema_field(e.get("loc", [])), "message": _schema_message(e)} for e in exc.errors]
    return api.create_response(request, {"detail": gettext("请求格式不正确"), "errors": errors}, status=400)


@api.exception_handler(HttpError)
def http_error(request, exc):
    text = str(exc)
    if text.startswith("Cannot parse request body"):
        text = gettext("请求体不是有效的 JSON")
    return api.create_response(request, {"detail": text}, status=exc.status_code)


@api.exception_handler(OverflowError)
@api.exception_handler(DataError)
def overflow(request, exc):
    # a number beyond the database's integer range (e.g. an id of 2**80) is bad input, not a server fault
    return api.create_response(request, {"detail": gettext("数值超出允许范围")}, status=400)


@api.exception_handler(RequestDataTooBig)
def too_big(request, exc):
    from unionsw.core.security import TOO_BIG

    return api.create_response(request, {"detail": gettext(TOO_BIG).format(mb=settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 2**20)}, status=413)


@api.exception_handler(OperationalError)
def database_busy(request, exc):
    # a lock wait that ran out (SQLite busy, PostgreSQL lock_timeout) or a deadlock: 503/409, not a 500
    from unionsw.core.dbbusy import RETRY_AFTER, classify

    answer = classify(exc)
    if answer is None:
        raise exc
    response = api.create_response(request, {"detail": gettext(answer[1])}, status=answer[0])
    if answer[0] == 503:
        response["Retry-After"] = RETRY_AFTER
    return response


@api.exception_handler(AuthenticationError)
def unauthorized(request, exc):
    return api.create_response(request, {"detail": gettext("未登录或令牌无效、已过期")}, status=401)


def _json_405(view):
    """ninja answers a wrong method with an empty 405; say it in JSON like every other error."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith("application/json"):
            allowed = response.get("Allow", "")
            response = api.create_response(request, {"detail": gettext("不支持该请求方法，可用：%(allowed)s") % {"allowed": allowed}}, status=405)
            response["Allow"] = allowed
        return response

    return wrapper


def _unknown(request, rest):
    return api.create_response(request, {"detail": gettext("接口不存在，请查看 /api/v1/docs")}, status=404)


def _public(patterns):
    """API views authenticate with bearer tokens, not sessions: exempt them from LoginRequiredMiddleware."""
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            _public(pattern.url_patterns)
        else:
            pattern.callback = _json_405(pattern.callback)
            pattern.callback.login_required = False
    return patterns


_urls = api.urls
_patterns = (
    _urls[0]
    + [path(f"docs/{file}", _asset_view(file, ct), name=name) for name, (file, ct) in SWAGGER_ASSETS.items()]
    + [path("<path:rest>", _unknown)]  # unnamed: not an object route, so not in the scope sweep
)
api_urls = (_public(_patterns), _urls[1], _urls[2])
