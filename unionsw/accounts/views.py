from __future__ import annotations

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, gettext_lazy, gettext_noop
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from unionsw.core.audit import audit
from unionsw.core.decorators import permission_required
from unionsw.core.errors import OutOfScope
from unionsw.core.middleware import client_ip
from unionsw.core.scope import visible_orgs
from unionsw.core.view_errors import attach_to_form as _attach
from unionsw.orgs.models import OrgLevel

from . import forms, selectors, services, throttle
from .middleware import password_expired
from .models import LoginRecord
from .permissions import all_permissions

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
            "error": gettext("连续登录失败次数过多，该账号在此地址已锁定 15 分钟，请稍后再试或联系安全管理员解锁"),
        },
        status=429,
    )


class ChineseAuthenticationForm(AuthenticationForm):
    error_messages = {
        "invalid_login": gettext_lazy("用户名或密码错误（连续失败 5 次将锁定 15 分钟）"),
        "inactive": gettext_lazy("该账号已停用"),
    }


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = ChineseAuthenticationForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.GET.get("ended") and "error" not in context:
            context["notice"] = gettext("您的登录已失效（账号被停用、密码或角色已变更，或被强制下线），请重新登录")
        return context

    def post(self, request, *args, **kwargs):
        # progressive delay per (account, address), then the per-IP throttle, then axes' lockout of the pair
        username = request.POST.get("username", "")[:150]
        wait = throttle.wait_seconds(username, client_ip(request))
        if wait:
            audit(by=None, actor_name=username, action="auth.login", result="denied", detail={"reason": "delayed", "wait": wait})
            response = render(
                request, self.template_name, {"form": self.get_form(), "error": throttle.delay_message(wait)}, status=429
            )
            response["Retry-After"] = str(wait)
            return response
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
                {"form": self.get_form(), "error": gettext("该地址登录失败次数过多，请 15 分钟后再试")},
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
        messages.info(request, gettext("您已安全退出"))
    return redirect(settings.LOGIN_URL)


def password_change(request):
    error = None
    if request.method == "POST":
        old = request.POST.get("old_password", "")
        new1 = request.POST.get("new_password1", "")
        new2 = request.POST.get("new_password2", "")
        if not request.user.check_password(old):
            error = gettext("原密码不正确")
        elif new1 != new2:
            error = gettext("两次输入的新密码不一致")
        else:
            try:
                services.password_change(by=request.user, user=request.user, new_password=new1, request=request)
            except ValidationError as exc:
                error = gettext("；").join(exc.messages)
            else:
                messages.success(request, gettext("密码已修改，其他设备上的登录已全部失效"))
                return redirect("core:home")
    return render(
        request,
        "accounts/password_change.html",
        {
            "error": error,
            "forced": request.user.must_change_password,
            "expired": not request.user.must_change_password and password_expired(request.user),
            "expiry_days": settings.PASSWORD_EXPIRY_DAYS,
            "help": gettext("至少 8 位，包含大写字母、小写字母、数字、特殊字符中的至少 3 类"),
        },
    )


