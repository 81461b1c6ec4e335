"""Login, logout and failed-login records: framework events, so they are caught by signals."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from unionsw.core.audit import audit
from unionsw.core.middleware import client_ip

from . import throttle
from .models import LoginRecord, User


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    request.session["epoch"] = user.session_epoch
    throttle.record_success(user.username, client_ip(request))
    LoginRecord.objects.create(
        username=user.username,
        user=user,
        ip=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
        success=True,
    )
    audit(by=user, action="auth.login", ip=client_ip(request))


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit(by=user, action="auth.logout", ip=client_ip(request))


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    username = (credentials or {}).get("username", "")[:150]
    ip = client_ip(request) if request is not None else ""
    locked = bool(getattr(request, "axes_locked_out", False))
    LoginRecord.objects.create(
        username=username,
        user=User.objects.filter(username=username).first() if username else None,
        ip=ip,
        success=False,
        reason="账号已锁定" if locked else "用户名或密码错误",
        user_agent=(request.META.get("HTTP_USER_AGENT", "")[:300] if request is not None else ""),
    )
    audit(
        by=None,
        actor_name=username,
        action="auth.login",
        result="denied" if locked else "failed",
        ip=ip,
        detail={"reason": "locked"} if locked else None,
    )
    if not locked:
        throttle.record_failure(username, ip)
    throttle.alarm_if_attacked(username)
