"""The JSON API at /api/v1/: the same services and the same scope filter as the pages.

Each app that has an API exposes `router` in `<app>/api.py`; they are mounted here under the app's
label. Errors are JSON with Chinese messages; bad input is a 400, never a 500.
"""

import importlib

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaError
from ninja.renderers import JSONRenderer

from unionsw.accounts.api import BearerAuth
from unionsw.accounts.api import router as auth_router
from unionsw.core.errors import NotAllowed, OutOfScope


class ChineseJSONRenderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    renderer=ChineseJSONRenderer(),
    title="工会社工管理平台 API",
    version="1",
    description="与页面相同的业务规则和数据范围。先用 POST /api/v1/auth/token 取得令牌，再以 Authorization: Bearer <令牌> 调用。",
    auth=BearerAuth(),
    urls_namespace="api",
    docs_url="/docs",
)
api.add_router("/auth", auth_router)
for app in settings.INSTALLED_APPS:
    if app.startswith("unionsw.") and app != "unionsw.accounts":
        try:
            module = importlib.import_module(f"{app}.api")
        except ModuleNotFoundError:
            continue
        api.add_router(f"/{module.PREFIX}" if hasattr(module, "PREFIX") else f"/{app.split('.')[-1]}", module.router)


def _messages(exc: ValidationError):
    if hasattr(exc, "error_dict"):
        return {"detail": "输入有误", "errors": [{"field": f, "message": "；".join(m)} for f, m in exc.message_dict.items()]}
    return {"detail": "；".join(exc.messages)}


@api.exception_handler(OutOfScope)
@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "对象不存在或不在您的管理范围内"}, status=404)


@api.exception_handler(NotAllowed)
@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return api.create_response(request, {"detail": "您没有此操作的权限"}, status=403)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    return api.create_response(request, _messages(exc), status=400)


@api.exception_handler(SchemaError)
def schema_invalid(request, exc):
    errors = [{"field": ".".join(str(p) for p in e.get("loc", [])[1:]), "message": "格式不正确"} for e in exc.errors]
    return api.create_response(request, {"detail": "请求格式不正确", "errors": errors}, status=400)


@api.exception_handler(HttpError)
def http_error(request, exc):
    text = str(exc)
    if text.startswith("Cannot parse request body"):
        text = "请求体不是有效的 JSON"
    return api.create_response(request, {"detail": text}, status=exc.status_code)


@api.exception_handler(AuthenticationError)
def unauthorized(request, exc):
    return api.create_response(request, {"detail": "未登录或令牌无效、已过期"}, status=401)


def _public(patterns):
    """API views authenticate with bearer tokens, not sessions: exempt them from LoginRequiredMiddleware."""
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            _public(pattern.url_patterns)
        else:
            pattern.callback.login_required = False
    return patterns


api_urls = (_public(api.urls[0]), api.urls[1], api.urls[2])