def otp_view(request):
    """Verify a TOTP code; a user without a device enrols one here first (shown as a QR code)."""
    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    pending = None
    if device is None:
        pending = TOTPDevice.objects.filter(user=user, confirmed=False).first() or TOTPDevice.objects.create(
            user=user, name="默认", confirmed=False  # stored device name
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
            target = request.GET.get("next", "")
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
                target = "core:home"  # never bounce a freshly verified administrator to another site
            return redirect(target)
        audit(by=user, action="auth.totp_verify", result="failed")
        error = gettext("动态口令不正确或已过期")
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
    tokens = list(selectors.token_list_live(user))
    return render(request, "accounts/profile.html", {"has_device": has_device, "tokens": tokens})


def token_revoke(request, pk):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.token_revoke(by=request.user, token_id=pk)
    except OutOfScope as exc:
        raise Http404(str(exc)) from None
    messages.success(request, gettext("接口令牌已吊销，使用它的程序须重新获取令牌"))
    return redirect("accounts:profile")


def logout_everywhere(request):
    """退出所有设备: every session of the user (this one included) and every API token end."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.user_logout_everywhere(by=request.user)
    auth_views.auth_logout(request)
    messages.info(request, gettext("已退出所有设备，全部接口令牌同时失效"))
    return redirect(settings.LOGIN_URL)


# ---------------------------------------------------------------------------------------------
# 账号管理 (系统管理员), 角色授权 (安全管理员), 登录日志 (安全管理员)
# Object routes load through the scoped selector first (outside scope → 404), then check the
# permission (read-only → 403).

PAGE_SIZE = 20


def _require_any(user, *codes: str) -> None:
    if not any(user.can(c) for c in codes):
        raise PermissionDenied(gettext("您没有此操作的权限"))


def _load_user(request, pk):
    return get_object_or_404(selectors.user_list_visible_to(request.user).select_related("org"), pk=pk)


def user_list(request):
    _require_any(request.user, *selectors.ADMIN_VIEW)
    f = {k: request.GET.get(k, "").strip() for k in ("q", "org", "role", "active")}
    qs = selectors.user_search(
        request.user, q=f["q"], org_id=int(f["org"]) if f["org"].isdigit() else None, role=f["role"], active=f["active"]
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    locked = selectors.locked_usernames(u.username for u in page)
    context = {
        "page": page,
        "f": f,
        "locked": locked,
        # townships are many: they are found through the keyword box (it matches org names)
        "orgs": list(visible_orgs(request.user).filter(level__lte=OrgLevel.COUNTY).order_by("path")),
        "roles": list(selectors.role_list()),
    }
    return render(request, "accounts/user_list.html", context)


@permission_required("user.manage")
def user_create(request):
    form = forms.UserCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_create(
                by=request.user,
                username=data["username"],
                display_name=data["display_name"],
                org=data["org"],
                password=data["password1"],
            )
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(
                request,
                gettext("已新增账号 %(username)s；请通知本人用初始密码登录并修改密码，角色由安全管理员授予") % {"username": user.username},
            )
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/form.html", {"form": form, "title": gettext("新增账号"), "back": reverse("accounts:users")})


def user_detail(request, pk):
    target = _load_user(request, pk)
    _require_any(request.user, *selectors.ADMIN_VIEW)
    logins = LoginRecord.objects.filter(user=target).order_by("-id")[:10]
    return render(
        request,
        "accounts/user_detail.html",
        {
            "target": target,
            "target_roles": list(target.roles.all()),
            "locked": target.username in selectors.locked_usernames([target.username]),
            "logins": logins,
            "has_device": TOTPDevice.objects.filter(user=target, confirmed=True).exists(),
        },
    )


def user_edit(request, pk):
    target = _load_user(request, pk)
    if not request.user.can("user.manage"):
        raise PermissionDenied(gettext("您没有此操作的权限"))
    if request.method == "POST":
        form = forms.UserEditForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.user_update(
                    by=request.user, user=target, display_name=form.cleaned_data["display_name"], org=form.cleaned_data["org"]
                )
            except OutOfScope:
                raise Http404 from None
            except ValidationError as exc:
                _attach(form, exc)
            else:
                messages.success(request, gettext("账号信息已保存"))
                return redirect("accounts:user_detail", pk=target.pk)
    else:
        form = forms.UserEditForm(initial={"display_name": target.display_name, "org": target.org_id}, user=request.user)
    back = reverse("accounts:user_detail", kwargs={"pk": target.pk})
    return render(request, "accounts/form.html", {"form": form, "title": gettext("修改账号：%(username)s") % {"username": target.username}, "back": back})


def user_password_reset(request, pk):
    target = _load_user(request, pk)
    if not (request.user.can("user.manage") or request.user.can("security.manage")):
        raise PermissionDenied(gettext("您没有此操作的权限"))
    form = forms.PasswordResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_change(by=request.user, user=target, new_password=form.cleaned_data["password1"])
        except ValidationError as exc:
            form.add_error("password1", exc.messages)
        else:
            messages.success(
                request, gettext("%(username)s 的密码已重置为初始密码，其登录已全部失效，下次登录须修改密码") % {"username": target.username}
            )
            return redirect("accounts:user_detail", pk=target.pk)
    back = reverse("accounts:user_detail", kwargs={"pk": target.pk})
    return render(request, "accounts/form.html", {"form": form, "title": gettext("重置密码：%(username)s") % {"username": target.username}, "back": back})


def _post_action(request, pk, code_any: tuple[str, ...], action, done: str):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    target = _load_user(request, pk)
    _require_any(request.user, *code_any)
    try:
        action(target)
    except ValidationError as exc:
        messages.error(request, gettext("；").join(exc.messages))
    else:
        messages.success(request, gettext(done) % {"user": target.username})
    return redirect("accounts:user_detail", pk=target.pk)


def user_set_active(request, pk):
    active = request.POST.get("active") == "1"
    return _post_action(
        request,
        pk,
        ("user.manage",),
        lambda u: services.user_set_active(by=request.user, user=u, active=active),
        gettext_noop("已启用账号 %(user)s") if active else gettext_noop("已停用账号 %(user)s，其登录已全部失效"),
    )


def user_force_logout(request, pk):
    return _post_action(
        request,
        pk,
        ("user.manage", "security.manage"),
        lambda u: services.user_force_logout(by=request.user, user=u),
        gettext_noop("已强制 %(user)s 下线"),
    )


def user_unlock(request, pk):
    return _post_action(
        request, pk, ("security.manage",), lambda u: services.user_unlock(by=request.user, user=u), gettext_noop("已解除 %(user)s 的登录锁定")
    )


def user_roles(request, pk):
    target = _load_user(request, pk)
    if not request.user.can("role.grant"):
        raise PermissionDenied(gettext("您没有此操作的权限"))
    if request.method == "POST":
        form = forms.UserRolesForm(request.POST)
        if form.is_valid():
            try:
                services.user_set_roles(by=request.user, user=target, roles=list(form.cleaned_data["roles"]))
            except ValidationError as exc:
                _attach(form, exc)
            else:
                messages.success(request, gettext("%(username)s 的角色已更新，其登录已失效，重新登录后生效") % {"username": target.username})
                return redirect("accounts:user_detail", pk=target.pk)
    else:
        form = forms.UserRolesForm(initial={"roles": list(target.roles.all())})
    return render(
        request, "accounts/user_roles.html", {"form": form, "target": target, "self_edit": target.pk == request.user.pk}
    )


@permission_required("role.grant")
def role_list(request):
    labels = all_permissions()
    roles = [
        {"role": r, "permissions": [gettext(labels.get(c, c)) for c in r.permissions], "builtin": r.code in services.BUILTIN_CODES}
        for r in selectors.role_list().annotate(holders=Count("users"))
    ]
    return render(request, "accounts/role_list.html", {"roles": roles})


@permission_required("role.grant")
def role_create(request):
    form = forms.RoleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            role = services.role_create(
                by=request.user,
                code=data["code"],
                name=data["name"],
                data_scope=data["data_scope"],
                permissions=data["permissions"],
                description=data["description"],
            )
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(request, gettext("已新增角色 %(name)s") % {"name": role.name})
            return redirect("accounts:roles")
    return render(request, "accounts/role_form.html", {"form": form, "title": gettext("新增角色")})


@permission_required("role.grant")
def role_edit(request, pk):
    role = get_object_or_404(selectors.role_list(), pk=pk)
    if request.method == "POST":
        form = forms.RoleForm(request.POST, editing=True)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.role_update(
                    by=request.user,
                    role=role,
                    name=data["name"],
                    data_scope=data["data_scope"],
                    permissions=data["permissions"],
                    description=data["description"],
                )
            except ValidationError as exc:
                _attach(form, exc)
            else:
                messages.success(request, gettext("角色 %(name)s 已保存，持有该角色的账号须重新登录") % {"name": data["name"]})
                return redirect("accounts:roles")
    else:
        form = forms.RoleForm(
            editing=True,
            initial={
                "name": role.name,
                "data_scope": role.data_scope,
                "description": role.description,
                "permissions": role.permissions,
            },
        )
    return render(
        request,
        "accounts/role_form.html",
        {"form": form, "title": gettext("修改角色：%(name)s") % {"name": role.name}, "role": role, "builtin": role.code in services.BUILTIN_CODES},
    )


@permission_required("security.manage")
def login_log(request):
    form = forms.LoginLogFilter(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = selectors.login_record_search(
        request.user,
        username=data.get("username") or "",
        ip=data.get("ip") or "",
        success=data.get("success") or "",
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/login_log.html", {"form": form, "page": page})
