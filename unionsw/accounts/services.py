"""Account writes. Ending a user's sessions is done by raising `session_epoch` (the session guard
and the API's bearer auth both compare it), so every write that changes what a user may do ends
their sessions and API tokens."""

from __future__ import annotations

import re

from axes.utils import reset as axes_reset
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from unionsw.core.audit import audit
from unionsw.core.errors import NotAllowed, OutOfScope
from unionsw.core.scope import org_in_scope

from .models import DataScope, Role, User
from .permissions import SEPARATED, all_permissions, separation_conflicts
from .roles import BUILTIN_ROLES

USERNAME_RE = re.compile(r"^[A-Za-z0-9_.@-]{3,150}$")
ROLE_CODE_RE = re.compile(r"^[a-z][a-z0-9_]{1,31}$")
BUILTIN_CODES = frozenset(spec["code"] for spec in BUILTIN_ROLES)
# Roles carrying any of these are administrator roles: SPEC §14 requires TOTP for them.
ADMIN_PERMISSIONS = frozenset(code for pair in SEPARATED for code in pair) | {"security.manage"}


def _end_sessions(user: User) -> None:
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    user.refresh_from_db(fields=["session_epoch"])


SEPARATED_TARGET = {"security.manage", "audit.view"}


def _check_target(by: User, user: User) -> None:
    """The acting administrator may only touch accounts of orgs in their data scope."""
    if user.org_id is None or not org_in_scope(by, user.org):
        raise OutOfScope(_("账号不存在或不在您的管理范围内"))


def _separation_message(conflicts) -> str:
    labels = all_permissions()
    pairs = _("；").join(_("“%(a)s”和“%(b)s”") % {"a": _(labels.get(a, a)), "b": _(labels.get(b, b))} for a, b in conflicts)
    return _("三员分立：同一账号不能同时拥有%(pairs)s") % {"pairs": pairs}


@transaction.atomic
def password_change(*, by: User, user: User, new_password: str, request=None) -> None:
    """A user's own change, or an administrator's reset (which makes it an initial password again)."""
    if by.pk != user.pk:
        # 三员分立 (issue 11): the security admin's and the auditor's passwords are reset only by a
        # security admin — another one for a security admin — never by the system admin, who could
        # otherwise reset them and sign in as them
        if SEPARATED_TARGET & set(user.permission_codes):
            if not by.can("security.manage"):
                raise NotAllowed(_("三员分立：安全管理员和安全审计员的密码只能由（另一名）安全管理员重置"))
        elif not by.can("user.manage"):
            raise NotAllowed()
        _check_target(by, user)
    validate_password(new_password, user)
    if user.check_password(new_password):
        raise ValidationError(_("新密码不能与原密码相同"))
    user.set_password(new_password)
    user.password_changed_at = timezone.now()
    # an administrator's reset is an initial password again: the user must change it at next login
    user.must_change_password = by.pk != user.pk
    user.save(update_fields=["password", "password_changed_at", "must_change_password"])
    _end_sessions(user)
    if request is not None and by.pk == user.pk:
        # keep the session that made the change: new password hash, current epoch
        update_session_auth_hash(request, user)
        request.session["epoch"] = user.session_epoch
    audit(by=by, action="user.password_change" if by.pk == user.pk else "user.password_reset", target=user)


@transaction.atomic
def user_create(*, by: User, username: str, display_name: str, org, password: str) -> User:
    """系统管理员 opens an account with an initial password; it carries no role until the
    安全管理员 grants one (三员分立), and must change the password at first login."""
    if not by.can("user.manage"):
        raise NotAllowed()
    username = (username or "").strip()
    display_name = (display_name or "").strip()
    errors: dict[str, list[str]] = {}
    if not USERNAME_RE.match(username):
        errors["username"] = [_("用户名为 3–150 位字母、数字或 _ . @ -")]
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = [_("用户名“%(username)s”已被使用") % {"username": username}]
    if not display_name:
        errors["display_name"] = [_("请填写姓名")]
    elif len(display_name) > 50:
        errors["display_name"] = [_("姓名不超过 50 个字")]
    if org is None:
        errors["org"] = [_("请选择所属组织")]
    elif not org_in_scope(by, org):
        raise OutOfScope(_("所属组织不存在或不在您的管理范围内"))
    try:
        validate_password(password, User(username=username, display_name=display_name))
    except ValidationError as exc:
        errors["password"] = exc.messages
    if errors:
        raise ValidationError(errors)
    user = User(username=username, display_name=display_name, org=org, must_change_password=True)
    user.set_password(password)
    user.password_changed_at = timezone.now()
    user.save()
    audit(by=by, action="user.create", target=user, detail={"org": org.name})
    return user


