"""Writes of training: keyword-only, one transaction each, permission + scope checked, audited."""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from unionsw.core.audit import audit
from unionsw.core.errors import NotAllowed, OutOfScope
from unionsw.core.scope import org_in_scope
from unionsw.orgs.models import OrgLevel
from unionsw.orgs.policy import effective_policy

from . import rules
from .models import AttendanceMethod, Enrolment, TrainingPlan, TrainingSession

PLAN_LEVELS = (OrgLevel.PROVINCE, OrgLevel.CITY, OrgLevel.COUNTY)


class Conflict(ValidationError):
    """A lost race (unique constraint): the view answers 409."""


def _require(by, code: str) -> None:
    if not by.can(code):
        raise NotAllowed(gettext("您没有此操作的权限"))


def _scope(by, org) -> None:
    if not org_in_scope(by, org):
        raise OutOfScope()


def kinds_for(org, on: date | None = None) -> tuple[list[str], bool]:
    return rules.session_kinds(effective_policy(org, on=on).get("training_kinds"))


@transaction.atomic
def plan_create(*, by, org, year: int, title: str, note: str = "") -> TrainingPlan:
    _require(by, "training.manage")
    _scope(by, org)
    errors = {}
    title = (title or "").strip()
    if org.level not in PLAN_LEVELS:
        errors["org"] = [gettext("年度培训计划由省、市、县（市、区）总工会制定")]
    if not title:
        errors["title"] = [gettext("请填写计划名称")]
    elif len(title) > 100:
        errors["title"] = [gettext("计划名称不超过 100 字")]
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        errors["year"] = [gettext("年度应在 2000–2100 之间")]
    if not errors and TrainingPlan.objects.filter(org=org, year=year).exists():
        errors["year"] = [gettext("%(org)s已有 %(year)s 年度培训计划") % {"org": org.name, "year": year}]
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            plan = TrainingPlan.objects.create(org=org, year=year, title=title, note=(note or "").strip()[:2000], created_by=by)
    except IntegrityError:
        raise Conflict(gettext("%(org)s已有 %(year)s 年度培训计划") % {"org": org.name, "year": year}) from None
    audit(by=by, action="training.plan_create", target=plan, detail={"org": org.name, "year": year})
    return plan


def _decimal(raw, field, label, errors, *, low, high):
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        errors[field] = [gettext("%(label)s应为数字") % {"label": gettext(label)}]
        return None
    if not value.is_finite() or not low <= value <= high:
        errors[field] = [gettext("%(label)s应在 %(low)s–%(high)s 之间") % {"label": gettext(label), "low": low, "high": high}]
        return None
    return value.quantize(Decimal("0.1"))


SESSION_FIELDS = ["kind", "title", "starts_on", "ends_on", "hours", "online", "place", "capacity", "organiser", "self_enrol"]


@transaction.atomic
def session_create(*, by, plan: TrainingPlan, data: dict) -> TrainingSession:
    _require(by, "training.manage")
    _scope(by, plan.org)
    errors: dict[str, list[str]] = {}
    kinds, _ = kinds_for(plan.org)
    kind = (data.get("kind") or "").strip()
    if kind not in kinds:
        errors["kind"] = [gettext("培训类别应为：%(kinds)s") % {"kinds": "、".join(kinds)}]
    title = (data.get("title") or "").strip()
    if not title or len(title) > 100:
        errors["title"] = [gettext("请填写培训名称（不超过 100 字）")]
    starts, ends = data.get("starts_on"), data.get("ends_on")
    if starts is None:
        errors["starts_on"] = [gettext("请填写开始日期")]
    if ends is None:
        errors["ends_on"] = [gettext("请填写结束日期")]
    if starts and ends and ends < starts:
        errors["ends_on"] = [gettext("结束日期不能早于开始日期")]
    if starts and starts.year != plan.year:
        errors["starts_on"] = [gettext("开始日期应在计划年度 %(year)s 年内") % {"year": plan.year}]
    hours = _decimal(data.get("hours"), "hours", gettext_noop("学时"), errors, low=Decimal("0.5"), high=Decimal("500"))
    place = (data.get("place") or "").strip()
    if not place or len(place) > 200:
        errors["place"] = [gettext("请填写地点或线上平台（不超过 200 字）")]
    capacity = data.get("capacity")
    if capacity in ("", None):
        capacity = None
    elif not isinstance(capacity, int) or not 1 <= capacity <= 100000:
        errors["capacity"] = [gettext("名额应为 1–100000 的整数")]
    organiser = (data.get("organiser") or "").strip()
    if len(organiser) > 100:
        errors["organiser"] = [gettext("承办单位不超过 100 字")]
    if errors:
        raise ValidationError(errors)
    session = TrainingSession.objects.create(
        plan=plan,
        kind=kind,
        title=title,
        starts_on=starts,
        ends_on=ends,
        hours=hours,
        online=bool(data.get("online")),
        place=place,
        capacity=capacity,
        organiser=organiser,
        self_enrol=bool(data.get("self_enrol")),
    )
    audit(by=by, action="training.session_create", target=session, detail={"plan": plan.pk, "kind": kind})
    return session


