from __future__ import annotations

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from unionsw.core.audit import audit
from unionsw.core.middleware import client_ip

from . import services

IP_WINDOW_SECONDS = 15 * 60


def _ip_key(request) -> str:
    return f"login-fail-ip:{client_ip(request)}"


def lockout_response(request, *args, **kwargs):
    """django-axes calls this when an account is locked (5 failures → 15 minutes)."""
    return render(
        request,
        "accounts/login.html",
        {
            "form": AuthenticationForm(request),
            "error": "连续登录失败次数过多，该账号已锁定 15 分钟，请稍后再试或联系安全管理员解锁",
        },
        status=429,
    )


class ChineseAuthenticationForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码错误（连续失败 5 次将锁定 15 分钟）",
        "inactive": "该账号已停用",
    }


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = ChineseAuthenticationForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        # per-IP throttle on top of axes' per-account lockout
        failures = cache.get(_ip_key(request), 0)
        if failures >= settings.IP_FAILURE_LIMIT:
            audit(
                by=None,
                actor_name=request.POST.get("username", "")[:150],
                action="auth.login",
                result="denied",
                detail={"reason": "ip_throttled"},
            )
            return render(
                request,
                self.template_name,
                {"form": self.get_form(), "error": "该地址登录失败次数过多，请 15 分钟后再试"},
                status=429,
            )
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        key = _ip_key(self.request)
        cache.add(key, 0, IP_WINDOW_SECONDS)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, IP_WINDOW_SECONDS)
        return super().form_invalid(form)


def logout_view(request):
    if request.method == "POST":
        auth_views.auth_logout(request)
        messages.info(request, "您已安全退出")
    return redirect(settings.LOGIN_URL)


def password_change(request):
    error = None
    if request.method == "POST":
        old = request.POST.get("old_password", "")
        new1 = request.POST.get("new_password1", "")
        new2 = request.POST.get("new_password2", "")
        if not request.user.check_password(old):
            error = "原密码不正确"
        elif new1 != new2:
            error = "两次输入的新密码不一致"
        else:
            try:
                services.password_change(by=request.user, user=request.user, new_password=new1, request=request)
            except ValidationError as exc:
                error = "；".join(exc.messages)
            else:
                messages.success(request, "密码已修改，其他设备上的登录已全部失效")
                return redirect("core:home")
    return render(
        request,
        "accounts/password_change.html",
        {
            "error": error,
            "forced": request.user.must_change_password,
            "help": "至少 8 位，包含大写字母、小写字母、数字、特殊字符中的至少 3 类",
        },
    )


def otp_view(request):
    """Verify a TOTP code; a user without a device enrols one here first (shown as a QR code)."""
    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    pending = None
    if device is None:
        pending = TOTPDevice.objects.filter(user=user, confirmed=False).first() or TOTPDevice.objects.create(
            user=user, name="默认", confirmed=False
        )
    error = None
    if request.method == "POST":
        token = request.POST.get("token", "").strip()
        candidate = device or pending
        if candidate.verify_token(token):
            if pending is not None:
                pending.confirmed = True
                pending.save(update_fields=["confirmed"])
                audit(by=user, action="auth.totp_enrol")
            otp_login(request, candidate)
            audit(by=user, action="auth.totp_verify")
            return redirect(request.GET.get("next") or "core:home")
        audit(by=user, action="auth.totp_verify", result="failed")
        error = "动态口令不正确或已过期"
    context = {"error": error, "enrol": pending is not None}
    if pending is not None:
        context["qr"] = segno.make(pending.config_url, error="m").svg_data_uri(scale=4)
        context["secret"] = _b32(pending.bin_key)
    return render(request, "accounts/otp.html", context)


def _b32(key: bytes) -> str:
    import base64

    return base64.b32encode(key).decode().rstrip("=")


def profile(request):
    user = request.user
    has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    return render(request, "accounts/profile.html", {"has_device": has_device})
