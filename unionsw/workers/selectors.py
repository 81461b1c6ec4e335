"""Reads of the registry. Every function starts from the scope filter."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from unionsw.core import crypto, idnumber
from unionsw.core.scope import scoped, visible_orgs

from .models import Document, FilingStatus, Worker


def worker_list_visible_to(user) -> QuerySet[Worker]:
    return scoped(Worker.objects.all(), user, org_field="org", self_field="user")


def worker_search(
    user,
    *,
    q: str = "",
    org_id: int | None = None,
    rank: str = "",
    status: str = "",
    employment_mode: str = "",
    filing_status: str = "",
    id_number: str = "",
) -> QuerySet[Worker]:
    qs = worker_list_visible_to(user).select_related("org")
    q = (q or "").strip()
    if q:
        ident = idnumber.normalize(q)
        if len(ident) == 18 and ident[:17].isdigit():
            qs = qs.filter(id_number_index=crypto.blind_index(ident, purpose="id_number"))
        else:
            qs = qs.filter(name__contains=q)
    if id_number:
        qs = qs.filter(id_number_index=crypto.blind_index(idnumber.normalize(id_number), purpose="id_number"))
    if org_id:
        org = visible_orgs(user).filter(pk=org_id).first()
        qs = qs.filter(org__path__startswith=org.path) if org else qs.none()
    if rank:
        qs = qs.filter(rank=rank)
    if status:
        qs = qs.filter(status=status)
    if employment_mode:
        qs = qs.filter(employment_mode=employment_mode)
    if filing_status:
        qs = qs.filter(filing_status=filing_status)
    return qs


def document_list_visible_to(user) -> QuerySet[Document]:
    return scoped(Document.objects.all(), user, org_field="worker__org", self_field="worker__user")


def headcount_summary(user) -> dict:
    """Dashboard figures for the user's scope. Province statistics count only filed, active workers
    (seed 000: 未向省总工会备案的…一概不纳入全省统一管理)."""
    qs = worker_list_visible_to(user).filter(status="active")
    totals = qs.aggregate(
        total=Count("id"),
        filed=Count("id", filter=Q(filing_status=FilingStatus.FILED)),
        unfiled=Count("id", filter=Q(filing_status=FilingStatus.UNFILED)),
    )
    by_rank = list(qs.filter(filing_status=FilingStatus.FILED).values("rank").annotate(n=Count("id")).order_by("rank"))
    return {"totals": totals, "by_rank": by_rank}


def headcount_by_child_org(user, parent) -> list[dict]:
    """Active workers under each child of `parent` (one query), split filed / unfiled."""
    children = list(visible_orgs(user).filter(parent=parent).order_by("sort", "id"))
    if not children:
        return []
    qs = worker_list_visible_to(user).filter(status="active", org__path__startswith=parent.path)
    rows = qs.values("org__path", "filing_status").annotate(n=Count("id"))
    result = {c.pk: {"org": c, "filed": 0, "unfiled": 0} for c in children}
    prefix = {c.path: c.pk for c in children}
    for row in rows:
        for path, pk in prefix.items():
            if row["org__path"].startswith(path):
                result[pk]["filed" if row["filing_status"] == FilingStatus.FILED else "unfiled"] += row["n"]
                break
    return list(result.values())
