"""Careers API: eligibility with reasons, propose, approve."""

from __future__ import annotations

from datetime import date

from django.shortcuts import get_object_or_404
from ninja import Router, Schema  # noqa: F401

from unionsw.core.errors import NotAllowed

from . import selectors, services

router = Router(tags=["岗位等级晋升"])


class EligibilityOut(Schema):
    worker_id: int
    worker: str
    rank: str
    next_rank: str | None
    eligible: bool
    reasons: list[str]


@router.get("/eligibility", url_name="careers_eligibility", response=list[EligibilityOut], summary="晋升资格（逐项理由）")
def eligibility(request):
    if not request.user.can("promotion.view"):
        raise NotAllowed()
    return [
        {
            "worker_id": r["worker"].pk,
            "worker": r["worker"].name,
            "rank": r["worker"].rank,
            "next_rank": r["e"].next_rank,
            "eligible": r["e"].eligible,
            "reasons": [str(c.detail) for c in r["e"].checks],  # str(): translated (careers.rules.Reason)
        }
        for r in selectors.eligibility_rows(request.user)
    ]


@router.post("/workers/{worker_id}/propose", url_name="careers_propose", summary="县级提名晋升")
def propose(request, worker_id: int, override_reason: str = ""):
    """`override_reason`: only where the quota is a 原则上 rule and the caller holds policy.soft_override."""
    worker = get_object_or_404(selectors.workers_visible_to(request.user), pk=worker_id)
    p = services.promotion_propose(by=request.user, worker=worker, override_reason=override_reason)
    return {"id": p.pk, "to_rank": p.to_rank, "status": p.status}


@router.post("/promotions/{promotion_id}/decide", url_name="careers_decide", summary="审批晋升（批准时再次核定比例）")
def decide(
    request, promotion_id: int, approve: bool = False, effective_on: date | None = None, note: str = "", override_reason: str = ""
):
    p = get_object_or_404(selectors.promotions_visible_to(request.user), pk=promotion_id)
    if approve:
        p = services.promotion_approve(
            by=request.user, promotion=p, effective_on=effective_on, note=note, override_reason=override_reason
        )
    else:
        p = services.promotion_refuse(by=request.user, promotion=p, note=note)
    return {"id": p.pk, "status": p.status}


class QuotaOut(Schema):
    rank: str
    ratio: str | None
    headcount: int
    allowed: int | None
    held: int
    ok_to_add: bool
    text: str


@router.get("/quotas", url_name="careers_quotas", response=list[QuotaOut], summary="岗位等级比例控制（本级或指定组织）")
def quotas(request, org_id: int | None = None):
    from unionsw.core.errors import NotAllowed
    from unionsw.core.scope import visible_orgs

    if not request.user.can("promotion.view"):
        raise NotAllowed()
    org = get_object_or_404(visible_orgs(request.user), pk=org_id) if org_id else request.user.org
    if org is None:
        return []
    return [
        {
            "rank": q.rank,
            "ratio": None if q.ratio is None else str(q.ratio),
            "headcount": q.headcount,
            "allowed": q.allowed,
            "held": q.held,
            "ok_to_add": q.ok_to_add,
            "text": str(q.text),
        }
        for q in services.quota_table(org)
    ]
