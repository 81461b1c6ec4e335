"""Pay API: the same services as the pages. Amounts only with pay.view; a worker reads their own slips."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status

from unionsw.core.errors import NotAllowed, OutOfScope
from unionsw.core.request_body import Strict, documented_body, parse_body

from . import rules, runs, selectors, services

router = Router(tags=["薪酬待遇"])


class RunOut(Schema):
    id: int
    org: str
    month: date
    kind: str
    status: str
    version: int
    totals: dict
    payer_totals: dict
    problems: list
    excluded: list  # not on the run, each with a Chinese reason (e.g. 未取得资格, seed 004)


class LineOut(Schema):
    id: int
    worker_id: int
    worker: str
    kind: str
    rank: str
    grade_level: int | None
    days: int
    post_pay: str
    grade_pay: str
    performance: str
    allowance_total: str
    gross: str
    employee_si: str
    iit: str
    net: str
    employer_si: str
    total_cost: str
    shares: dict
    notes: list


def _run(r) -> dict:
    return {
        "id": r.pk,
        "org": r.org.name,
        "month": r.month,
        "kind": r.kind,
        "status": r.status,
        "version": r.version,
        "totals": r.totals,
        "payer_totals": r.payer_totals,
        "problems": r.problems,
        "excluded": r.excluded,
    }


def _line(line) -> dict:
    out = {f: str(getattr(line, f)) for f in runs.AMOUNT_FIELDS if f in LineOut.model_fields}
    out.update(
        id=line.pk,
        worker_id=line.worker_id,
        worker=line.worker.name,
        kind=line.kind,
        rank=line.rank,
        grade_level=line.grade_level,
        days=line.days,
        shares=line.shares,
        notes=line.notes,
    )
    return out


def _need(request, code: str) -> None:
    if not request.user.can(code):
        raise NotAllowed()


class OpenIn(Strict):
    org_id: int
    month: date
    note: str = ""


@router.get("/runs", url_name="pay_runs", response=list[RunOut], summary="工资表列表")
def run_list(request, year: int | None = Query(None, ge=2000, le=2100)):
    _need(request, "pay.view")
    qs = selectors.runs_visible_to(request.user).select_related("org")
    if year is not None:
        qs = qs.filter(month__year=year)
    return [_run(r) for r in qs[:500]]


@router.post("/runs", url_name="pay_run_open", response={201: RunOut}, summary="县级新建月度工资表")
def run_open(request, payload: OpenIn):
    org = selectors.visible_counties(request.user).filter(pk=payload.org_id).first()
    if org is None:
        raise OutOfScope()
    return Status(201, _run(runs.run_open(by=request.user, org=org, month=payload.month, note=payload.note)))


@router.get("/runs/{run_id}", url_name="pay_run", response=RunOut, summary="工资表")
def run_detail(request, run_id: int):
    _need(request, "pay.view")
    return _run(get_object_or_404(selectors.runs_visible_to(request.user).select_related("org"), pk=run_id))


@router.get("/runs/{run_id}/lines", url_name="pay_run_lines", response=list[LineOut], summary="工资明细")
def run_lines(request, run_id: int):
    _need(request, "pay.view")
    run = get_object_or_404(selectors.runs_visible_to(request.user), pk=run_id)
    return [_line(line) for line in selectors.register_lines(request.user, run)]


STEPS = {
    "compute": runs.run_compute,
    "review": runs.run_review,
    "approve": runs.run_approve,
}


@router.post(
    "/runs/{run_id}/steps/{step}",
    url_name="pay_run_step",
    response=RunOut,
    summary="计算 / 复核 / 审批（compute, review, approve）",
)
def run_step(request, run_id: int, step: str, version: int | None = Query(None, ge=0, le=2_000_000_000)):
    run = get_object_or_404(selectors.runs_visible_to(request.user).select_related("org"), pk=run_id)
    if step not in STEPS:
        from django.http import Http404

        raise Http404
    return _run(STEPS[step](by=request.user, run=run, version=version))


class CorrectionIn(Strict):
    note: str


@router.post(
    "/runs/{run_id}/correction",
    url_name="pay_run_correction",
    response={201: RunOut},
    summary="对已锁定工资表编制补发/扣回表",
    openapi_extra=documented_body(CorrectionIn),
)
def run_correction(request, run_id: int):
    run = get_object_or_404(selectors.runs_visible_to(request.user).select_related("org"), pk=run_id)
    payload = parse_body(request, CorrectionIn)
    return Status(201, _run(runs.correction_open(by=request.user, run=run, note=payload.note)))


class GradeIn(Strict):
    level: int
    effective_from: date
    reason: str


@router.post(
    "/workers/{worker_id}/grade",
    url_name="pay_worker_grade",
    summary="县级核定薪级（理由必填）",
    openapi_extra=documented_body(GradeIn),
)
def worker_grade(request, worker_id: int):
    worker = get_object_or_404(selectors.workers_visible_to(request.user), pk=worker_id)
    payload = parse_body(request, GradeIn)
    g = services.grade_set(
        by=request.user, worker=worker, level=payload.level, effective_from=payload.effective_from, reason=payload.reason
    )
    return {"id": g.pk, "level": g.level, "effective_from": g.effective_from}


@router.get("/me/slips", url_name="pay_my_slips", response=list[LineOut], summary="本人工资条（已审批）")
def my_slips(request, year: int | None = Query(None, ge=2000, le=2100)):
    qs = selectors.my_lines(request.user).select_related("worker", "run")
    if year is not None:
        qs = qs.filter(run__month__year=year)
    return [_line(line) for line in qs.order_by("run__month", "run_id")]


@router.get("/cost", url_name="pay_cost", summary="成本分担（按承担方、按月）")
def cost(request, year: int = Query(..., ge=2000, le=2100)):
    _need(request, "pay.view")
    from .stats import cost_by_payer

    data = cost_by_payer(request.user, year)
    return {
        "year": year,
        "payers": data["payers"],
        "rows": {p: [str(v) for v in values] for p, values in data["rows"].items()},
        "totals": {p: str(v) for p, v in data["totals"].items()},
        "total": str(data["total"]),
    }


class RatioIn(Strict):
    year: int
    ratio: str
    reason: str


@router.post(
    "/counties/{org_id}/ratio",
    url_name="pay_ratio_set",
    summary="县级设定年度绩效工资比例（政策范围内）",
    openapi_extra=documented_body(RatioIn),
)
def ratio_set(request, org_id: int):
    org = get_object_or_404(selectors.visible_counties(request.user), pk=org_id)
    body = parse_body(request, RatioIn)
    r = services.performance_ratio_set(by=request.user, org=org, year=body.year, ratio=body.ratio, reason=body.reason)
    return {"org": org.name, "year": r.year, "ratio": str(r.ratio)}


class SharesIn(Strict):
    shares: dict[str, str]
    effective_from: date
    source: str


@router.post("/shares", url_name="pay_shares_set", summary="省级设定工资成本分担比例（合计100%）")
def shares_set(request, payload: SharesIn):
    if request.user.org is None:
        raise NotAllowed()
    services.cost_shares_set(
        by=request.user, org=request.user.org, shares=payload.shares, effective_from=payload.effective_from, source=payload.source
    )
    return {"shares": payload.shares, "effective_from": payload.effective_from}


class AmountIn(Strict):
    monthly: str
    effective_from: date
    note: str = ""


@router.post(
    "/workers/{worker_id}/tax-deduction",
    url_name="pay_worker_deduction",
    summary="专项附加扣除（每月）",
    openapi_extra=documented_body(AmountIn),
)
def worker_deduction(request, worker_id: int):
    worker = get_object_or_404(selectors.workers_visible_to(request.user), pk=worker_id)
    body = parse_body(request, AmountIn)
    d = services.tax_deduction_set(
        by=request.user, worker=worker, monthly=body.monthly, effective_from=body.effective_from, note=body.note
    )
    return {"id": d.pk, "monthly": str(d.monthly), "effective_from": d.effective_from}


@router.post(
    "/workers/{worker_id}/service-fee",
    url_name="pay_worker_fee",
    summary="返聘人员劳务费（每月）",
    openapi_extra=documented_body(AmountIn),
)
def worker_fee(request, worker_id: int):
    worker = get_object_or_404(selectors.workers_visible_to(request.user), pk=worker_id)
    body = parse_body(request, AmountIn)
    f = services.service_fee_set(by=request.user, worker=worker, monthly=body.monthly, effective_from=body.effective_from)
    return {"id": f.pk, "monthly": str(f.monthly), "effective_from": f.effective_from}


# ---------------------------------------------------------------------------------------------
# pay tables (岗位工资/薪级工资), SI/HF tables, allowances: the services of the pages /pay/tables/…
# A new table belongs to the caller's org; a change carries the version read (stale → 409).


class PayTableIn(Strict):
    name: str
    effective_from: date
    post_pay: dict[str, str]
    grade_pay: dict[str, str]
    start_levels: dict[str, str] = {}
    rank_grades: dict[str, str] = {}
    source: str = ""
    is_example: bool = False


class PayTableUpdateIn(PayTableIn):
    version: int = Field(..., ge=1, le=2_000_000_000)


class PayTableOut(Schema):
    """Read from the PayTable row itself (the org by its name)."""

    id: int
    org: str = Field(..., alias="org.name")
    name: str
    effective_from: date
    is_example: bool
    post_pay: dict
    grade_pay: dict
    start_levels: dict
    rank_grades: dict
    source: str
    version: int



def _own_org(request):
    if not request.user.can("pay.table"):
        raise NotAllowed()
    if request.user.org is None:
        raise NotAllowed()
    return request.user.org


@router.get("/tables", url_name="pay_tables", response=list[PayTableOut], summary="工资标准表（岗位工资、薪级工资）")
def pay_tables(request):
    _need(request, "pay.view")
    return selectors.tables_visible_to(request.user).select_related("org")[:500]


@router.post("/tables", url_name="pay_table_create", response={201: PayTableOut}, summary="新建本级工资标准表")
def pay_table_create(request, payload: PayTableIn):
    org = _own_org(request)
    return Status(201, services.pay_table_save(by=request.user, org=org, **payload.model_dump()))


@router.get("/tables/{table_id}", url_name="pay_table", response=PayTableOut, summary="工资标准表")
def pay_table(request, table_id: int = Path(..., ge=1, le=2_000_000_000)):
    _need(request, "pay.view")
    return get_object_or_404(selectors.tables_visible_to(request.user).select_related("org"), pk=table_id)


@router.post(
    "/tables/{table_id}",
    url_name="pay_table_update",
    response=PayTableOut,
    summary="修改工资标准表（须带读取时的 version）",
    openapi_extra=documented_body(PayTableUpdateIn),
)
def pay_table_update(request, table_id: int = Path(..., ge=1, le=2_000_000_000)):
    table = get_object_or_404(selectors.tables_visible_to(request.user).select_related("org"), pk=table_id)
    _own_org(request)
    body = parse_body(request, PayTableUpdateIn)
    return services.pay_table_save(by=request.user, org=table.org, table=table, **body.model_dump())


class ContributionItemIn(Strict):
    item: str
    employer_rate: str = ""
    employee_rate: str = ""
    base_floor: str = ""
    base_ceiling: str = ""


class ContributionTableIn(Strict):
    name: str
    effective_from: date
    items: list[ContributionItemIn]
    source: str = ""
    is_example: bool = False


class ContributionTableUpdateIn(ContributionTableIn):
    version: int = Field(..., ge=1, le=2_000_000_000)


class ContributionTableOut(Schema):
    id: int
    org: str = Field(..., alias="org.name")
    name: str
    effective_from: date
    is_example: bool
    items: list
    source: str
    version: int



def _contribution_fields(body: ContributionTableIn) -> dict:
    items = [i.model_dump() for i in body.items]
    unknown = sorted({i["item"] for i in items} - set(rules.SI_ITEMS))
    if unknown:
        known = _("、").join(_("%(code)s（%(label)s）") % {"code": c, "label": label} for c, label in rules.SI_ITEMS.items())
        raise ValidationError({"items": [_("险种“%(items)s”不正确，应为：%(known)s") % {"items": _("、").join(unknown), "known": known}]})
    return {
        "name": body.name,
        "effective_from": body.effective_from,
        "items": items,
        "source": body.source,
        "is_example": body.is_example,
    }


@router.get("/contributions", url_name="pay_contributions", response=list[ContributionTableOut], summary="社保公积金缴费标准")
def contributions(request):
    _need(request, "pay.view")
    return selectors.contribution_tables_visible_to(request.user).select_related("org")[:500]


@router.post(
    "/contributions",
    url_name="pay_contribution_create",
    response={201: ContributionTableOut},
    summary="新建本级社保公积金缴费标准（比例、缴费基数上下限）",
)
def contribution_create(request, payload: ContributionTableIn):
    org = _own_org(request)
    saved = services.contribution_table_save(by=request.user, org=org, **_contribution_fields(payload))
    return Status(201, saved)


@router.get("/contributions/{table_id}", url_name="pay_contribution", response=ContributionTableOut, summary="社保公积金缴费标准")
def contribution(request, table_id: int = Path(..., ge=1, le=2_000_000_000)):
    _need(request, "pay.view")
    qs = selectors.contribution_tables_visible_to(request.user).select_related("org")
    return get_object_or_404(qs, pk=table_id)


@router.post(
    "/contributions/{table_id}",
    url_name="pay_contribution_update",
    response=ContributionTableOut,
    summary="修改社保公积金缴费标准（须带读取时的 version）",
    openapi_extra=documented_body(ContributionTableUpdateIn),
)
def contribution_update(request, table_id: int = Path(..., ge=1, le=2_000_000_000)):
    qs = selectors.contribution_tables_visible_to(request.user).select_related("org")
    table = get_object_or_404(qs, pk=table_id)
    _own_org(request)
    body = parse_body(request, ContributionTableUpdateIn)
    saved = services.contribution_table_save(
        by=request.user, org=table.org, table=table, version=body.version, **_contribution_fields(body)
    )
    return saved


class AllowanceIn(Strict):
    name: str
    amount: str
    effective_from: date
    effective_to: date | None = None
    source: str = ""


class AllowanceEndIn(Strict):
    effective_to: date
    version: int = Field(..., ge=1, le=2_000_000_000)


class AllowanceOut(Schema):
    id: int
    org: str = Field(..., alias="org.name")
    name: str
    amount: str
    effective_from: date
    effective_to: date | None
    is_example: bool
    source: str
    version: int

    @staticmethod
    def resolve_amount(obj) -> str:
        return str(obj.amount)



@router.get("/allowances", url_name="pay_allowances", response=list[AllowanceOut], summary="津贴补贴项目")
def allowances(request):
    _need(request, "pay.view")
    return selectors.allowances_visible_to(request.user).select_related("org")[:500]


@router.post(
    "/allowances", url_name="pay_allowance_add", response={201: AllowanceOut}, summary="新增本级津贴补贴项目（每月金额）"
)
def allowance_add(request, payload: AllowanceIn):
    org = _own_org(request)
    return Status(201, services.allowance_add(by=request.user, org=org, **payload.model_dump()))


@router.post(
    "/allowances/{allowance_id}/end",
    url_name="pay_allowance_end",
    response=AllowanceOut,
    summary="停止津贴补贴项目（截止日期；须带读取时的 version）",
    openapi_extra=documented_body(AllowanceEndIn),
)
def allowance_end(request, allowance_id: int = Path(..., ge=1, le=2_000_000_000)):
    allowance = get_object_or_404(selectors.allowances_visible_to(request.user).select_related("org"), pk=allowance_id)
    body = parse_body(request, AllowanceEndIn)
    return services.allowance_end(by=request.user, allowance=allowance, **body.model_dump())
