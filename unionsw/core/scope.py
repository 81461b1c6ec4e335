"""The one data-scope filter (SPEC §3).

Every selector starts here. `scoped(qs, user, ...)` narrows any queryset to the records the user's
roles may see: the union of each role's scope (ALL, ORG_AND_BELOW, ORG_ONLY, SELF). A role whose
scope cannot be resolved (an org-bound scope on a user without an org, SELF on a model that has no
owner) contributes nothing, so the default is to see nothing. Views load single objects through
the same filter, so a record outside scope is a 404, never a 403 that confirms it exists.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from unionsw.accounts.models import DataScope

NOTHING = Q(pk__in=[])


def scope_q(user, *, org_field: str | None = "org", self_field: str | None = None) -> Q:
    """The filter for `user`. `org_field` is the lookup path to the record's Org (e.g. "worker__org"),
    `self_field` the lookup path to the user who owns the record (e.g. "user", "worker__user")."""
    from unionsw.orgs.models import Org

    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOTHING
    q = NOTHING
    for role in user.role_list:
        scope = role.data_scope
        if scope == DataScope.ALL and org_field is not None:
            q |= Q(**{f"{org_field}__isnull": False})
        elif scope == DataScope.ORG_AND_BELOW and org_field is not None and user.org_id:
            q |= Q(**{f"{org_field}__in": Org.objects.filter(path__startswith=user.org.path).values("pk")})
        elif scope == DataScope.ORG_ONLY and org_field is not None and user.org_id:
            q |= Q(**{org_field: user.org_id})
        elif scope == DataScope.SELF and self_field is not None:
            q |= Q(**{self_field: user})
    return q


def scoped(qs: QuerySet, user, *, org_field: str | None = "org", self_field: str | None = None) -> QuerySet:
    return qs.filter(scope_q(user, org_field=org_field, self_field=self_field))


def visible_orgs(user) -> QuerySet:
    """Orgs the user may see (for trees, filters and pickers). SELF-only users see no org tree."""
    from unionsw.orgs.models import Org

    q = NOTHING
    if user is not None and getattr(user, "is_authenticated", False) and user.is_active:
        for role in user.role_list:
            if role.data_scope == DataScope.ALL:
                q |= Q(pk__isnull=False)
            elif role.data_scope == DataScope.ORG_AND_BELOW and user.org_id:
                q |= Q(path__startswith=user.org.path)
            elif role.data_scope == DataScope.ORG_ONLY and user.org_id:
                q |= Q(pk=user.org_id)
    return Org.objects.filter(q)


def org_in_scope(user, org) -> bool:
    return org is not None and visible_orgs(user).filter(pk=org.pk).exists()
