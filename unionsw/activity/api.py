"""`/api/v1/activity`: work log, volunteer hours and honours over the same services. Evidence files go up as
multipart (`/worklog/upload`, `/volunteer/hours`) through the same check as the pages (core/uploads.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from ninja import Field, File, Path, Query, Router, Schema, Status
from ninja.files import UploadedFile

from unionsw.core.errors import NotAllowed
from unionsw.core.parsing import parse_date
from unionsw.core.request_body import documented_body, parse_body
from unionsw.workers.api import Strict
from unionsw.workers.selectors import worker_list_visible_to

from . import selectors, services
from .models import Review

router = Router(tags=["工作日志、志愿服务与荣誉"])
MAX_ID = 2**63 - 1


class Message(Schema):
    detail: str


class WorkLogIn(Strict):
    category: str = Field(..., max_length=20)
    day: date
    place: str = Field("", max_length=100)
    served: str = Field("", max_length=100)
    beneficiaries: int = Field(0, ge=0, le=1_000_000)
    description: str = Field(..., max_length=2000)


class _WorkerRecordOut(Schema):
    """What a work-log entry and a volunteer-hours row share: whose, where, when, its state and its evidence."""

    id: int
    worker: int = Field(..., alias="worker_id")
    org: int = Field(..., alias="org_id")
    day: date
    status: str
    evidence: int | None = Field(None, alias="evidence_id", description="佐证材料（GET /activity/evidence/{id} 下载）")


class WorkLogOut(_WorkerRecordOut):
    category: str
    place: str
    served: str
    beneficiaries: int
    description: str


class HoursOut(_WorkerRecordOut):
    hours: Decimal
    note: str


class ReviewIn(Strict):
    entries: list[int] = Field(..., min_length=1, max_length=1000)
    confirm: bool = True
    note: str = Field("", max_length=200)


class Count(Schema):
    count: int


class ParticipantsIn(Strict):
    hours: dict[int, Decimal] = Field(..., description="{社工 id: 时长（小时）}")


class OrgTotal(Schema):
    level: str
    org: str
    hours: Decimal


class TotalsOut(Schema):
    total: Decimal
    orgs: list[OrgTotal]


class HonourIn(Strict):
    level: str = Field(..., max_length=12)
    title: str = Field(..., max_length=50)
    body: str = Field(..., max_length=100)
    awarded_on: date


class HonourOut(Schema):
    id: int
    worker: int = Field(..., alias="worker_id")
    level: str
    title: str
    body: str
    awarded_on: date


class NominationIn(Strict):
    worker: int = Field(..., ge=1, le=MAX_ID)
    reason: str = Field(..., max_length=2000)


class NominationOut(Schema):
    id: int
    worker: int = Field(..., alias="worker_id")
    status: str


def _require(request, code):
    if not request.user.can(code):
        raise NotAllowed()


@router.get("/worklog", response=list[WorkLogOut], summary="工作日志（本辖区；status 筛选）", url_name="worklog_list")
def worklog_list(request, status: str = Query("", max_length=20), year: int | None = Query(None, ge=2000, le=2100)):
    if not (request.user.can("worklog.view") or request.user.can("worklog.self")):
        raise NotAllowed()
    qs = selectors.worklog_visible_to(request.user)
    if status in Review.values:
        qs = qs.filter(status=status)
    if year is not None:
        qs = qs.filter(day__year=year)
    return list(qs[:500])


@router.post("/worklog", response={201: WorkLogOut, 400: Message, 403: Message}, summary="社工填报工作日志", url_name="worklog_add")
def worklog_add(request, body: WorkLogIn):
    _require(request, "worklog.self")
    return Status(201, services.worklog_add(by=request.user, data=body.model_dump()))


def _form_int(raw: str, key: str, label: str) -> int:
    text = (raw or "0").strip()
    if not (text.isdigit() and len(text) <= 7):
        raise ValidationError({key: [gettext("%(label)s应为 0–1000000 的整数") % {"label": label}]})
    return int(text)


@router.post(
    "/worklog/upload",
    response={201: WorkLogOut, 400: Message, 403: Message, 413: Message},
    summary="社工填报工作日志并附佐证材料（multipart：category、day、place、served、beneficiaries、description，evidence 为照片或PDF）",
    url_name="worklog_add_upload",
)
def worklog_add_upload(request, evidence: UploadedFile | None = File(None)):  # noqa: B008
    _require(request, "worklog.self")
    form = request.POST
    data = {
        "category": form.get("category", "")[:20],
        "day": parse_date(form.get("day", ""), field="day", label=gettext("日期")),
        "place": form.get("place", "")[:101],
        "served": form.get("served", "")[:101],
        "beneficiaries": _form_int(form.get("beneficiaries", ""), "beneficiaries", gettext("受益人数")),
        "description": form.get("description", "")[:2001],
    }
    return Status(201, services.worklog_add(by=request.user, data=data, evidence=evidence))


@router.post(
    "/volunteer/hours",
    response={201: HoursOut, 400: Message, 403: Message, 409: Message, 413: Message},
    summary="社工登记本人志愿服务时长（multipart：day、hours、note，evidence 为活动照片或证明，必填），待组织者确认",
    url_name="volunteer_hours_log",
)
def volunteer_hours_log(request, evidence: UploadedFile | None = File(None)):  # noqa: B008
    _require(request, "worklog.self")
    form = request.POST
    data = {
        "day": parse_date(form.get("day", ""), field="day", label=gettext("日期")),
        "hours": form.get("hours", "")[:10],
        "note": form.get("note", "")[:201],
    }
    return Status(201, services.hours_log(by=request.user, data=data, evidence=evidence))


@router.get("/evidence/{evidence_id}", response={200: None, 404: Message}, summary="下载佐证材料（本辖区或本人）", url_name="evidence_download")
def evidence_download(request, evidence_id: int = Path(..., ge=1, le=MAX_ID)):
    from unionsw.core.uploads import file_response

    ev = get_object_or_404(selectors.evidence_visible_to(request.user).select_related("worker"), pk=evidence_id)
    if not (request.user.can("worklog.view") or request.user.can("volunteer.view") or ev.worker.user_id == request.user.pk):
        raise Http404
    handle = services.evidence_open(by=request.user, evidence=ev)
    return file_response(handle, content_type=ev.content_type, attachment=True, filename=f"evidence-{ev.pk}{ev.file.name[-4:]}")


@router.post("/worklog/review", response={200: Count, 400: Message, 403: Message, 409: Message}, summary="岗位所在单位确认或退回工作日志", url_name="worklog_review")
def worklog_review(request, body: ReviewIn):
    _require(request, "worklog.confirm")
    entries = list(selectors.worklog_visible_to(request.user).filter(pk__in=body.entries))
    if len(entries) != len(set(body.entries)):
        return Status(400, {"detail": gettext("所选日志不存在或不在您的管理范围内")})
    try:
        n = services.worklog_review(by=request.user, entries=entries, confirm=body.confirm, note=body.note)
    except services.Conflict as exc:
        return Status(409, {"detail": exc.messages[0]})
    return {"count": n}


@router.post(
    "/volunteer/{activity_id}/participants",
    response={200: Count, 400: Message, 403: Message, 404: Message},
    summary="组织单位登记参与社工及时长（即确认）",
    url_name="volunteer_participants",
    openapi_extra=documented_body(ParticipantsIn, {"hours": {"1": "3.5"}}),
)
def participants(request, activity_id: int = Path(..., ge=1, le=MAX_ID)):
    _require(request, "volunteer.manage")
    act = get_object_or_404(selectors.activities_visible_to(request.user).select_related("org"), pk=activity_id)
    body = parse_body(request, ParticipantsIn)
    return {"count": services.participants_set(by=request.user, activity=act, hours_by_worker=body.hours)}


@router.get("/volunteer/totals", response={200: TotalsOut, 400: Message, 403: Message}, summary="志愿服务时长汇总（按单位逐级汇总）", url_name="volunteer_totals")
def volunteer_totals(request, start: str = Query(..., max_length=20), end: str = Query(..., max_length=20)):
    _require(request, "volunteer.view")
    s = parse_date(start, field="start", label=gettext("开始日期"), required=True)
    e = parse_date(end, field="end", label=gettext("结束日期"), required=True)
    t = selectors.volunteer_totals(request.user, start=s, end=e)
    return {"total": t["total"], "orgs": [{"level": lv, "org": o.name, "hours": h} for lv, o, h in t["rows"]]}


@router.post(
    "/workers/{worker_id}/honours",
    response={201: HonourOut, 400: Message, 403: Message, 404: Message},
    summary="登记荣誉表彰",
    url_name="honour_add",
    openapi_extra=documented_body(HonourIn, {"level": "city", "title": "优秀工会工作者", "body": "济南市总工会", "awarded_on": "2026-05-01"}),
)
def honour_add(request, worker_id: int = Path(..., ge=1, le=MAX_ID)):
    _require(request, "honour.manage")
    worker = get_object_or_404(worker_list_visible_to(request.user).select_related("org"), pk=worker_id)
    body = parse_body(request, HonourIn)
    return Status(201, services.honour_add(by=request.user, worker=worker, data=body.model_dump()))


@router.post(
    "/selections/{selection_id}/nominations",
    response={201: NominationOut, 400: Message, 403: Message, 404: Message, 409: Message},
    summary="县级推荐年度优秀社工",
    url_name="selection_nominate",
    openapi_extra=documented_body(NominationIn, {"worker": 1, "reason": "扎根基层，成效突出"}),
)
def nominate(request, selection_id: int = Path(..., ge=1, le=MAX_ID)):
    _require(request, "selection.nominate")
    sel = get_object_or_404(selectors.selections_visible_to(request.user), pk=selection_id)
    body = parse_body(request, NominationIn)
    worker = get_object_or_404(worker_list_visible_to(request.user).select_related("org"), pk=body.worker)
    try:
        return Status(201, services.nominate(by=request.user, selection=sel, worker=worker, reason=body.reason))
    except services.Conflict as exc:
        return Status(409, {"detail": exc.messages[0]})


class ActivityIn(Strict):
    org: int = Field(..., ge=1, le=MAX_ID)
    theme: str = Field(..., max_length=100)
    day: date
    place: str = Field(..., max_length=100)
    organiser: str = Field("", max_length=100)
    description: str = Field("", max_length=2000)


class ActivityOut(Schema):
    id: int
    org: int = Field(..., alias="org_id")
    theme: str
    day: date
    place: str


class HoursReviewIn(Strict):
    rows: list[int] = Field(..., min_length=1, max_length=1000)
    confirm: bool = True


class AdvanceIn(Strict):
    notice_from: date | None = None
    notice_until: date | None = None


class SelectionOut(Schema):
    id: int
    year: int
    title: str
    quota: int | None
    status: str


class DecisionIn(Strict):
    approve: bool
    note: str = Field("", max_length=200)


class ObjectionIn(Strict):
    text: str = Field(..., max_length=2000)


class ResolveIn(Strict):
    upheld: bool
    resolution: str = Field(..., max_length=200)


class ObjectionOut(Schema):
    id: int
    nomination: int = Field(..., alias="nomination_id")
    upheld: bool | None
    resolution: str


class PartTimeIn(Strict):
    title: str = Field(..., max_length=100)
    organisation: str = Field(..., max_length=100)
    starts_on: date
    ends_on: date | None = None
    consent: bool = False
    consent_by: str = Field("", max_length=100)
    consent_on: date | None = None


class PartTimeOut(Schema):
    id: int
    worker: int = Field(..., alias="worker_id")
    title: str
    organisation: str
    consent: bool


class RoundIn(Strict):
    round: int = Field(..., ge=1, le=MAX_ID)


@router.post("/volunteer", response={201: ActivityOut, 400: Message, 403: Message}, summary="登记志愿服务活动", url_name="volunteer_activity_create")
def activity_create(request, body: ActivityIn):
    from unionsw.core.scope import visible_orgs

    _require(request, "volunteer.manage")
    org = visible_orgs(request.user).filter(pk=body.org).first()
    if org is None:
        return Status(400, {"detail": gettext("所选单位不存在或不在您的管理范围内")})
    return Status(201, services.activity_create(by=request.user, org=org, data=body.model_dump()))


@router.post("/volunteer/review", response={200: Count, 400: Message, 403: Message, 409: Message}, summary="确认或退回本人填报的志愿服务时长", url_name="volunteer_review")
def hours_review(request, body: HoursReviewIn):
    _require(request, "volunteer.manage")
    rows = list(selectors.hours_visible_to(request.user).filter(pk__in=body.rows))
    if len(rows) != len(set(body.rows)):
        return Status(400, {"detail": gettext("所选记录不存在或不在您的管理范围内")})
    try:
        return {"count": services.hours_review(by=request.user, rows=rows, confirm=body.confirm)}
    except services.Conflict as exc:
        return Status(409, {"detail": exc.messages[0]})


@router.post(
    "/selections/{selection_id}/advance",
    response={200: SelectionOut, 400: Message, 403: Message, 404: Message},
    summary="评选推进：截止推荐 → 发布公示 → 表彰",
    url_name="selection_advance",
    openapi_extra=documented_body(AdvanceIn, {"notice_from": "2026-12-01", "notice_until": "2026-12-07"}),
)
def selection_advance(request, selection_id: int = Path(..., ge=1, le=MAX_ID)):
    _require(request, "selection.review")
    sel = get_object_or_404(selectors.selections_visible_to(request.user), pk=selection_id)
    body = parse_body(request, AdvanceIn)
    return services.selection_advance(by=request.user, selection=sel, notice_from=body.notice_from, notice_until=body.notice_until)


@router.post(
    "/nominations/{nomination_id}/review",
    response={200: NominationOut, 400: Message, 403: Message, 404: Message},
    summary="市级审核推荐人选（名额内）",
    url_name="nomination_review",
    openapi_extra=documented_body(DecisionIn, {"approve": True}),
)
def nomination_review(request, nomination_id: int = Path(..., ge=1, le=MAX_ID)):
    _require(request, "selection.review")
    nom = get_object_or_404(selectors.nominations_visible_to(request.user).select_related("selection"), pk=nomination_id)
    body = parse_body(request, DecisionIn)
    return services.nomination_review(by=request.user, nomination=nom, approve=body.approve, note=body.note)


@router.post(
    "/nominations/{nomination_id}/objections",
    response={201: ObjectionOut, 400: Message, 403: Message, 404: Message},
    summary="公示期内提出异议",
    url_name="objection_raise",
    openapi_extra=documented_body(ObjectionIn, {"text": "所报业绩与事实不符"}),
)
def objection_raise(request, nomination_id: int = Path(..., ge=1, le=MAX_ID)):
    from .models import Nomination

    _require(request, "honour.view")
    # as on the page: whoever sees the selection's public notice may object
    visible = selectors.selections_visible_to(request.user).values("pk")
    nom = get_object_or_404(Nomination.objects.filter(selection__in=visible).select_related("selection"), pk=nomination_id)
    body = parse_body(request, ObjectionIn)
    return Status(201, services.objection_raise(by=request.user, nomination=nom, text=body.text))


@router.post(
    "/objections/{objection_id}/resolve",
    response={200: ObjectionOut, 400: Message, 403: Message, 404: Message, 409: Message},
    summary="处理异议（成立则撤销该人选）",
    url_name="objection_resolve",
    openapi_extra=documented_body(ResolveIn, {"upheld": False, "resolution": "经核实，异议不成立"}),
)
def objection_resolve(request, objection_id: int = Path(..., ge=1, le=MAX_ID)):
    from .models import Objection

    _require(request, "selection.review")
    visible = selectors.nominations_visible_to(request.user).values("pk")
    obj = get_object_or_404(Objection.objects.filter(nomination__in=visible), pk=objection_id)
    body = parse_body(request, ResolveIn)
    try:
        return services.objection_resolve(by=request.user, objection=obj, upheld=body.upheld, resolution=body.resolution)
    except services.Conflict as exc:
        return Status(409, {"detail": exc.messages[0]})


@router.post(
    "/workers/{worker_id}/parttime",
    response={201: PartTimeOut, 400: Message, 403: Message, 404: Message},
    summary="登记兼任及聘用单位同意",
    url_name="part_time_add",
    openapi_extra=documented_body(PartTimeIn, {"title": "兼职讲师", "organisation": "区职工学校", "starts_on": "2026-01-01"}),
)
def part_time_add(request, worker_id: int = Path(..., ge=1, le=MAX_ID)):
    _require(request, "parttime.manage")
    worker = get_object_or_404(worker_list_visible_to(request.user).select_related("org"), pk=worker_id)
    body = parse_body(request, PartTimeIn)
    return Status(201, services.part_time_add(by=request.user, worker=worker, data=body.model_dump()))


@router.post("/assessment/workload", response={200: Count, 400: Message, 403: Message, 404: Message}, summary="从已确认的工作日志填入年度工作量化表（一量化）", url_name="workload_prefill_round")
def workload_prefill(request, body: RoundIn):
    from unionsw.assessment.selectors import rounds_visible_to

    _require(request, "assessment.county")
    rnd = get_object_or_404(rounds_visible_to(request.user), pk=body.round)
    return {"count": services.workload_prefill_round(by=request.user, round=rnd)}


@router.post("/assessment/commendations", response={200: Count, 400: Message, 403: Message, 404: Message}, summary="按荣誉表彰填入考核表彰级别（加分按考核方案）", url_name="bonus_prefill_round")
def bonus_prefill(request, body: RoundIn):
    from unionsw.assessment.selectors import rounds_visible_to

    _require(request, "assessment.county")
    rnd = get_object_or_404(rounds_visible_to(request.user), pk=body.round)
    return {"count": services.bonus_prefill_round(by=request.user, round=rnd)}
