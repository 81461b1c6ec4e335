from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from unionsw.core.scope import visible_orgs

from .models import Org, PolicyOverride, PolicyProfile
from .policy import POLICY_KEYS, display_value


def org_list_visible_to(user) -> QuerySet[Org]:
    return visible_orgs(user)


def org_tree(orgs: list[Org], open_ids: set[int] | None = None) -> list[dict]:
    """Nest a path-ordered list of orgs. Orgs whose parent is not in the list become roots,
    so a county admin's tree starts at the county. `open_ids` are expanded as well (e.g. the
    ancestors of the selected org)."""
    open_ids = open_ids or set()
    nodes = {o.pk: {"org": o, "children": [], "open": o.depth <= 2 or o.pk in open_ids} for o in orgs}
    roots = []
    for org in orgs:
        parent = nodes.get(org.parent_id)
        (parent["children"] if parent else roots).append(nodes[org.pk])
    for node in nodes.values():
        node["children"].sort(key=lambda n: (n["org"].sort, n["org"].pk))
    for node in roots:
        node["open"] = True
    return roots


def flatten_tree(roots: list[dict]) -> list[dict]:
    """The nested tree as a flat list of steps ("branch" opens a node with children, "leaf" is a node
    without, "close" ends the last open branch), so a template renders thousands of orgs in one loop
    instead of one recursive include per node."""
    steps: list[dict] = []
    stack = [(node, False) for node in reversed(roots)]
    while stack:
        node, closing = stack.pop()
        if closing:
            steps.append({"step": "close"})
        elif node["children"]:
            steps.append({"step": "branch", "org": node["org"], "open": node["open"]})
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(node["children"]))
        else:
            steps.append({"step": "leaf", "org": node["org"]})
    return steps


def children_of(org: Org, orgs: list[Org]) -> list[Org]:
    return sorted((o for o in orgs if o.parent_id == org.pk), key=lambda o: (o.sort, o.pk))


def active_worker_counts(user, org: Org, orgs: list[Org]) -> dict[int, int]:
    """Active workers in the subtree of `org` and of each of its children, visible to `user`:
    {org pk: count} for `org` and every child. One query whatever the number of rows."""
    from unionsw.workers.selectors import worker_list_visible_to

    rows = (
        worker_list_visible_to(user)
        .filter(status="active", org__path__startswith=org.path)
        .values("org__path")
        .annotate(n=Count("id"))
        .order_by()
    )
    heads = [org, *children_of(org, orgs)]
    counts = {o.pk: 0 for o in heads}
    for row in rows:
        for head in heads:
            if row["org__path"].startswith(head.path):
                counts[head.pk] += row["n"]
    return counts


def overrides_for(org: Org, orgs: list[Org]) -> list[dict]:
    """The overrides that touch `org`: those on its ancestors (inherited by it) and those on it or
    below it, each with the visible orgs that inherit it. One query."""
    chain = set(org.ancestor_ids())
    rows = list(PolicyOverride.objects.filter(Q(org__path__startswith=org.path) | Q(org_id__in=chain)).select_related("org"))
    result = []
    for ov in sorted(rows, key=lambda o: (o.org.path, o.key, o.effective_from)):
        inheritors = [o for o in orgs if o.path.startswith(ov.org.path)]
        result.append(
            {
                "override": ov,
                "label": POLICY_KEYS[ov.key][0] if ov.key in POLICY_KEYS else ov.key,
                "display": display_value(ov.key, ov.value),
                "inherited": ov.org_id in chain and ov.org_id != org.pk,
                "orgs": inheritors,
            }
        )
    return result


def profile_versions(code: str) -> list[PolicyProfile]:
    return list(PolicyProfile.objects.filter(code=code).order_by("effective_from"))


def latest_profiles() -> list[PolicyProfile]:
    """The newest version of every shipped profile, in a stable order."""
    latest: dict[str, PolicyProfile] = {}
    for p in PolicyProfile.objects.order_by("code", "effective_from"):
        latest[p.code] = p
    order = ["shandong", "jiangsu", "hebei", "beijing"]
    return sorted(latest.values(), key=lambda p: (order.index(p.code) if p.code in order else len(order), p.code))
