"""The staffing-norm table of a county or city (seed 001): each unit's required / optional / current / gap."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from unionsw.core.scope import visible_orgs
from unionsw.orgs.models import OrgLevel
from unionsw.orgs.policy import effective_policy
from unionsw.workers.selectors import worker_list_visible_to

from . import rules
from .selectors import post_list_visible_to

SORTS = {
    "name": lambda r: r.unit.path,
    "unions": lambda r: -r.unit.union_count,
    "members": lambda r: -r.unit.member_count,
    "current": lambda r: -r.current,
    "gap": lambda r: -(r.gap or 0),
    "vacant": lambda r: -r.vacant,
}


@dataclass
class Row:
    unit: object
    norm: rules.Norm
    current: int
    posts: int
    vacant: int

    @property
    def gap(self) -> int | None:
        return self.norm.gap(self.current)


def staffing_table(user, root, *, sort: str = "name") -> dict:
    """Rows for every base-level unit under `root` visible to `user`, in a constant number of queries.
    The policy is the one in force at `root` (overrides set below it are not seen by this table)."""
    policy = effective_policy(root)
    in_tree = visible_orgs(user).filter(path__startswith=root.path, is_active=True)
    # every base-level unit, and any other unit under root that holds posts or workers (posts placed at a
    # county-level union or development zone were dropped before: a city with 108 posts showed 17)
    workers = dict(
        worker_list_visible_to(user)
        .filter(org__path__startswith=root.path, status="active")
        .values_list("org_id")
        .annotate(n=Count("id"))
    )
    posts = {
        row["unit_id"]: row
        for row in post_list_visible_to(user)
        .filter(unit__path__startswith=root.path, is_active=True)
        .values("unit_id")
        .annotate(total=Count("id"), vacant=Count("id", filter=Q(holder__isnull=True)))
    }
    units = list(
        in_tree.filter(Q(level=OrgLevel.TOWNSHIP) | Q(pk__in=set(posts) | set(workers))).order_by("path")
    )
    rows = [
        Row(
            unit=u,
            norm=rules.staffing_norm(u, policy),
            current=workers.get(u.pk, 0),
            posts=posts.get(u.pk, {}).get("total", 0),
            vacant=posts.get(u.pk, {}).get("vacant", 0),
        )
        for u in units
    ]
    rows.sort(key=SORTS.get(sort, SORTS["name"]))
    totals = {
        "units": len(rows),
        "required_units": sum(1 for r in rows if r.norm.status == "required"),
        "optional_units": sum(1 for r in rows if r.norm.status == "optional"),
        "minimum": sum((r.norm.target or r.norm.minimum or 0) for r in rows if r.norm.status == "required"),
        "maximum": sum((r.norm.maximum or 0) for r in rows if r.norm.status != "unset"),
        "current": sum(r.current for r in rows),
        "gap": sum(r.gap for r in rows if r.gap and r.gap > 0),
        "posts": sum(r.posts for r in rows),
        "vacant": sum(r.vacant for r in rows),
    }
    return {
        "rows": rows,
        "totals": totals,
        "policy": policy,
        "norm_value": policy.values.get("staffing_norm"),
        "target": policy.values.get("province_target_headcount"),
    }


def province_total(user, province) -> dict:
    """The province's active workers against its target (Jiangsu seed 001: 3000 左右); None target = 未规定."""
    policy = effective_policy(province)
    active = worker_list_visible_to(user).filter(org__path__startswith=province.path, status="active").count()
    target = policy.get("province_target_headcount")
    return {
        "active": active,
        "target": target,
        "source": policy.values.get("province_target_headcount"),
        "percent": round(active * 100 / target) if target else None,
    }
