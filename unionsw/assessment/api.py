"""Assessment API: the same services and scope as the pages."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status

from unionsw.core.errors import NotAllowed
from unionsw.core.request_body import Strict, documented_body, parse_body

from . import selectors, services

router = Router(tags=["年度考核"])


class ResultOut(Schema):
    worker_id: int
    worker: str
    year: int
    grade: str
    grade_label: str


class LotsOut(Schema):
    seed_sha256: str
    seed: str
    hash_matches: bool | None
    groups: dict[str, str]
    order: list[int]


@router.get("/results", url_name="assessment_results", response=list[ResultOut], summary="已公布的年度考核结果（数据范围内）")
def results(request, year: int | None = None):
    if not (request.user.can("assessment.view") or request.user.can("assessment.self")):
        raise NotAllowed()
    qs = selectors.results_visible_to(request.user).select_related("worker")
    if year:
        qs = qs.filter(year=year)
    return [
        {
            "worker_id": r.worker_id,
            "worker": r.worker.name,
            "year": r.year,
            "grade": r.grade,
            "grade_label": r.get_grade_display(),
        }
        for r in qs[:5000]
    ]


@router.get("/rounds/{round_id}/lots", url_name="assessment_lots", response=LotsOut, summary="抽签记录；提供 seed 时按其重算。组织单位看到全部；其他人只看到本人范围内的顺序，评议结束前不显示评委分组")
def lots(request, round_id: int, seed: str = ""):
    rnd = get_object_or_404(selectors.rounds_visible_to(request.user), pk=round_id)
    seed = seed or rnd.revealed_seed
    if not seed:
        return {"seed_sha256": rnd.seed_hash, "seed": "", "hash_matches": None, "groups": {}, "order": []}
    matches, d = services.recompute(rnd, seed[:200])
    _full, judges_shown, visible = selectors.lots_visibility(request.user, rnd)
    mine = set(visible.values_list("worker_id", flat=True))
    return {
        "seed_sha256": rnd.seed_hash,
        "seed": seed[:200],
        "hash_matches": matches,
        "groups": {str(k): v for k, v in d.groups.items()} if judges_shown else {},
        "order": [w for w in d.order if w in mine],
    }


@router.post(
    "/entries/{entry_id}/score", url_name="assessment_score", summary="评委评分（只限分配给本人的述职），points 为 0–100"
)
def score(request, entry_id: int, points: float | None = None):
    entries = {e.pk: e for _, es in selectors.judge_assignments(request.user) for e in es}
    if not request.user.can("assessment.score"):
        raise NotAllowed()
    entry = entries.get(entry_id)
    if entry is None:
        from django.http import Http404

        raise Http404
    s = services.judge_score(by=request.user, entry=entry, points="" if points is None else points)
    return {"entry": entry_id, "points": float(s.points)}


# --- the round's steps (issue 12: every page action is also an API operation) -------------------------


class RoundOut(Schema):
    id: int
    org_id: int
    org: str
    year: int
    scheme: str
    status: str
    status_label: str
    entries: int


def _round_out(rnd) -> dict:
    return {
        "id": rnd.pk,
        "org_id": rnd.org_id,
        "org": rnd.org.name,
        "year": rnd.year,
        "scheme": rnd.scheme,
        "status": rnd.status,
        "status_label": rnd.get_status_display(),
        "entries": rnd.entries.count(),
    }


def _round(request, round_id: int):
    if not request.user.can("assessment.view"):
        raise NotAllowed()
    return get_object_or_404(selectors.rounds_visible_to(request.user).select_related("org"), pk=round_id)


@router.get("/rounds", url_name="assessment_rounds", response=list[RoundOut], summary="年度考核（数据范围内）")
def rounds(request, year: int | None = Query(None, ge=2000, le=2100)):
    if not request.user.can("assessment.view"):
        raise NotAllowed()
    qs = selectors.rounds_visible_to(request.user).select_related("org").order_by("-year", "org__path")
    if year:
        qs = qs.filter(year=year)
    return [_round_out(r) for r in qs[:500]]


class RoundIn(Strict):
    org_id: int
    year: int
    setup: dict[str, str | int | float] = {}  # the form's fields: component weights w_<code>, pass_line, …


@router.post("/rounds", url_name="assessment_round_create", response={201: RoundOut}, summary="建立年度考核（考核方式按政策）")
def round_create(request, body: RoundIn):
    from unionsw.core.scope import visible_orgs

    org = get_object_or_404(visible_orgs(request.user), pk=body.org_id)
    rnd = services.round_create(by=request.user, org=org, year=body.year, data={k: str(v) for k, v in body.setup.items()})
    return Status(201, _round_out(rnd))


@router.get("/rounds/{round_id}", url_name="assessment_round", response=RoundOut, summary="年度考核详情")
def round_detail(request, round_id: int):
    return _round_out(_round(request, round_id))


@router.post("/rounds/{round_id}/lots/commit", url_name="assessment_lots_commit", response=RoundOut, summary="公布抽签种子的哈希")
def lots_commit(request, round_id: int):
    return _round_out(services.lots_commit(by=request.user, round=_round(request, round_id)))


@router.post("/rounds/{round_id}/lots/draw", url_name="assessment_lots_draw", response=RoundOut, summary="抽签（分组、播放顺序）")
def lots_draw(request, round_id: int):
    return _round_out(services.lots_draw(by=request.user, round=_round(request, round_id)))


class ComponentIn(Strict):
    source: str
    values: dict[str, str | float | int]
    opinion: str | None = None
    commendation: str | None = None


@router.post(
    "/entries/{entry_id}/components",
    url_name="assessment_components",
    summary="岗位所在单位 / 市总各部门 / 县级总工会录入评价分（source: host / city / county）",
    openapi_extra=documented_body(ComponentIn),
)
def components(request, entry_id: int):
    entry = get_object_or_404(selectors.entries_visible_to(request.user).select_related("round"), pk=entry_id)
    body = parse_body(request, ComponentIn)
    e = services.component_scores_set(
        by=request.user,
        entry=entry,
        source=body.source,
        values={k: str(v) for k, v in body.values.items()},
        opinion=body.opinion,
        commendation=body.commendation,
    )
    return {"id": e.pk, "scores": e.scores}


@router.post("/rounds/{round_id}/proposal", url_name="assessment_proposal", response=RoundOut, summary="计算总分并拟定等次")
def proposal(request, round_id: int):
    return _round_out(services.proposal_compute(by=request.user, round=_round(request, round_id)))


@router.post("/rounds/{round_id}/counties/{county_id}/confirm", url_name="assessment_confirm", summary="县级确认本县等次")
def confirm(request, round_id: int, county_id: int):
    from unionsw.core.scope import visible_orgs

    rnd = _round(request, round_id)
    county = get_object_or_404(visible_orgs(request.user), pk=county_id)
    return {"confirmed": services.county_confirm(by=request.user, round=rnd, county=county)}


@router.post("/rounds/{round_id}/publish", url_name="assessment_publish", summary="公布考核结果")
def publish(request, round_id: int):
    return {"published": services.round_publish(by=request.user, round=_round(request, round_id))}


# --- Beijing certification ---------------------------------------------------------------------------


class CertRoundOut(Schema):
    id: int
    org: str
    name: str
    attempt: int
    closed: bool


@router.get("/certification/rounds", url_name="assessment_cert_rounds", response=list[CertRoundOut], summary="资格认证（北京）")
def cert_rounds(request):
    if not request.user.can("certification.manage"):
        raise NotAllowed()
    qs = selectors.cert_rounds_visible_to(request.user).select_related("org")
    return [{"id": r.pk, "org": r.org.name, "name": r.name, "attempt": r.attempt, "closed": bool(r.closed)} for r in qs[:500]]


@router.post(
    "/certification/rounds/{round_id}/register/{worker_id}", url_name="assessment_cert_register", summary="资格认证报名"
)
def cert_register(request, round_id: int, worker_id: int):
    from unionsw.workers.selectors import worker_list_visible_to

    if not request.user.can("certification.manage"):
        raise NotAllowed()
    cr = get_object_or_404(selectors.cert_rounds_visible_to(request.user), pk=round_id)
    worker = get_object_or_404(worker_list_visible_to(request.user), pk=worker_id)
    e = services.cert_register(by=request.user, cert_round=cr, worker=worker)
    return {"id": e.pk}