def _locked(session: TrainingSession) -> TrainingSession:
    return TrainingSession.objects.select_for_update(of=("self",)).select_related("plan__org").get(pk=session.pk)


def _check_capacity(session: TrainingSession, adding: int) -> None:
    if session.capacity is None:
        return
    taken = session.enrolments.count()
    if taken + adding > session.capacity:
        raise ValidationError(
            gettext("名额不足：共 %(capacity)s 个，已报名 %(taken)s 人，还可报名 %(left)s 人")
            % {"capacity": session.capacity, "taken": taken, "left": max(session.capacity - taken, 0)}
        )


@transaction.atomic
def enrol(*, by, session: TrainingSession, workers: list) -> int:
    """The organiser enrols workers of its own subtree (already enrolled ones are skipped)."""
    _require(by, "training.manage")
    session = _locked(session)
    _scope(by, session.plan.org)
    from unionsw.workers.selectors import worker_list_visible_to

    ids = [w.pk for w in workers]
    allowed = set(
        worker_list_visible_to(by)
        .filter(pk__in=ids, status="active", org__path__startswith=session.plan.org.path)
        .values_list("pk", flat=True)
    )
    if set(ids) - allowed:
        raise ValidationError(gettext("所选社工不在本计划的范围内或已离岗"))
    already = set(session.enrolments.filter(worker_id__in=ids).values_list("worker_id", flat=True))
    new = [i for i in dict.fromkeys(ids) if i not in already]
    if not new:
        return 0
    _check_capacity(session, len(new))
    Enrolment.objects.bulk_create([Enrolment(session=session, worker_id=i, enrolled_by=by) for i in new])
    audit(by=by, action="training.enrol", target=session, detail={"workers": new})
    return len(new)


def _worker_of(by):
    from .selectors import self_worker

    worker = self_worker(by)
    if worker is None:
        raise ValidationError(gettext("您的账号尚未关联社工档案"))
    return worker


def _self_join(by, session: TrainingSession, worker, today: date) -> Enrolment:
    if not session.self_enrol:
        raise ValidationError(gettext("本班次不接受自行报名，请联系主办单位"))
    if session.plan.org_id not in worker.org.ancestor_ids():
        raise OutOfScope()
    if session.ends_on < today:
        raise ValidationError(gettext("培训已结束，不能报名"))
    _check_capacity(session, 1)
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(session=session, worker=worker, self_enrolled=True, enrolled_by=by)
    except IntegrityError:
        raise Conflict(gettext("您已报名本班次")) from None
    audit(by=by, action="training.self_enrol", target=session, detail={"worker": worker.pk})
    return enrolment


@transaction.atomic
def self_enrol(*, by, session: TrainingSession) -> Enrolment:
    _require(by, "training.self")
    worker = _worker_of(by)
    session = _locked(session)
    if session.enrolments.filter(worker=worker).exists():
        raise Conflict(gettext("您已报名本班次"))
    return _self_join(by, session, worker, timezone.localdate())


MAX_SIGNIN_MINUTES = 12 * 60


@transaction.atomic
def signin_open(*, by, session: TrainingSession, minutes: int) -> TrainingSession:
    """Open code sign-in for `minutes`; the code shown to the room changes every 2 minutes (rules.signin_code)."""
    _require(by, "training.manage")
    session = _locked(session)
    _scope(by, session.plan.org)
    if not isinstance(minutes, int) or not 1 <= minutes <= MAX_SIGNIN_MINUTES:
        raise ValidationError({"minutes": [gettext("签到时长应为 1–%(max)s 分钟") % {"max": MAX_SIGNIN_MINUTES}]})
    today = timezone.localdate()
    if not session.starts_on <= today <= session.ends_on:
        raise ValidationError(gettext("只能在培训期间开启签到"))
    session.signin_secret = secrets.token_hex(20)  # a new secret: codes shown before are void
    session.signin_until = timezone.now() + timedelta(minutes=minutes)
    session.save(update_fields=["signin_secret", "signin_until"])
    audit(by=by, action="training.signin_open", target=session, detail={"minutes": minutes})
    return session


@transaction.atomic
def signin_close(*, by, session: TrainingSession) -> TrainingSession:
    _require(by, "training.manage")
    session = _locked(session)
    _scope(by, session.plan.org)
    session.signin_until = None
    session.save(update_fields=["signin_until"])
    audit(by=by, action="training.signin_close", target=session)
    return session


def current_code(session: TrainingSession, now=None) -> str | None:
    now = now or timezone.now()
    if not session.signin_secret or session.signin_until is None or now > session.signin_until:
        return None
    return rules.signin_code(session.signin_secret, now)


def _failures_key(user, session) -> str:
    return f"training.signin.fail:{session.pk}:{user.pk}"


