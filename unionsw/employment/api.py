"""/api/v1/employment/: posts, contracts, alerts and the main actions — the same services and scope as the pages."""

from __future__ import annotations

from datetime import date

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Router, Schema, Status

from unionsw.core import parsing
from unionsw.core.request_body import Strict, documented_body, parse_body
from unionsw.workers.selectors import worker_list_visible_to

from . import alerts as alert_registry
from . import selectors, services
from .models import Contract, Post

router = Router(tags=["岗位与合同"])


def _need(request, code: str) -> None:
    from unionsw.core.errors import NotAllowed

    if not request.user.can(code):
        raise NotAllowed()


class PostOut(Schema):
    id: int
    unit: str
    kind: str
    rank_band: str
    holder_id: int | None
    holder: str | None
    held_since: date | None
    vacant: bool


def _post_out(p: Post) -> dict:
    return {
        "id": p.pk,
        "unit": p.unit.name,
        "kind": p.kind.name,
        "rank_band": p.rank_band,
        "holder_id": p.holder_id,
        "holder": p.holder.name if p.holder_id else None,
        "held_since": p.held_since,
        "vacant": p.holder_id is None,
    }


class ContractOut(Schema):
    id: int
    worker_id: int
    worker: str
    kind: str
    term_type: str
    employer: str
    starts_on: date
    ends_on: date | None
    sign_deadline: date | None
    signed_on: date | None
    status: str
    closed_on: date | None
    ground: str


def _contract_out(c: Contract) -> dict:
    return {
        "id": c.pk,
        "worker_id": c.worker_id,
        "worker": c.worker.name,
        "kind": c.kind,
        "term_type": c.term_type,
        "employer": c.employer,
        "starts_on": c.starts_on,
        "ends_on": c.ends_on,
        "sign_deadline": c.sign_deadline,
        "signed_on": c.signed_on,
        "status": c.status,
        "closed_on": c.closed_on,
        "ground": c.ground,
    }


class AlertOut(Schema):
    kind: str
    level: str
    worker_id: int
    worker: str
    org: str
    title: str
    detail: str
    due: date | None


@router.get("/posts", response=list[PostOut], summary="岗位列表（vacant=1 只看空缺）", url_name="employment_posts")
def post_list(request, vacant: str = "", org: int | None = None):
    _need(request, "post.view")
    return [_post_out(p) for p in selectors.post_search(request.user, org_id=org, vacant=vacant)[:500]]


@router.get("/posts/{pk}", response=PostOut, summary="岗位详情", url_name="employment_post_detail")
def post_detail(request, pk: int):
    _need(request, "post.view")
    return _post_out(
        get_object_or_404(selectors.post_list_visible_to(request.user).select_related("unit", "kind", "holder"), pk=pk)
    )


class FillIn(Strict):
    worker_id: int
    on: date
    reason: str


@router.post(
    "/posts/{pk}/fill",
    response=PostOut,
    summary="安排到岗",
    url_name="employment_post_fill",
    openapi_extra=documented_body(FillIn),
)
def post_fill(request, pk: int):
    post = get_object_or_404(selectors.post_list_visible_to(request.user).select_related("unit", "kind"), pk=pk)
    body = parse_body(request, FillIn)
    worker = get_object_or_404(worker_list_visible_to(request.user), pk=body.worker_id)
    services.post_fill(by=request.user, post=post, worker=worker, on=body.on, reason=body.reason)
    post.refresh_from_db()
    return _post_out(post)


class TransferIn(Strict):
    worker_id: int
    on: date
    reason: str
    kind: str = "transfer"


@router.post(
    "/posts/{pk}/transfer",
    response=PostOut,
    summary="调动 / 轮岗交流到本岗位",
    url_name="employment_post_transfer",
    openapi_extra=documented_body(TransferIn),
)
def post_transfer(request, pk: int):
    post = get_object_or_404(selectors.post_list_visible_to(request.user).select_related("unit", "kind"), pk=pk)
    body = parse_body(request, TransferIn)
    worker = get_object_or_404(worker_list_visible_to(request.user), pk=body.worker_id)
    services.post_transfer(by=request.user, post=post, worker=worker, on=body.on, reason=body.reason, kind=body.kind)
    post.refresh_from_db()
    return _post_out(post)


@router.get("/contracts", response=list[ContractOut], summary="合同列表", url_name="employment_contracts")
def contract_list(request, status: str = "", kind: str = "", org: int | None = None):
    _need(request, "contract.view")
    return [_contract_out(c) for c in selectors.contract_search(request.user, org_id=org, status=status, kind=kind)[:500]]


def _contract(request, pk):
    return get_object_or_404(selectors.contract_list_visible_to(request.user).select_related("worker", "worker__org"), pk=pk)


@router.get("/contracts/{pk}", response=ContractOut, summary="合同详情", url_name="employment_contract_detail")
def contract_detail(request, pk: int):
    _need(request, "contract.view")
    return _contract_out(_contract(request, pk))


class DraftIn(Strict):
    worker_id: int
    kind: str
    starts_on: date
    ends_on: date | None = None
    term_type: str | None = None
    agreed_pay: str | None = None


