"""Session guard: ends sessions that were revoked, and holds a user at the password-change or
TOTP page until they have done what the policy requires."""

from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
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
                # a query flag rather than a message: this middleware runs before MessageMiddleware
                return redirect(resolve_url(settings.LOGIN_URL) + "?ended=1")
            if user.requires_otp and not user.is_verified() and not request.path.startswith("/accounts/otp"):
                if request.method == "GET" and request.path != "/":
                    return redirect(reverse("accounts:otp") + "?" + urlencode({"next": request.get_full_path()}))
                return redirect("accounts:otp")
            if (user.must_change_password or password_expired(user)) and not request.path.startswith(
                ("/accounts/password", "/accounts/otp")
            ):
                return redirect("accounts:password_change")
        return self.get_response(request)