@transaction.atomic
def signin_with_code(*, by, session: TrainingSession, code: str, now=None) -> Enrolment:
    """A worker types the code shown in the room. Enrolled workers, or anyone who may self-enrol, are
    signed in and credited the session's hours. Ten wrong codes lock the worker out of this session."""
    _require(by, "training.self")
    worker = _worker_of(by)
    now = now or timezone.now()
    session = _locked(session)
    enrolment = session.enrolments.filter(worker=worker).first()
    if enrolment is None and not (session.self_enrol and session.plan.org_id in worker.org.ancestor_ids()):
        raise OutOfScope()
    if session.signin_until is None or now > session.signin_until or not session.signin_secret:
        raise ValidationError({"code": [gettext("签到未开启或已截止")]})
    if enrolment is not None and enrolment.attended_at is not None:
        raise ValidationError({"code": [gettext("您已签到")]})
    key = _failures_key(by, session)
    failures = cache.get(key, 0)
    if failures >= rules.SIGNIN_MAX_FAILURES:
        raise ValidationError({"code": [gettext("签到码错误次数过多，请联系主办方登记签到")]})
    if not rules.code_matches(session.signin_secret, code, now):
        cache.set(key, failures + 1, timeout=24 * 3600)
        audit(by=by, action="training.signin", target=session, result="denied", detail={"worker": worker.pk})
        raise ValidationError({"code": [gettext("签到码不正确或已过期，请输入屏幕上最新的签到码")]})
    if enrolment is None:
        enrolment = _self_join(by, session, worker, timezone.localdate())
    enrolment.attended_at = now
    enrolment.attendance_method = AttendanceMethod.CODE
    enrolment.hours_credited = session.hours
    enrolment.save(update_fields=["attended_at", "attendance_method", "hours_credited"])
    audit(by=by, action="training.signin", target=session, detail={"worker": worker.pk, "hours": str(session.hours)})
    return enrolment


@transaction.atomic
def attendance_mark(*, by, session: TrainingSession, attended_ids: list[int], hours: Decimal | None = None) -> int:
    """The organiser records who attended (the others are cleared) and the hours credited to each."""
    _require(by, "training.manage")
    session = _locked(session)
    _scope(by, session.plan.org)
    errors: dict = {}
    credit = session.hours if hours in (None, "") else _decimal(hours, "hours", gettext_noop("认定学时"), errors, low=Decimal("0"), high=session.hours)
    if errors:
        raise ValidationError(errors)
    wanted = set(attended_ids)
    now = timezone.now()
    changed = 0
    for e in session.enrolments.select_for_update():
        if e.pk in wanted and (e.attended_at is None or e.hours_credited != credit):
            e.attended_at = e.attended_at or now
            e.attendance_method = e.attendance_method or AttendanceMethod.ORGANISER
            e.hours_credited = credit
            e.save(update_fields=["attended_at", "attendance_method", "hours_credited"])
            changed += 1
        elif e.pk not in wanted and e.attended_at is not None:
            e.attended_at, e.attendance_method, e.hours_credited = None, "", None
            e.save(update_fields=["attended_at", "attendance_method", "hours_credited"])
            changed += 1
    audit(by=by, action="training.attendance", target=session, detail={"attended": sorted(wanted), "hours": str(credit)})
    return changed


def certificate_open(*, by, enrolment: Enrolment) -> bytes:
    """The completion certificate (结业证书) of an attended enrolment; every download is audited."""
    if enrolment.attended_at is None:
        raise ValidationError(gettext("未签到（未完成）的培训没有结业证书"))
    if not (by.can("training.view") or enrolment.worker.user_id == by.pk):
        raise NotAllowed(gettext("您没有此操作的权限"))
    from .pdf import completion_certificate

    audit(by=by, action="training.certificate", target=enrolment.worker, detail={"enrolment": enrolment.pk})
    return completion_certificate(enrolment)


@transaction.atomic
def exam_record(*, by, worker, year: int, level: str, result: str, note: str = ""):
    """Record a sitting of the 全国社会工作者职业水平考试 (the certificate itself is added on the worker page)."""
    from .models import ExamLevel, ExamResult, ExamSitting

    _require(by, "training.manage")
    _scope(by, worker.org)
    errors = {}
    if not isinstance(year, int) or not 2008 <= year <= timezone.localdate().year:
        errors["year"] = [gettext("考试年度应在 2008–%(year)s 之间") % {"year": timezone.localdate().year}]
    if level not in ExamLevel.values:
        errors["level"] = [gettext("请选择考试级别")]
    if result not in ExamResult.values:
        errors["result"] = [gettext("请选择考试结果")]
    if len(note or "") > 200:
        errors["note"] = [gettext("说明不超过 200 字")]
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            sitting, created = ExamSitting.objects.update_or_create(
                worker=worker, year=year, level=level, defaults={"result": result, "note": (note or "").strip(), "recorded_by": by}
            )
    except IntegrityError:
        raise Conflict(gettext("该年度该级别的考试记录已存在")) from None
    audit(by=by, action="training.exam", target=worker, detail={"year": year, "level": level, "result": result})
    return sitting
