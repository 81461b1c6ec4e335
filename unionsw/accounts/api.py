import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth import authenticate
from django.utils import timezone
from ninja import Router, Schema
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
        return 401, {"detail": "用户名或密码错误，或账号已锁定"}
    if user.requires_otp:
        audit(by=user, action="auth.token", result="denied", detail={"reason": "otp_required"})
        return 401, {"detail": "该角色须使用动态口令，请通过网页登录"}
    if user.must_change_password:
        return 401, {"detail": "请先在网页上修改初始密码"}
    key = secrets.token_urlsafe(32)
    row = ApiToken.objects.create(
        user=user,
        key_hash=hashlib.sha256(key.encode()).hexdigest(),
        epoch=user.session_epoch,
        expires_at=timezone.now() + TOKEN_LIFETIME,
    )
    audit(by=user, action="auth.token")
    return {"token": key, "expires_at": row.expires_at.isoformat()}
