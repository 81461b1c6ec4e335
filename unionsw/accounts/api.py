"""API authentication: `POST /api/v1/auth/token` trades a username and password for a bearer token.

A token is stored only as its SHA-256. It dies after TOKEN_LIFETIME, and with every session of its
user: disabling the account, changing the password or roles, or a forced logout raise the user's
`session_epoch`, and a token minted under an older epoch is refused. The token endpoint shares the
login page's defences: django-axes' per-account lockout and the per-IP failure throttle.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Field, Router, Schema, Status
from ninja.security import HttpBearer
from pydantic import ConfigDict, field_validator

from unionsw.core.audit import audit
from unionsw.core.middleware import client_ip
from unionsw.core.request_body import Strict

from . import throttle
from .middleware import password_expired
from .models import ApiToken
from .views import IP_WINDOW_SECONDS, _ip_key

TOKEN_LIFETIME = timedelta(hours=8)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _mint(user) -> tuple[str, ApiToken]:
    # tokens of a dead epoch or past their lifetime can never be used again: drop them
    ApiToken.objects.filter(user=user).exclude(epoch=user.session_epoch, expires_at__gte=timezone.now()).delete()
    key = secrets.token_urlsafe(32)
    row = ApiToken.objects.create(
        user=user, key_hash=_hash(key), epoch=user.session_epoch, expires_at=timezone.now() + TOKEN_LIFETIME
    )
    return key, row


def issue_token(user) -> str:
    """Mint a token for `user` bound to the user's current session epoch; returns the clear key."""
    return _mint(user)[0]


class BearerAuth(HttpBearer):
    def authenticate(self, request, token):
        if not token or len(token) > 200:
            return None
        row = ApiToken.objects.select_related("user", "user__org").filter(key_hash=_hash(token)).first()
        if row is None or row.expires_at < timezone.now():
            return None
        user = row.user
        if not user.is_active or row.epoch != user.session_epoch or user.must_change_password or password_expired(user):
            return None
        request.user = user
        request.api_token = row
        return user


router = Router(tags=["认证"])


class TokenIn(Strict):
    model_config = ConfigDict(extra="forbid")

    username: str = Field(..., max_length=150)
    password: str = Field(..., max_length=200)

    @field_validator("username", "password")
    @classmethod
    def _no_nul(cls, value: str) -> str:
        # as Django's form fields do; PostgreSQL cannot even look such a name up
        if "\x00" in value:
            raise ValueError(gettext("不能包含空字符"))
        return value


class TokenOut(Schema):
    token: str
    expires_at: str


class Message(Schema):
    detail: str


def _count_ip_failure(request) -> None:
    key = _ip_key(request)
    cache.add(key, 0, IP_WINDOW_SECONDS)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, IP_WINDOW_SECONDS)


@router.post(
    "/token",
    auth=None,
    response={200: TokenOut, 401: Message, 429: Message},
    summary="用用户名和密码换取令牌",
    url_name="auth_token",
)
def obtain_token(request, body: TokenIn):
    if cache.get(_ip_key(request), 0) >= settings.IP_FAILURE_LIMIT:
        audit(by=None, actor_name=body.username[:150], action="auth.token", result="denied", detail={"reason": "ip_throttled"})
        return Status(429, {"detail": gettext("该地址登录失败次数过多，请 15 分钟后再试")})
    wait = throttle.wait_seconds(body.username[:150], client_ip(request))
    if wait:
        audit(by=None, actor_name=body.username[:150], action="auth.token", result="denied", detail={"reason": "delayed"})
        return Status(429, {"detail": throttle.delay_message(wait)})
    # authenticate() goes through django-axes, so the API shares the login lockout
    user = authenticate(request, username=body.username, password=body.password)
    if getattr(request, "axes_locked_out", False):
        # answer in JSON here; otherwise AxesMiddleware would swap in the HTML login page
        request.axes_locked_out = False
        return Status(429, {"detail": gettext("连续登录失败次数过多，该账号在此地址已锁定 15 分钟，请稍后再试或联系安全管理员解锁")})
    if user is None:
        _count_ip_failure(request)
        return Status(401, {"detail": gettext("用户名或密码错误（连续失败 5 次将锁定 15 分钟）")})
    if user.requires_otp:
        audit(by=user, action="auth.token", result="denied", detail={"reason": "otp_required"})
        return Status(401, {"detail": gettext("该角色须使用动态口令，请通过网页登录")})
    if user.must_change_password or password_expired(user):
        return Status(401, {"detail": gettext("请先在网页上修改密码（初始密码或密码已过期）")})
    key, row = _mint(user)
    audit(by=user, action="auth.token")
    return {"token": key, "expires_at": row.expires_at.isoformat()}


class MeOut(Schema):
    username: str
    display_name: str
    org: str | None
    roles: list[str]
    permissions: list[str]


@router.get("/me", response=MeOut, summary="当前令牌对应的账号")
def me(request):
    user = request.auth
    return {
        "username": user.username,
        "display_name": user.display_name,
        "org": user.org.name if user.org_id else None,
        "roles": [r.code for r in user.role_list],
        "permissions": sorted(user.permission_codes),
    }


class TokenRow(Schema):
    id: int
    created_at: str
    expires_at: str
    last_used_at: str | None
    current: bool = Field(description="是否为本次请求所用的令牌")


@router.get("/tokens", response=list[TokenRow], summary="我的有效接口令牌", url_name="auth_tokens")
def token_list(request):
    from .selectors import token_list_live

    current = getattr(request, "api_token", None)
    return [
        {
            "id": t.pk,
            "created_at": t.created_at.isoformat(),
            "expires_at": t.expires_at.isoformat(),
            "last_used_at": t.last_used_at.isoformat() if t.last_used_at else None,
            "current": current is not None and t.pk == current.pk,
        }
        for t in token_list_live(request.auth)
    ]


@router.post("/tokens/{token_id}/revoke", response={204: None, 404: Message}, summary="吊销我的一个接口令牌", url_name="auth_token_revoke")
def token_revoke(request, token_id: int):
    from unionsw.core.errors import OutOfScope

    from .services import token_revoke as revoke

    try:
        revoke(by=request.auth, token_id=token_id)
    except OutOfScope as exc:
        return Status(404, {"detail": str(exc)})
    return Status(204, None)


@router.post("/logout", response={204: None}, summary="吊销本次请求所用的令牌（退出）", url_name="auth_logout")
def token_logout(request):
    from .services import token_revoke as revoke

    revoke(by=request.auth, token_id=request.api_token.pk)
    return Status(204, None)