@transaction.atomic
def user_update(*, by: User, user: User, display_name: str, org) -> None:
    if not by.can("user.manage"):
        raise NotAllowed()
    _check_target(by, user)
    display_name = (display_name or "").strip()
    if not display_name:
        raise ValidationError({"display_name": [_("请填写姓名")]})
    if len(display_name) > 50:
        raise ValidationError({"display_name": [_("姓名不超过 50 个字")]})
    if org is None:
        raise ValidationError({"org": [_("请选择所属组织")]})
    if not org_in_scope(by, org):
        raise OutOfScope(_("所属组织不存在或不在您的管理范围内"))
    before = {"display_name": user.display_name, "org": user.org.name if user.org else ""}
    moved = org.pk != user.org_id
    user.display_name = display_name
    user.org = org
    user.save(update_fields=["display_name", "org"])
    if moved:
        _end_sessions(user)  # the data scope follows the org: the old sessions saw another scope
    audit(
        by=by,
        action="user.update",
        target=user,
        detail={"before": before, "after": {"display_name": display_name, "org": org.name}},
    )


@transaction.atomic
def user_set_roles(*, by: User, user: User, roles: list[Role]) -> None:
    """Grant roles (安全管理员). Refuses a combination that breaks 三员分立."""
    if not by.can("role.grant"):
        raise NotAllowed()
    _check_target(by, user)
    if user.pk == by.pk:
        raise ValidationError(_("不能修改自己的角色"))
    codes = {c for r in roles for c in r.permissions}
    conflicts = separation_conflicts(codes)
    if conflicts:
        raise ValidationError(_separation_message(conflicts))
    before = sorted(r.code for r in user.roles.all())
    user.roles.set(roles)
    _end_sessions(user)
    audit(by=by, action="user.roles", target=user, detail={"before": before, "after": sorted(r.code for r in roles)})


@transaction.atomic
def user_set_active(*, by: User, user: User, active: bool) -> None:
    if not by.can("user.manage"):
        raise NotAllowed()
    _check_target(by, user)
    if user.pk == by.pk:
        raise ValidationError(_("不能停用自己的账号"))
    user.is_active = active
    user.save(update_fields=["is_active"])
    _end_sessions(user)
    audit(by=by, action="user.enable" if active else "user.disable", target=user)


@transaction.atomic
def user_force_logout(*, by: User, user: User) -> None:
    if not (by.can("user.manage") or by.can("security.manage")):
        raise NotAllowed()
    _check_target(by, user)
    _end_sessions(user)
    audit(by=by, action="user.force_logout", target=user)


@transaction.atomic
def user_logout_everywhere(*, by: User) -> None:
    """The user ends every session of theirs, on every device, and every API token (退出所有设备)."""
    _end_sessions(by)
    audit(by=by, action="user.logout_everywhere", target=by)


@transaction.atomic
def token_revoke(*, by: User, token_id: int) -> None:
    """Revoke one of the user's own API tokens; another user's token is not theirs to see (OutOfScope → 404)."""
    from .models import ApiToken

    deleted, _count = ApiToken.objects.filter(pk=token_id, user=by).delete()
    if not deleted:
        raise OutOfScope(_("令牌不存在或已失效"))
    audit(by=by, action="auth.token_revoke", target=by, detail={"token": token_id})


