from __future__ import annotations

from django.db.models import QuerySet

from unionsw.core.scope import visible_orgs

from .models import Org


def org_list_visible_to(user) -> QuerySet[Org]:
    return visible_orgs(user)


def org_tree(orgs: list[Org]) -> list[dict]:
    """Nest a path-ordered list of orgs. Orgs whose parent is not in the list become roots,
    so a county admin's tree starts at the county."""
    nodes = {o.pk: {"org": o, "children": [], "open": o.depth <= 2} for o in orgs}
    roots = []
    for org in orgs:
        parent = nodes.get(org.parent_id)
        (parent["children"] if parent else roots).append(nodes[org.pk])
    for node in roots:
        node["open"] = True
    return roots
