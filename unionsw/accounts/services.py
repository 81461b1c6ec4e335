"""Account writes. Ending a user's sessions is done by raising `session_epoch`."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from unionsw.core.audit import audit
from unionsw.core.errors import NotAllowed

from .models import Role, User
from .permissions import separation_conflicts


def _end_sessions(user: User) -> None:
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    user.refresh_from_db(fields=["session_epoch"])


@transaction.atomic
def password_change(*, by: User, user: User, new_password: str, request=None) -> None:
    if by.pk != user.pk and not by.can("user.manage"):
        raise NotAllowed()
    validate_password(new_password, user)
    if user.check_password(new_password):
        raise ValidationError("新密码不能与原密码相同")
    user.set_password(new_password)
    user.password_changed_at = timezone.now()
    # an administrator's reset is an initial password again: the user must change it at next login
    user.must_change_password = by.pk != user.pk
    user.save(update_fields=["password", "password_changed_at", "must_change_password"])
    _end_sessions(user)
    if request is not None and by.pk == user.pk:
        request.session["epoch"] = user.session_epoch  # keep the session that made the change
    audit(by=by, action="user.password_change" if by.pk == user.pk else "user.password_reset", target=user)


@transaction.atomic
def user_set_roles(*, by: User, user: User, roles: list[Role]) -> None:
    """Grant roles (安全管理员). Refuses a combination that breaks 三员分立."""
    if not by.can("role.grant"):
        raise NotAllowed()
    if user.pk == by.pk:
        raise ValidationError("不能修改自己的角色")
    codes = {c for r in roles for c in r.permissions}
    conflicts = separation_conflicts(codes)
    if conflicts:
        raise ValidationError("三员分立：同一账号不能同时拥有" + "；".join(f"“{a}”和“{b}”" for a, b in conflicts))
    before = sorted(r.code for r in user.roles.all())
    user.roles.set(roles)
    _end_sessions(user)
    audit(by=by, action="user.roles", target=user, detail={"before": before, "after": sorted(r.code for r in roles)})


@transaction.atomic
def user_set_active(*, by: User, user: User, active: bool) -> None:
    if not by.can("user.manage"):
        raise NotAllowed()
    if user.pk == by.pk:
        raise ValidationError("不能停用自己的账号")
    user.is_active = active
    user.save(update_fields=["is_active"])
    _end_sessions(user)
    audit(by=by, action="user.enable" if active else "user.disable", target=user)


@transaction.atomic
def user_force_logout(*, by: User, user: User) -> None:
    if not (by.can("user.manage") or by.can("security.manage")):
        raise NotAllowed()
    _end_sessions(user)
    audit(by=by, action="user.force_logout", target=user)
