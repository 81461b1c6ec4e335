import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth import authenticate
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.security import HttpBearer

from unionsw.core.audit import audit

from .models import ApiToken

TOKEN_LIFETIME = timedelta(hours=8)


class BearerAuth(HttpBearer):
    def authenticate(self, request, token):
        if not token:
            return None
        row = (
            ApiToken.objects.select_related("user", "user__org")
            .filter(key_hash=hashlib.sha256(token.encode()).hexdigest())
            .first()
        )
        if row is None or row.expires_at < timezone.now():
            return None
        user = row.user
        if not user.is_active or row.epoch != user.session_epoch or user.must_change_password:
            return None
        request.user = user
        return user


def issue_token(user) -> str:
    """A new bearer token for `user`, bound to their current session epoch. Returns the key (shown once)."""
    key = secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=user,
        key_hash=hashlib.sha256(key.encode()).hexdigest(),
        epoch=user.session_epoch,
        expires_at=timezone.now() + TOKEN_LIFETIME,
    )
    return key


router = Router(tags=["认证"])


class TokenIn(Schema):
    username: str
    password: str


class TokenOut(Schema):
    token: str
    expires_at: str


class Message(Schema):
    detail: str


@router.post("/token", auth=None, response={200: TokenOut, 401: Message}, summary="用用户名和密码换取令牌")
def obtain_token(request, body: TokenIn):
    # authenticate() goes through django-axes, so the API shares the login lockout
    user = authenticate(request, username=body.username, password=body.password)
    if user is None:
        return Status(401, {"detail": "用户名或密码错误，或账号已锁定"})
    if user.requires_otp:
        audit(by=user, action="auth.token", result="denied", detail={"reason": "otp_required"})
        return Status(401, {"detail": "该角色须使用动态口令，请通过网页登录"})
    if user.must_change_password:
        return Status(401, {"detail": "请先在网页上修改初始密码"})
    key = issue_token(user)
    row = ApiToken.objects.get(key_hash=hashlib.sha256(key.encode()).hexdigest())
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
