"""Session guard: ends sessions that were revoked, and holds a user at the password-change or
TOTP page until they have done what the policy requires."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils import timezone

EXEMPT_PREFIXES = ("/accounts/login", "/accounts/logout", "/static/", "/api/", "/portal/", "/healthz")


def password_expired(user) -> bool:
    if user.password_changed_at is None:
        return False
    return timezone.now() - user.password_changed_at > timedelta(days=settings.PASSWORD_EXPIRY_DAYS)


class SessionGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not request.path.startswith(EXEMPT_PREFIXES):
            if request.session.get("epoch") != user.session_epoch:
                logout(request)
                messages.warning(request, "您的登录已失效（账号被停用、密码或角色已变更，或被强制下线），请重新登录")
                return redirect(settings.LOGIN_URL)
            if user.requires_otp and not user.is_verified() and not request.path.startswith("/accounts/otp"):
                return redirect("accounts:otp")
            if (user.must_change_password or password_expired(user)) and not request.path.startswith(
                ("/accounts/password", "/accounts/otp")
            ):
                if not user.must_change_password:
                    messages.warning(request, f"密码已超过 {settings.PASSWORD_EXPIRY_DAYS} 天未修改，请修改密码")
                return redirect("accounts:password_change")
        return self.get_response(request)