@router.post("/contracts", response={201: ContractOut}, summary="拟订合同", url_name="employment_contract_create")
def contract_create(request, body: DraftIn):
    worker = get_object_or_404(worker_list_visible_to(request.user), pk=body.worker_id)
    c = services.contract_draft_create(
        by=request.user,
        worker=worker,
        kind=body.kind,
        start=body.starts_on,
        end=body.ends_on,
        term_type=body.term_type,
        agreed_pay=body.agreed_pay,
    )
    return Status(201, _contract_out(c))


class SignIn(Strict):
    signed_on: date


@router.post(
    "/contracts/{pk}/sign",
    response=ContractOut,
    summary="签订合同",
    url_name="employment_contract_sign",
    openapi_extra=documented_body(SignIn),
)
def contract_sign(request, pk: int):
    contract = _contract(request, pk)
    body = parse_body(request, SignIn)
    return _contract_out(services.contract_sign(by=request.user, contract=contract, signed_on=body.signed_on))


class DissolveIn(Strict):
    on: date
    ground: str
    reason: str


@router.post(
    "/contracts/{pk}/dissolve",
    response=ContractOut,
    summary="解除合同（法定事由）",
    url_name="employment_contract_dissolve",
    openapi_extra=documented_body(DissolveIn),
)
def contract_dissolve(request, pk: int):
    contract = _contract(request, pk)
    body = parse_body(request, DissolveIn)
    c = services.contract_dissolve(by=request.user, contract=contract, on=body.on, ground=body.ground, reason=body.reason)
    return _contract_out(c)


class RenewIn(Strict):
    ends_on: date | None = None
    term_type: str = "fixed"
    signed_on: date | None = None
    override_reason: str | None = None


@router.post(
    "/contracts/{pk}/renew",
    response=ContractOut,
    summary="续订合同（返回新合同）",
    url_name="employment_contract_renew",
    openapi_extra=documented_body(RenewIn),
)
def contract_renew(request, pk: int):
    contract = _contract(request, pk)
    body = parse_body(request, RenewIn)
    c = services.contract_renew(
        by=request.user,
        contract=contract,
        ends_on=body.ends_on,
        term_type=body.term_type,
        signed_on=body.signed_on,
        override_reason=body.override_reason,
    )
    return _contract_out(c)


class TerminateIn(Strict):
    on: date
    ground: str
    reason: str = ""


@router.post(
    "/contracts/{pk}/terminate",
    response=ContractOut,
    summary="终止合同（第四十四条）",
    url_name="employment_contract_terminate",
    openapi_extra=documented_body(TerminateIn),
)
def contract_terminate(request, pk: int):
    contract = _contract(request, pk)
    body = parse_body(request, TerminateIn)
    c = services.contract_terminate(by=request.user, contract=contract, on=body.on, ground=body.ground, reason=body.reason)
    return _contract_out(c)


class ExitIn(Strict):
    kind: str
    on: date
    reason: str
    ground: str = ""


class ExitOut(Schema):
    worker_id: int
    status: str
    left_on: date | None


@router.post(
    "/workers/{pk}/exit",
    response=ExitOut,
    summary="办理离岗",
    url_name="employment_worker_exit",
    openapi_extra=documented_body(ExitIn),
)
def worker_exit(request, pk: int):
    worker = get_object_or_404(worker_list_visible_to(request.user).select_related("org"), pk=pk)
    body = parse_body(request, ExitIn)
    services.worker_exit(by=request.user, worker=worker, kind=body.kind, on=body.on, reason=body.reason, ground=body.ground)
    worker.refresh_from_db()
    return {"worker_id": worker.pk, "status": worker.status, "left_on": worker.left_on}


@router.get("/alerts", response=list[AlertOut], summary="待办提醒（截至任一日期）", url_name="employment_alerts")
def alert_list(request, on: str = ""):
    """`on`: the day the alerts are computed for (YYYY-MM-DD, blank = today), as on the page."""
    _need(request, "contract.view")
    day = parsing.parse_date(on, field="on", label=gettext("截至日期")) or timezone.localdate()
    return [
        {
            "kind": a.kind,
            "level": a.level,
            "worker_id": a.worker_id,
            "worker": a.worker_name,
            "org": a.org_name,
            "title": a.title,
            "detail": a.detail,
            "due": a.due,
        }
        for a in alert_registry.collect(request.user, day)
    ]


class StaffingRowOut(Schema):
    unit_id: int
    unit: str
    norm_status: str
    current: int
    posts: int
    vacant: int
    gap: int | None


@router.get("/staffing", url_name="employment_staffing", response=list[StaffingRowOut], summary="配备标准：各单位应配/现有/缺口/空缺")
def staffing_rows(request, org_id: int | None = None):
    from unionsw.core.errors import NotAllowed
    from unionsw.core.scope import visible_orgs

    from . import staffing

    if not request.user.can("post.view"):
        raise NotAllowed()
    root = get_object_or_404(visible_orgs(request.user), pk=org_id) if org_id else request.user.org
    if root is None:
        return []
    table = staffing.staffing_table(request.user, root)
    return [
        {
            "unit_id": r.unit.pk,
            "unit": r.unit.name,
            "norm_status": r.norm.status,
            "current": r.current,
            "posts": r.posts,
            "vacant": r.vacant,
            "gap": r.gap,
        }
        for r in table["rows"]
    ]
