"""Recruitment API (/api/v1/recruitment/): the main reads and every transition, through the same
services and scope filter as the pages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from ninja import Field, File, Router, Schema
from ninja.files import UploadedFile

from unionsw.accounts.models import User
from unionsw.core import parsing
from unionsw.core.request_body import Strict, documented_body, parse_body
from unionsw.orgs.models import Org

from . import selectors, services

router = Router(tags=["招聘录用"])


def _require_file(file):
    if file is None:
        raise ValidationError({"file": [gettext("请上传成绩表文件")]})
    return file


def _need(request, code: str) -> None:
    if not request.user.can(code):
        raise PermissionDenied


def _plan(request, pk):
    return get_object_or_404(selectors.plans_visible_to(request.user), pk=pk)


def _round(request, pk):
    return get_object_or_404(selectors.rounds_visible_to(request.user).select_related("plan", "org", "exam_body"), pk=pk)


def _app(request, pk):
    return get_object_or_404(
        selectors.applications_visible_to(request.user).select_related("round", "round__org", "round__plan", "post", "applicant"),
        pk=pk,
    )


class PostIn(Strict):
    unit_id: int
    kind: str
    count: int
    conditions: str = ""
    requires_certificate: bool = False


class PlanIn(Strict):
    title: str
    exam_year: int
    exam_month: int
    reason_gap: str = ""
    reason_enterprises: str = ""
    reason_members: str = ""
    reason_funds: str = ""
    posts: list[PostIn]


class PostOut(Schema):
    id: int
    code: str
    unit: str
    kind: str
    count: int
    requires_certificate: bool


class PlanOut(Schema):
    id: int
    org: str
    title: str
    exam_year: int
    exam_month: int
    status: str
    status_label: str
    return_reason: str
    posts: list[PostOut]


def plan_out(plan) -> dict:
    return {
        "id": plan.pk,
        "org": plan.org.name,
        "title": plan.title,
        "exam_year": plan.exam_year,
        "exam_month": plan.exam_month,
        "status": plan.status,
        "status_label": plan.get_status_display(),
        "return_reason": plan.return_reason,
        "posts": [
            {
                "id": p.pk,
                "code": p.code,
                "unit": p.unit.name,
                "kind": p.kind,
                "count": p.count,
                "requires_certificate": p.requires_certificate,
            }
            for p in plan.posts.all()
        ],
    }


class RoundIn(Strict):
    title: str
    body: str = ""
    reference_date: date
    registration_start: date
    registration_end: date
    exam_date: date
    interview_date: date | None = None
    written_weight: Decimal = Decimal("0.5")
    interview_ratio: int = 3
    drop_high_low: bool = True
    second_tie_key: str = "written"
    waiting_list_months: int = 12
    exam_body: int | None = Field(None, ge=1, le=2**31 - 1, description="组织考试的社会考试机构 id（北京：须为市总工会委托的机构）")
    exam_month_override_reason: str | None = None


class UnifiedRoundIn(RoundIn):
    """统一招聘: the announcement, the filed county plans to take in, and posts of the directly managed units."""

    plan_ids: list[int] = []
    direct_posts: list[PostIn] = []


class RoundOut(Schema):
    id: int
    plan_id: int
    unified: bool
    org: str
    title: str
    status: str
    status_label: str
    reference_date: date
    registration_start: date
    registration_end: date
    exam_date: date
    written_weight: Decimal
    interview_ratio: int
    drop_high_low: bool
    waiting_list_months: int
    ranked_on: date | None
    exam_body: str | None


def round_out(r) -> dict:
    return {
        **{f: getattr(r, f) for f in RoundOut.model_fields if f not in ("org", "status_label", "exam_body")},
        "org": r.org.name,
        "status_label": r.get_status_display(),
        "exam_body": r.exam_body.name if r.exam_body_id else None,
    }


class ExamBodyIn(Strict):
    name: str = Field(..., max_length=100)
    commission: str = Field(..., max_length=100, description="委托文件（文号）")
    accreditation: str = Field("", max_length=100, description="资质证明（证书编号）")
    valid_from: date
    valid_until: date | None = None
    is_active: bool = True


class ExamBodyCreate(ExamBodyIn):
    org: int = Field(..., ge=1, le=2**31 - 1, description="委托单位（组织 id）")


class ExamBodyOut(Schema):
    id: int
    org: str
    name: str
    commission: str
    accreditation: str
    valid_from: date
    valid_until: date | None
    is_active: bool


def exam_body_out(b) -> dict:
    return {**{f: getattr(b, f) for f in ExamBodyOut.model_fields if f != "org"}, "org": b.org.name}


class ApplicationOut(Schema):
    id: int
    name: str
    id_number_masked: str
    post_code: str
    education: str
    has_certificate: bool
    auto_passed: bool
    auto_checks: list
    review: str
    review_reason: str
    ticket_no: str
    room: str | None
    seat: int | None
    written_score: Decimal | None
    in_interview: bool
    interview_score: Decimal | None
    total_score: Decimal | None
    rank: int | None
    tie_rule: str
    selected: bool
    medical: str
    vetting: str
    filed_at: date | None
    worker_id: int | None


def app_out(a) -> dict:
    return {
        **{
            f: getattr(a, f)
            for f in ApplicationOut.model_fields
            if f not in ("id_number_masked", "post_code", "room", "has_certificate")
        },
        "id_number_masked": a.applicant.id_number_masked,
        "post_code": a.post.code,
        "room": a.room.name if a.room else None,
        "has_certificate": a.has_certificate,
    }


class Reason(Strict):
    reason: str = ""


class ReviewIn(Strict):
    passed: bool
    reason: str = ""


class RoomIn(Strict):
    name: str
    capacity: int
    address: str = ""


class JudgeIn(Strict):
    user_id: int


class ScoreIn(Strict):
    score: Decimal


class CheckIn(Strict):
    kind: str
    passed: bool
    note: str = ""


class PublicityIn(Strict):
    start: date
    end: date


class ObjectionIn(Strict):
    content: str
    received_on: date


class ResolveIn(Strict):
    resolution: str
    upheld: bool


class HireIn(Strict):
    hired_on: date


class OfferIn(Strict):
    kind: str
    unit_id: int


class Done(Schema):
    ok: bool = True
    count: int | None = None


# --- plans ----------------------------------------------------------------------------------------


@router.get("/plans", response=list[PlanOut], url_name="recruitment_plans", summary="招录计划列表")
def plans(request):
    _need(request, "recruitment.view")
    return [
        plan_out(p) for p in selectors.plans_visible_to(request.user).select_related("org").prefetch_related("posts__unit")[:200]
    ]


@router.post("/plans", response=PlanOut, summary="拟定招录计划（县级）")
def plan_create(request, body: PlanIn):
    units = {u.pk: u for u in Org.objects.filter(pk__in=[p.unit_id for p in body.posts])}
    posts = [{**p.dict(), "unit": units.get(p.unit_id)} for p in body.posts]
    plan = services.plan_create(by=request.user, org=request.user.org, data=body.dict(exclude={"posts"}), posts=posts)
    return plan_out(plan)


@router.get("/plans/{pk}", response=PlanOut, url_name="recruitment_plan", summary="招录计划")
def plan_detail(request, pk: int):
    _need(request, "recruitment.view")
    return plan_out(_plan(request, pk))


@router.post("/plans/{pk}/propose", response=PlanOut, url_name="recruitment_plan_propose", summary="报送市总工会")
def plan_propose(request, pk: int):
    return plan_out(services.plan_propose(by=request.user, plan=_plan(request, pk)))


@router.post("/plans/{pk}/approve", response=PlanOut, url_name="recruitment_plan_approve", summary="市总工会批准")
def plan_approve(request, pk: int):
    return plan_out(services.plan_approve(by=request.user, plan=_plan(request, pk)))


@router.post(
    "/plans/{pk}/return",
    response=PlanOut,
    url_name="recruitment_plan_return",
    summary="市总工会退回（须写原因）",
    openapi_extra=documented_body(Reason),
)
def plan_return(request, pk: int):

    plan = _plan(request, pk)
    return plan_out(services.plan_return(by=request.user, plan=plan, reason=parse_body(request, Reason).reason))


@router.post("/plans/{pk}/file", response=PlanOut, url_name="recruitment_plan_file", summary="省总工会备案")
def plan_file(request, pk: int):
    return plan_out(services.plan_file(by=request.user, plan=_plan(request, pk)))


@router.post(
    "/plans/{pk}/announce",
    response=RoundOut,
    url_name="recruitment_plan_announce",
    summary="发布招聘公告",
    openapi_extra=documented_body(RoundIn),
)
def announce(request, pk: int):

    plan = _plan(request, pk)
    return round_out(services.round_announce(by=request.user, plan=plan, data=parse_body(request, RoundIn).dict()))


# --- accredited exam bodies (seed 004) -------------------------------------------------------------


@router.get("/exam-bodies", response=list[ExamBodyOut], url_name="recruitment_exam_bodies", summary="社会考试机构列表")
def exam_bodies(request):
    _need(request, "exambody.manage")
    return [exam_body_out(b) for b in selectors.exam_bodies_visible_to(request.user).select_related("org")[:500]]


@router.post(
    "/exam-bodies",
    response=ExamBodyOut,
    url_name="recruitment_exam_body_create",
    summary="登记受委托的社会考试机构",
    openapi_extra=documented_body(ExamBodyCreate),
)
def exam_body_create(request):
    data = parse_body(request, ExamBodyCreate).dict()
    from unionsw.core.scope import visible_orgs

    org = visible_orgs(request.user).filter(pk=data.pop("org"), is_active=True).first()
    if org is None:
        raise ValidationError({"org": [gettext("所选单位不存在、已停用或不在您的管理范围内")]})
    return exam_body_out(services.exam_body_create(by=request.user, org=org, data=data))


@router.post(
    "/exam-bodies/{pk}",
    response=ExamBodyOut,
    url_name="recruitment_exam_body_update",
    summary="修改社会考试机构（含停用）",
    openapi_extra=documented_body(ExamBodyIn),
)
def exam_body_update(request, pk: int):
    _need(request, "exambody.manage")
    body = get_object_or_404(selectors.exam_bodies_visible_to(request.user).select_related("org"), pk=pk)
    return exam_body_out(services.exam_body_update(by=request.user, body=body, data=parse_body(request, ExamBodyIn).dict()))
@router.post(
    "/rounds/unified",
    response=RoundOut,
    url_name="recruitment_round_unified",
    summary="市总统一招聘：纳入所辖县级计划和直属单位岗位，发布公告",
)
def round_unified(request, body: UnifiedRoundIn):
    # the body is a declared parameter (like plan_create) so that the nested post rows are in the document
    _need(request, services.UNIFY)
    ids = set(body.plan_ids)
    # plans through the scope filter: one outside it is a 404, like every other object
    plans = list(selectors.plans_visible_to(request.user).filter(pk__in=ids))
    if len(plans) != len(ids):
        raise Http404
    units = {u.pk: u for u in Org.objects.filter(pk__in=[p.unit_id for p in body.direct_posts])}
    posts = [{**p.dict(), "unit": units.get(p.unit_id)} for p in body.direct_posts]
    rnd = services.round_unified_create(
        by=request.user,
        org=request.user.org,
        plans=plans,
        direct_posts=posts,
        data=body.dict(exclude={"plan_ids", "direct_posts"}),
    )
    return round_out(rnd)


# --- rounds ---------------------------------------------------------------------------------------


@router.get("/rounds", response=list[RoundOut], url_name="recruitment_rounds", summary="招聘批次列表")
def rounds(request):
    _need(request, "recruitment.view")
    return [round_out(r) for r in selectors.rounds_visible_to(request.user).select_related("org", "exam_body")[:200]]


@router.get("/rounds/{pk}", response=RoundOut, url_name="recruitment_round", summary="招聘批次")
def round_detail(request, pk: int):
    _need(request, "recruitment.view")
    return round_out(_round(request, pk))


@router.get(
    "/rounds/{pk}/applications",
    response=list[ApplicationOut],
    url_name="recruitment_round_applications",
    summary="报名人员（含成绩、排名）",
)
def round_applications(request, pk: int, offset: int = 0, limit: int = 500):
    _need(request, "recruitment.view")
    rnd = _round(request, pk)
    offset, limit = parsing.offset_limit(offset, limit, max_limit=2000)
    qs = rnd.applications.select_related("applicant", "post", "room").order_by("post__code", "rank", "ticket_no", "id")
    return [app_out(a) for a in qs[offset : offset + limit]]


@router.get("/rounds/{pk}/stats", url_name="recruitment_round_stats", summary="统计：报名、审查、笔试、面试、录用、报录比、学历")
def round_stats(request, pk: int):
    _need(request, "recruitment.view")
    data = selectors.round_stats(_round(request, pk))
    return {
        "posts": [{**{k: v for k, v in p.items() if k != "post"}, "post": str(p["post"])} for p in data["posts"]],
        "totals": data["totals"],
        "education": data["education"],
    }


def _round_op(name, fn, summary):
    @router.post(f"/rounds/{{pk}}/{name}", response=Done, url_name=f"recruitment_round_{name.replace('-', '_')}", summary=summary)
    def op(request, pk: int):
        result = fn(by=request.user, round=_round(request, pk))
        return {"count": result if isinstance(result, int) else None}

    op.__name__ = f"round_{name.replace('-', '_')}"
    return op


_round_op("close", services.round_close_registration, "截止报名（自动资格审查）")
_round_op("review-auto", services.review_accept_auto, "按自动审查结果审查待审人员")
_round_op("interview", services.round_start_interview, "按比例确定面试人选")
_round_op("rank", services.round_rank, "计算总成绩和排名")


@router.post(
    "/rounds/{pk}/written",
    response=Done,
    url_name="recruitment_round_written",
    summary="编排准考证号和考场",
    openapi_extra=documented_body(list[RoomIn]),
)
def round_written(request, pk: int):

    rnd = _round(request, pk)
    services.round_start_written(by=request.user, round=rnd, rooms=[r.dict() for r in parse_body(request, list[RoomIn])])
    return {}


@router.post(
    "/rounds/{pk}/scores", response=Done, url_name="recruitment_round_scores", summary="导入笔试成绩（xlsx：准考证号、笔试成绩）"
)
def round_scores(request, pk: int, file: UploadedFile | None = File(None)):  # noqa: B008
    rnd = _round(request, pk)
    return {"count": services.scores_import(by=request.user, round=rnd, file=_require_file(file))}


@router.post(
    "/rounds/{pk}/judges",
    response=Done,
    url_name="recruitment_round_judges",
    summary="指定面试评委",
    openapi_extra=documented_body(JudgeIn),
)
def round_judges(request, pk: int):

    rnd = _round(request, pk)
    user = get_object_or_404(User.objects.filter(org__path__startswith=rnd.org.path), pk=parse_body(request, JudgeIn).user_id)
    services.judge_assign(by=request.user, round=rnd, user=user)
    return {}


@router.post(
    "/rounds/{pk}/publicity",
    response=Done,
    url_name="recruitment_round_publicity",
    summary="发布拟录用人员公示",
    openapi_extra=documented_body(PublicityIn),
)
def round_publicity(request, pk: int):

    rnd = _round(request, pk)
    body = parse_body(request, PublicityIn)
    return {"count": services.publicity_start(by=request.user, round=rnd, start=body.start, end=body.end)}


@router.post(
    "/rounds/{pk}/waiting-offer",
    response=ApplicationOut,
    url_name="recruitment_round_waiting_offer",
    summary="备选名单递补",
    openapi_extra=documented_body(OfferIn),
)
def round_waiting_offer(request, pk: int):

    rnd = _round(request, pk)
    body = parse_body(request, OfferIn)
    unit = Org.objects.filter(pk=body.unit_id, path__startswith=rnd.org.path).first()
    return app_out(services.waiting_list_offer(by=request.user, round=rnd, kind=body.kind, unit=unit))


# --- applications ---------------------------------------------------------------------------------


@router.get("/applications/{pk}", response=ApplicationOut, url_name="recruitment_application", summary="报名详情")
def application(request, pk: int):
    _need(request, "recruitment.view")
    return app_out(_app(request, pk))


@router.post(
    "/applications/{pk}/review",
    response=ApplicationOut,
    url_name="recruitment_application_review",
    summary="资格审查结论",
    openapi_extra=documented_body(ReviewIn),
)
def application_review(request, pk: int):

    app = _app(request, pk)
    body = parse_body(request, ReviewIn)
    return app_out(services.application_review(by=request.user, application=app, passed=body.passed, reason=body.reason))


@router.post(
    "/applications/{pk}/score",
    response=Done,
    url_name="recruitment_application_score",
    summary="评委打分（只限本人被指定的面试）",
    openapi_extra=documented_body(ScoreIn),
)
def application_score(request, pk: int):
    from .models import Application

    app = get_object_or_404(
        Application.objects.filter(round__in=selectors.judge_rounds(request.user)).select_related("round"), pk=pk
    )
    services.judge_score_set(by=request.user, application=app, score=parse_body(request, ScoreIn).score)
    return {}


@router.post(
    "/applications/{pk}/check",
    response=Done,
    url_name="recruitment_application_check",
    summary="体检（medical）/考察（vetting）结论",
    openapi_extra=documented_body(CheckIn),
)
def application_check(request, pk: int):

    app = _app(request, pk)
    body = parse_body(request, CheckIn)
    services.check_record(by=request.user, application=app, kind=body.kind, passed=body.passed, note=body.note)
    return {}


@router.post(
    "/applications/{pk}/objections",
    response=Done,
    url_name="recruitment_application_objection",
    summary="登记公示异议",
    openapi_extra=documented_body(ObjectionIn),
)
def application_objection(request, pk: int):

    app = _app(request, pk)
    body = parse_body(request, ObjectionIn)
    services.objection_add(by=request.user, application=app, content=body.content, received_on=body.received_on)
    return {}


@router.post(
    "/objections/{pk}/resolve",
    response=Done,
    url_name="recruitment_objection_resolve",
    summary="处理公示异议",
    openapi_extra=documented_body(ResolveIn),
)
def objection_resolve(request, pk: int):

    obj = get_object_or_404(
        selectors.objections_visible_to(request.user).select_related("application__round__org", "application__round__plan"), pk=pk
    )
    body = parse_body(request, ResolveIn)
    services.objection_resolve(by=request.user, objection=obj, resolution=body.resolution, upheld=body.upheld)
    return {}


@router.post("/applications/{pk}/file", response=ApplicationOut, url_name="recruitment_application_file", summary="省总工会备案")
def application_file(request, pk: int):
    return app_out(services.application_file(by=request.user, application=_app(request, pk)))


@router.post(
    "/applications/{pk}/hire",
    response=ApplicationOut,
    url_name="recruitment_application_hire",
    summary="录用：建立社工档案（已备案）",
    openapi_extra=documented_body(HireIn),
)
def application_hire(request, pk: int):

    app = _app(request, pk)
    services.application_hire(by=request.user, application=app, hired_on=parse_body(request, HireIn).hired_on)
    return app_out(app)
