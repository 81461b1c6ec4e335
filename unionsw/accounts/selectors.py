"""Reads of accounts, roles and the login log. Every function starts from the scope filter."""

from __future__ import annotations

from datetime import date

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from unionsw.core.scope import scope_q, scoped, visible_orgs

from .models import ApiToken, LoginRecord, Role, User

ADMIN_VIEW = ("user.manage", "role.grant", "security.manage")


def user_list_visible_to(user) -> QuerySet[User]:
    """Accounts of the orgs in the actor's scope (accounts without an org are platform-level and
    visible to nobody here: they are made with createsuperuser-like commands)."""
    return scoped(User.objects.all(), user, org_field="org")


def token_list_live(user) -> QuerySet[ApiToken]:
    """The user's own API tokens that still work (current session epoch, not expired), newest first."""
    return ApiToken.objects.filter(user=user, epoch=user.session_epoch, expires_at__gte=timezone.now()).order_by("-created_at")


def user_search(user, *, q: str = "", org_id: int | None = None, role: str = "", active: str = "") -> QuerySet[User]:
    qs = user_list_visible_to(user).select_related("org").prefetch_related("roles").order_by("org__path", "username")
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(username__icontains=q) | Q(display_name__contains=q) | Q(org__name__contains=q))
    if org_id:
        org = visible_orgs(user).filter(pk=org_id).first()
        qs = qs.filter(org__path__startswith=org.path) if org else qs.none()
    if role == "__none__":
        qs = qs.filter(roles__isnull=True)
    elif role:
        qs = qs.filter(roles__code=role)
    if active in ("1", "0"):
        qs = qs.filter(is_active=active == "1")
    return qs.distinct()


def role_list() -> QuerySet[Role]:
    """Roles are platform-wide definitions (not org data), so every 安全管理员 sees all of them."""
    return Role.objects.order_by("id")


def locked_usernames(usernames=None) -> set[str]:
    """Usernames django-axes currently locks out from at least one address (AXES_FAILURE_LIMIT failures within the cool-off)."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    qs = AccessAttempt.objects.filter(attempt_time__gte=since)
    if usernames is not None:
        qs = qs.filter(username__in=list(usernames))
    # locks are per (username, address): an account is shown locked when any one address is locked out
    rows = (
        qs.values("username", "ip_address").annotate(n=Sum("failures_since_start")).filter(n__gte=settings.AXES_FAILURE_LIMIT)
    )
    return {r["username"] for r in rows}


def login_records_visible_to(user) -> QuerySet[LoginRecord]:
    """Login records of accounts in scope. Failures for usernames that match no account belong to
    no org: only an administrator whose scope includes a top-level org (the province) sees them."""
    q = scope_q(user, org_field="user__org")
    if visible_orgs(user).filter(parent__isnull=True).exists():
        q |= Q(user__isnull=True)
    return LoginRecord.objects.filter(q)


def login_record_search(
    user,
    *,
    username: str = "",
    ip: str = "",
    success: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[LoginRecord]:
    qs = login_records_visible_to(user).select_related("user", "user__org").order_by("-at", "-id")
    if username:
        qs = qs.filter(username__icontains=username.strip())
    if ip:
        qs = qs.filter(ip__startswith=ip.strip())
    if success in ("1", "0"):
        qs = qs.filter(success=success == "1")
    if date_from:
        qs = qs.filter(at__date__gte=date_from)
    if date_to:
        qs = qs.filter(at__date__lte=date_to)
    return qs
