"""`/api/v1/training`: plans, sessions, enrolment, sign-in and a worker's record, over the same services.

Operations taking an id load the object through the scope filter first (404 outside scope), then parse the body."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from ninja import Field, Path, Query, Router, Schema, Status

from unionsw.core.errors import NotAllowed
from unionsw.core.request_body import documented_body, parse_body
from unionsw.core.scope import visible_orgs
from unionsw.workers.api import Strict
from unionsw.workers.selectors import worker_list_visible_to

from . import compliance, selectors, services

router = Router(tags=["教育培训"])
MAX_ID = 2**63 - 1


class Message(Schema):
    detail: str


class PlanOut(Schema):
    id: int
    org: int = Field(..., alias="org_id")
    year: int
    title: str
    note: str


class PlanIn(Strict):
    org: int = Field(..., ge=1, le=MAX_ID)
    year: int = Field(..., ge=2000, le=2100)
    title: str = Field(..., max_length=100)
    note: str = Field("", max_length=2000)


class SessionIn(Strict):
    kind: str = Field(..., max_length=20)
    title: str = Field(..., max_length=100)
    starts_on: date
    ends_on: date
    hours: Decimal = Field(..., ge=0, le=1000, decimal_places=1)
    online: bool = False
    place: str = Field(..., max_length=200)
    capacity: int | None = Field(None, ge=1, le=100000)
    organiser: str = Field("", max_length=100)
    self_enrol: bool = False


class EnrolmentOut(Schema):
    id: int
    worker: int = Field(..., alias="worker_id")
    self_enrolled: bool
    attended_at: str | None = None
    attendance_method: str
    hours_credited: Decimal | None

    @staticmethod
    def resolve_attended_at(obj):
        return obj.attended_at.isoformat() if obj.attended_at else None


class SessionOut(Schema):
    id: int
    plan: int = Field(..., alias="plan_id")
    kind: str
    title: str
    starts_on: date
    ends_on: date
    hours: Decimal
    online: bool
    place: str
    capacity: int | None
    self_enrol: bool


class SessionDetail(SessionOut):
    enrolments: list[EnrolmentOut]

    @staticmethod
    def resolve_enrolments(obj):
        return list(obj.enrolments.all())


class EnrolIn(Strict):
    workers: list[int] = Field(..., min_length=1, max_length=1000)


class EnrolOut(Schema):
    added: int


class AttendanceIn(Strict):
    attended: list[int] = Field(..., max_length=10000, description="已签到的报名记录 id；其余清除")
    hours: Decimal | None = Field(None, ge=0, le=1000)


class SigninIn(Strict):
    code: str = Field(..., min_length=1, max_length=20)


class WorkerTrainingOut(Schema):
    worker: int
    hours_by_year: dict[int, Decimal]
    compliance: str
    deadline: date | None
    enrolments: list[EnrolmentOut]


def _require(request, code):
    if not request.user.can(code):
        raise NotAllowed()


@router.get("/plans", response=list[PlanOut], summary="年度培训计划", url_name="training_plans")
def plans(request, year: int | None = Query(None, ge=2000, le=2100)):
    _require(request, "training.view")
    qs = selectors.plans_visible_to(request.user)
    if year is not None:
        qs = qs.filter(year=year)
    return list(qs[:500])


@router.post("/plans", response={201: PlanOut, 400: Message, 403: Message, 409: Message}, summary="建立年度培训计划", url_name="training_plan_create")
def plan_create(request, body: PlanIn):
    _require(request, "training.manage")
    org = visible_orgs(request.user).filter(pk=body.org).first()
    if org is None:
        return Status(400, {"detail": gettext("所选单位不存在或不在您的管理范围内")})
    try:
        plan = services.plan_create(by=request.user, org=org, year=body.year, title=body.title, note=body.note)
    except services.Conflict as exc:
        return Status(409, {"detail": exc.messages[0]})
    return Status(201, plan)


@router.post(
    "/plans/{plan_id}/sessions",
    response={201: SessionOut, 400: Message, 403: Message, 404: Message},
    summary="新增培训班次",
    url_name="training_session_create",
    openapi_extra=documented_body(SessionIn),
)
def session_create(request, plan_id: int = Path(..., ge=1, le=MAX_ID)):
    _require(request, "training.manage")
    plan = get_object_or_404(selectors.plans_visible_to(request.user).select_related("org"), pk=plan_id)
    body = parse_body(request, SessionIn)
    return Status(201, services.session_create(by=request.user, plan=plan, data=body.model_dump()))


@router.get("/sessions/{session_id}", response={200: SessionDetail, 404: Message}, summary="培训班次（含报名与签到）", url_name="training_session")
def session_get(request, session_id: int = Path(..., ge=1, le=MAX_ID)):
    _require(request, "training.view")
    return get_object_or_404(selectors.sessions_visible_to(request.user), pk=session_id)


@router.post(
    "/sessions/{session_id}/enrol",
    response={200: EnrolOut, 400: Message, 403: Message, 404: Message},
    summary="主办单位报名社工",
    url_name="training_enrol",
    openapi_extra=documented_body(EnrolIn, {"workers": [1, 2]}),
)
def enrol(request, session_id: int = Path(..., ge=1, le=MAX_ID)):
    _require(request, "training.manage")
    session = get_object_or_404(selectors.sessions_visible_to(request.user).select_related("plan__org"), pk=session_id)
    body = parse_body(request, EnrolIn)
    workers = list(worker_list_visible_to(request.user).filter(pk__in=body.workers))
    if len(workers) != len(set(body.workers)):
        return Status(400, {"detail": gettext("所选社工不存在或不在您的管理范围内")})
    return {"added": services.enrol(by=request.user, session=session, workers=workers)}


@router.post(
    "/sessions/{session_id}/attendance",
    response={200: SessionDetail, 400: Message, 403: Message, 404: Message},
    summary="主办单位登记签到与认定学时",
    url_name="training_attendance",
    openapi_extra=documented_body(AttendanceIn, {"attended": [1], "hours": "8"}),
)
def attendance(request, session_id: int = Path(..., ge=1, le=MAX_ID)):
    _require(request, "training.manage")
    session = get_object_or_404(selectors.sessions_visible_to(request.user).select_related("plan__org"), pk=session_id)
    body = parse_body(request, AttendanceIn)
    services.attendance_mark(by=request.user, session=session, attended_ids=body.attended, hours=body.hours)
    return session


@router.post(
    "/sessions/{session_id}/signin",
    response={200: EnrolmentOut, 400: Message, 403: Message, 404: Message, 409: Message},
    summary="社工输入签到码签到",
    url_name="training_signin",
    openapi_extra=documented_body(SigninIn, {"code": "123456"}),
)
def signin(request, session_id: int = Path(..., ge=1, le=MAX_ID)):
    _require(request, "training.self")
    worker = selectors.self_worker(request.user)
    if worker is None:
        return Status(404, {"detail": gettext("对象不存在或不在您的管理范围内")})
    session = get_object_or_404(selectors.sessions_for_worker(worker), pk=session_id)
    body = parse_body(request, SigninIn)
    try:
        return services.signin_with_code(by=request.user, session=session, code=body.code)
    except services.Conflict as exc:
        return Status(409, {"detail": exc.messages[0]})


@router.get("/workers/{worker_id}", response={200: WorkerTrainingOut, 404: Message}, summary="一名社工的培训记录、年度学时与培训期限", url_name="training_worker")
def worker_training(request, worker_id: int = Path(..., ge=1, le=MAX_ID)):
    from django.http import Http404
    from django.utils import timezone

    worker = get_object_or_404(worker_list_visible_to(request.user).select_related("org"), pk=worker_id)
    if not (request.user.can("training.view") or worker.user_id == request.user.pk):
        raise Http404
    c = compliance.for_worker(worker, timezone.localdate())["c"]
    return {
        "worker": worker.pk,
        "hours_by_year": selectors.worker_hours_by_year(request.user, worker),
        "compliance": c.state,
        "deadline": c.deadline,
        "enrolments": list(selectors.worker_history(request.user, worker)),
    }


class SigninOpenIn(Strict):
    minutes: int = Field(..., ge=1, le=services.MAX_SIGNIN_MINUTES)


class SigninOpenOut(Schema):
    session: int
    signin_until: str
    code: str | None


class ExamIn(Strict):
    year: int = Field(..., ge=2008, le=2100)
    level: str = Field(..., max_length=16)
    result: str = Field(..., max_length=10)
    note: str = Field("", max_length=200)


class ExamOut(Schema):
    id: int
    worker: int = Field(..., alias="worker_id")
    year: int
    level: str
    result: str
    note: str


@router.post(
    "/sessions/{session_id}/join",
    response={201: EnrolmentOut, 400: Message, 403: Message, 404: Message, 409: Message},
    summary="社工自行报名",
    url_name="training_join",
)
def join(request, session_id: int = Path(..., ge=1, le=MAX_ID)):
    _require(request, "training.self")
    worker = selectors.self_worker(request.user)
    if worker is None:
        return Status(404, {"detail": gettext("对象不存在或不在您的管理范围内")})
    session = get_object_or_404(selectors.sessions_for_worker(worker), pk=session_id)
    try:
        return Status(201, services.self_enrol(by=request.user, session=session))
    except services.Conflict as exc:
        return Status(409, {"detail": exc.messages[0]})


@router.post(
    "/sessions/{session_id}/signin/open",
    response={200: SigninOpenOut, 400: Message, 403: Message, 404: Message},
    summary="主办单位开启签到码签到（签到码每 2 分钟更换）",
    url_name="training_signin_open",
    openapi_extra=documented_body(SigninOpenIn, {"minutes": 30}),
)
def signin_open(request, session_id: int = Path(..., ge=1, le=MAX_ID)):
    _require(request, "training.manage")
    session = get_object_or_404(selectors.sessions_visible_to(request.user).select_related("plan__org"), pk=session_id)
    body = parse_body(request, SigninOpenIn)
    session = services.signin_open(by=request.user, session=session, minutes=body.minutes)
    return {"session": session.pk, "signin_until": session.signin_until.isoformat(), "code": services.current_code(session)}


@router.post(
    "/workers/{worker_id}/exams",
    response={200: ExamOut, 400: Message, 403: Message, 404: Message, 409: Message},
    summary="记录全国社会工作者职业水平考试",
    url_name="training_exam",
    openapi_extra=documented_body(ExamIn, {"year": 2025, "level": "assistant", "result": "passed"}),
)
def exam(request, worker_id: int = Path(..., ge=1, le=MAX_ID)):
    _require(request, "training.manage")
    worker = get_object_or_404(worker_list_visible_to(request.user).select_related("org"), pk=worker_id)
    body = parse_body(request, ExamIn)
    try:
        return services.exam_record(by=request.user, worker=worker, **body.model_dump())
    except services.Conflict as exc:
        return Status(409, {"detail": exc.messages[0]})