@transaction.atomic
def user_unlock(*, by: User, user: User) -> int:
    """Lift a django-axes lockout before its 15 minutes are over (安全管理员)."""
    if not by.can("security.manage"):
        raise NotAllowed()
    _check_target(by, user)
    removed = axes_reset(username=user.username)
    from . import throttle

    throttle.reset(user.username)
    audit(by=by, action="user.unlock", target=user, detail={"attempts_cleared": removed})
    return removed


def _validate_role(*, name: str, data_scope: str, permissions: list[str], description: str) -> dict:
    errors: dict[str, list[str]] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = [_("请填写角色名称")]
    elif len(name) > 50:
        errors["name"] = [_("名称不超过 50 个字")]
    if data_scope not in DataScope.values:
        errors["data_scope"] = [_("请选择数据范围")]
    known = all_permissions()
    unknown = [c for c in permissions if c not in known]
    if unknown:
        errors["permissions"] = [_("未知的权限：%(codes)s") % {"codes": _("、").join(unknown)}]
    elif not permissions:
        errors["permissions"] = [_("请至少选择一项权限")]
    else:
        conflicts = separation_conflicts(set(permissions))
        if conflicts:
            errors["permissions"] = [_separation_message(conflicts)]
    if len(description or "") > 200:
        errors["description"] = [_("说明不超过 200 个字")]
    if errors:
        raise ValidationError(errors)
    return {
        "name": name,
        "data_scope": data_scope,
        "permissions": sorted(set(permissions)),
        "description": (description or "").strip(),
        # SPEC §14: TOTP for administrators — any role with an administrator permission requires it
        "requires_otp": bool(ADMIN_PERMISSIONS & set(permissions)),
    }


@transaction.atomic
def role_create(*, by: User, code: str, name: str, data_scope: str, permissions: list[str], description: str = "") -> Role:
    if not by.can("role.grant"):
        raise NotAllowed()
    code = (code or "").strip()
    try:
        fields = _validate_role(name=name, data_scope=data_scope, permissions=permissions, description=description)
    except ValidationError as exc:
        errors = exc.message_dict
    else:
        errors = {}
    if not ROLE_CODE_RE.match(code):
        errors["code"] = [_("代码为 2–32 位小写字母、数字或下划线，以字母开头")]
    elif Role.objects.filter(code=code).exists():
        errors["code"] = [_("代码“%(code)s”已被使用") % {"code": code}]
    if errors:
        raise ValidationError(errors)
    role = Role.objects.create(code=code, **fields)
    audit(by=by, action="role.create", target=role, detail={"data_scope": role.data_scope, "permissions": role.permissions})
    return role


@transaction.atomic
def role_update(*, by: User, role: Role, name: str, data_scope: str, permissions: list[str], description: str = "") -> None:
    """Edit a custom role. Built-in roles are defined in code (roles.py) and re-created on deploy,
    so they are read-only here. Refused if a holder of the role would then break 三员分立."""
    if not by.can("role.grant"):
        raise NotAllowed()
    if role.code in BUILTIN_CODES:
        raise ValidationError(_("内置角色由系统维护，不能修改；请新建自定义角色"))
    fields = _validate_role(name=name, data_scope=data_scope, permissions=permissions, description=description)
    role = Role.objects.select_for_update().get(pk=role.pk)
    holders = list(User.objects.filter(roles=role).prefetch_related("roles"))
    for holder in holders:
        codes = {c for r in holder.roles.all() if r.pk != role.pk for c in r.permissions} | set(fields["permissions"])
        conflicts = separation_conflicts(codes)
        if conflicts:
            raise ValidationError(
                _("账号“%(user)s”也持有其他角色，修改后将违反%(rule)s") % {"user": holder, "rule": _separation_message(conflicts)}
            )
    before = {"name": role.name, "data_scope": role.data_scope, "permissions": role.permissions}
    for key, value in fields.items():
        setattr(role, key, value)
    role.save()
    for holder in holders:
        _end_sessions(holder)  # what they may see and do changed: they log in again under the new role
    audit(
        by=by,
        action="role.update",
        target=role,
        detail={"before": before, "after": {k: fields[k] for k in ("name", "data_scope", "permissions")}},
    )
