"""Writes of the work log, volunteer service and honours: one transaction each, permission + scope, audited."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from unionsw.core.audit import audit
from unionsw.core.errors import NotAllowed, OutOfScope
from unionsw.core.scope import org_in_scope
from unionsw.core.uploads import check_upload, open_stored
from unionsw.orgs.models import OrgLevel
from unionsw.orgs.policy import effective_policy

from . import rules
from .models import (
    Evidence,
    Honour,
    HonourLevel,
    Nomination,
    NominationStatus,
    Objection,
    Review,
    Selection,
    SelectionStatus,
    VolunteerActivity,
    VolunteerHours,
    WorkLogEntry,
)


class Conflict(ValidationError):
    """A lost race (unique constraint, concurrent review): the view answers 409."""


def _require(by, code: str) -> None:
    if not by.can(code):
        raise NotAllowed(_("您没有此操作的权限"))


def _scope(by, org) -> None:
    if not org_in_scope(by, org):
        raise OutOfScope()


def _self_worker(by):
    from unionsw.workers.selectors import worker_list_visible_to

    worker = worker_list_visible_to(by).filter(user=by, status="active").select_related("org").first()
    if worker is None:
        raise ValidationError(_("您的账号尚未关联在岗社工档案"))
    return worker


def _text(data, key, label, errors, *, required=False, max_len=100) -> str:
    value = (data.get(key) or "").strip()
    if required and not value:
        errors[key] = [_("请填写%(label)s") % {"label": label}]
    elif len(value) > max_len:
        errors[key] = [_("%(label)s不超过 %(max)s 字") % {"label": label, "max": max_len}]
    return value


def _day(data, key, label, errors) -> date | None:
    day = data.get(key)
    if day is None:
        errors[key] = [_("请填写%(label)s") % {"label": label}]
    elif day > timezone.localdate():
        errors[key] = [_("%(label)s不能晚于今天") % {"label": label}]
    return day


# ---- evidence -----------------------------------------------------------------------------------


def evidence_store(*, by, worker, upload) -> Evidence:
    checked = check_upload(upload, max_bytes=rules.MAX_EVIDENCE_BYTES, what=_("佐证材料"), field="evidence")
    upload.name = f"w{worker.pk}{checked.extension}"
    ev = Evidence(
        worker=worker,
        file=upload,
        content_type=checked.content_type,
        size=upload.size,
        width=checked.width,
        height=checked.height,
        uploaded_by=by,
    )
    ev.save()
    return ev


def evidence_open(*, by, evidence: Evidence):
    audit(by=by, action="activity.evidence_download", target=evidence.worker, detail={"evidence": evidence.pk})
    return open_stored(evidence.file)


# ---- work log -----------------------------------------------------------------------------------


def categories_for(org) -> tuple[list[str], bool]:
    return rules.categories(effective_policy(org).get("worklog_categories"))


@transaction.atomic
def worklog_add(*, by, data: dict, evidence=None) -> WorkLogEntry:
    """The worker logs one piece of work; the host unit confirms it."""
    _require(by, "worklog.self")
    worker = _self_worker(by)
    errors: dict[str, list[str]] = {}
    cats, _from_policy = categories_for(worker.org)
    category = (data.get("category") or "").strip()
    if category not in cats:
        errors["category"] = [_("类别应为：%(categories)s") % {"categories": _("、").join(cats)}]
    day = _day(data, "day", _("日期"), errors)
    place = _text(data, "place", _("地点"), errors)
    served = _text(data, "served", _("服务企业/工会"), errors)
    description = _text(data, "description", _("工作内容"), errors, required=True, max_len=2000)
    people = data.get("beneficiaries") or 0
    if not isinstance(people, int) or not 0 <= people <= 1_000_000:
        errors["beneficiaries"] = [_("受益人数应为 0–1000000 的整数")]
    if errors:
        raise ValidationError(errors)
    entry = WorkLogEntry(
        worker=worker, org=worker.org, day=day, category=category, place=place, served=served, beneficiaries=people, description=description
    )
    if evidence is not None:
        entry.evidence = evidence_store(by=by, worker=worker, upload=evidence)
    entry.save()
    audit(by=by, action="worklog.add", target=entry, detail={"category": category, "day": str(day)})
    return entry


@transaction.atomic
def worklog_review(*, by, entries: list[WorkLogEntry], confirm: bool, note: str = "") -> int:
    """The host unit (or the county above it) confirms or returns submitted entries."""
    _require(by, "worklog.confirm")
    ids = [e.pk for e in entries]
    locked = list(WorkLogEntry.objects.select_for_update(of=("self",)).filter(pk__in=ids).select_related("org", "worker"))
    for e in locked:
        _scope(by, e.org)
        if e.worker.user_id == by.pk:
            raise NotAllowed(_("不能确认本人的工作日志"))
    note = (note or "").strip()[:200]
    if not confirm and not note:
        raise ValidationError({"note": [_("退回时请填写意见")]})
    pending = [e for e in locked if e.status == Review.SUBMITTED]
    if len(pending) != len(ids):
        raise Conflict(_("部分日志已被他人处理，请刷新后重试"))
    now = timezone.now()
    WorkLogEntry.objects.filter(pk__in=[e.pk for e in pending]).update(
        status=Review.CONFIRMED if confirm else Review.RETURNED, reviewed_by=by, reviewed_at=now, review_note=note
    )
    audit(by=by, action="worklog.confirm" if confirm else "worklog.return", target=by.org, detail={"entries": ids, "note": note})
    return len(pending)


def worklog_counts(worker, year: int) -> dict[str, tuple[int, int]]:
    """Confirmed entries and beneficiaries per category of one worker and year (1 query)."""
    rows = (
        WorkLogEntry.objects.filter(worker=worker, status=Review.CONFIRMED, day__year=year)
        .values("category")
        .annotate(n=Count("id"), people=Sum("beneficiaries"))
        .order_by("-n", "category")
    )
    return {r["category"]: (r["n"], r["people"] or 0) for r in rows}


@transaction.atomic
def workload_prefill(*, by, entry) -> list[dict]:
    """Fill the assessment's workload table (一量化, seed 003) of one assessment entry from the worker's
    confirmed log of that year. The worker themself or the county may do it while the round is open; rows the
    worker typed for items the log lacks are kept. Nothing of the assessment app is rewritten: this writes the
    same `Entry.workload` field that the worker's self-report form writes."""
    from unionsw.assessment.models import Entry
    from unionsw.assessment.services import OPEN

    entry = Entry.objects.select_for_update().select_related("round", "worker", "org").get(pk=entry.pk)
    is_self = entry.worker.user_id == by.pk and by.can("assessment.self")
    if not is_self:
        _require(by, "assessment.county")
        _scope(by, entry.org)
    if entry.round.status not in OPEN:
        raise ValidationError(_("评议已结束，不能再修改年度工作量化表"))
    rows = rules.workload_rows(worklog_counts(entry.worker, entry.round.year), list(entry.workload or []))
    entry.workload = rows
    entry.save(update_fields=["workload"])
    audit(by=by, action="assessment.workload_prefill", target=entry, detail={"rows": len(rows)})
    return rows


@transaction.atomic
def workload_prefill_round(*, by, round) -> int:
    """The county fills the workload table of every entry of a round in its scope from the confirmed log."""
    from unionsw.assessment.selectors import entries_visible_to

    _require(by, "assessment.county")
    n = 0
    for e in entries_visible_to(by).filter(round=round):
        if org_in_scope(by, e.org):
            workload_prefill(by=by, entry=e)
            n += 1
    return n


# ---- volunteer service --------------------------------------------------------------------------


def _hours(raw, errors, key="hours") -> Decimal | None:
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        errors[key] = [_("时长应为数字")]
        return None
    if not value.is_finite() or not Decimal("0.5") <= value <= Decimal("24"):
        errors[key] = [_("时长应在 0.5–24 小时之间")]
        return None
    return value.quantize(Decimal("0.1"))


@transaction.atomic
def activity_create(*, by, org, data: dict, photo=None) -> VolunteerActivity:
    _require(by, "volunteer.manage")
    _scope(by, org)
    errors: dict[str, list[str]] = {}
    theme = _text(data, "theme", _("主题"), errors, required=True)
    day = data.get("day")
    if day is None:
        errors["day"] = [_("请填写日期")]
    place = _text(data, "place", _("地点"), errors, required=True)
    organiser = _text(data, "organiser", _("组织者"), errors)
    description = _text(data, "description", _("活动内容"), errors, max_len=2000)
    if errors:
        raise ValidationError(errors)
    act = VolunteerActivity(org=org, theme=theme, day=day, place=place, organiser=organiser, description=description, created_by=by)
    if photo is not None:
        checked = check_upload(photo, max_bytes=rules.MAX_EVIDENCE_BYTES, what=_("活动照片"), field="photo")
        photo.name = f"a{org.pk}{checked.extension}"
        act.photo, act.photo_type = photo, checked.content_type
    act.save()
    audit(by=by, action="volunteer.activity_create", target=act, detail={"theme": theme, "photo": bool(photo)})
    return act


@transaction.atomic
def participants_set(*, by, activity: VolunteerActivity, hours_by_worker: dict) -> int:
    """The organiser records participants with their hours; these are confirmed at once (the organiser confirms)."""
    _require(by, "volunteer.manage")
    _scope(by, activity.org)
    from unionsw.workers.selectors import worker_list_visible_to

    errors: dict = {}
    values = {wid: _hours(h, errors, f"hours_{wid}") for wid, h in hours_by_worker.items()}
    if errors:
        raise ValidationError(errors)
    workers = {w.pk: w for w in worker_list_visible_to(by).filter(pk__in=list(values), status="active")}
    if set(values) - set(workers):
        raise ValidationError(_("所选社工不在您的管理范围内或已离岗"))
    now = timezone.now()
    n = 0
    for wid, h in values.items():
        row, created = VolunteerHours.objects.select_for_update().get_or_create(
            activity=activity,
            worker_id=wid,
            defaults={"org": workers[wid].org, "day": activity.day, "hours": h, "status": Review.CONFIRMED, "reviewed_by": by, "reviewed_at": now},
        )
        if not created and (row.hours != h or row.status != Review.CONFIRMED):
            row.hours, row.status, row.reviewed_by, row.reviewed_at = h, Review.CONFIRMED, by, now
            row.save(update_fields=["hours", "status", "reviewed_by", "reviewed_at"])
        n += 1
    audit(by=by, action="volunteer.participants", target=activity, detail={"workers": {str(k): str(v) for k, v in values.items()}})
    return n


@transaction.atomic
def hours_log(*, by, data: dict, evidence=None, activity: VolunteerActivity | None = None) -> VolunteerHours:
    """A worker logs their own volunteer hours with evidence; the organiser (or the host unit) confirms."""
    _require(by, "worklog.self")
    worker = _self_worker(by)
    errors: dict[str, list[str]] = {}
    day = _day(data, "day", _("日期"), errors)
    hours = _hours(data.get("hours"), errors)
    note = _text(data, "note", _("说明"), errors, required=activity is None, max_len=200)
    if evidence is None:
        errors["evidence"] = [_("请上传活动照片或证明材料")]
    if errors:
        raise ValidationError(errors)
    row = VolunteerHours(activity=activity, worker=worker, org=worker.org, day=day, hours=hours, note=note, logged_by_worker=True)
    row.evidence = evidence_store(by=by, worker=worker, upload=evidence)
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        raise Conflict(_("您已登记过本次活动的时长")) from None
    audit(by=by, action="volunteer.log", target=row, detail={"hours": str(hours)})
    return row


@transaction.atomic
def hours_review(*, by, rows: list[VolunteerHours], confirm: bool) -> int:
    _require(by, "volunteer.manage")
    locked = list(
        VolunteerHours.objects.select_for_update(of=("self",)).filter(pk__in=[r.pk for r in rows]).select_related("org", "activity__org", "worker")
    )
    for r in locked:
        _scope(by, r.activity.org if r.activity_id else r.org)
        if r.worker.user_id == by.pk:
            raise NotAllowed(_("不能确认本人的志愿服务时长"))
    pending = [r for r in locked if r.status == Review.SUBMITTED]
    if len(pending) != len(rows):
        raise Conflict(_("部分记录已被他人处理，请刷新后重试"))
    VolunteerHours.objects.filter(pk__in=[r.pk for r in pending]).update(
        status=Review.CONFIRMED if confirm else Review.RETURNED, reviewed_by=by, reviewed_at=timezone.now()
    )
    audit(by=by, action="volunteer.confirm" if confirm else "volunteer.return", target=by.org, detail={"rows": [r.pk for r in pending]})
    return len(pending)


# ---- honours ------------------------------------------------------------------------------------


def honour_titles(org) -> list[str]:
    return list(effective_policy(org).get("honours") or [])


@transaction.atomic
def honour_add(*, by, worker, data: dict, document=None, selection=None) -> Honour:
    _require(by, "honour.manage")
    _scope(by, worker.org)
    errors: dict[str, list[str]] = {}
    level = data.get("level")
    if level not in HonourLevel.values:
        errors["level"] = [_("请选择表彰级别")]
    title = _text(data, "title", _("荣誉称号"), errors, required=True, max_len=50)
    body = _text(data, "body", _("授予单位"), errors, required=True)
    awarded_on = _day(data, "awarded_on", _("授予日期"), errors)
    if errors:
        raise ValidationError(errors)
    doc = None
    if document is not None:
        from unionsw.workers.services import document_upload

        # the document title is stored in the personal record: Chinese
        doc = document_upload(by=by, worker=worker, kind="honor", title=f"{title}表彰文件"[:100], upload=document)
    honour = Honour.objects.create(
        worker=worker, level=level, title=title, body=body, awarded_on=awarded_on, document=doc, selection=selection, created_by=by
    )
    audit(by=by, action="honour.add", target=worker, detail={"title": title, "level": level})
    return honour


def commendation_level(worker, year: int) -> str:
    return rules.best_level(list(Honour.objects.filter(worker=worker, awarded_on__year=year).values_list("level", flat=True)))


@transaction.atomic
def bonus_prefill_round(*, by, round) -> int:
    """Set each entry's commendation level (the assessment adds the round's bonus points for it, seed 003) from
    the honours awarded in the round's year, through the assessment's own service. Returns entries changed."""
    from unionsw.assessment.models import Source
    from unionsw.assessment.selectors import entries_visible_to
    from unionsw.assessment.services import component_scores_set

    _require(by, "assessment.county")
    if Source.WORKLOAD not in round.sources() and Source.COUNTY not in round.sources():
        raise ValidationError(_("本次考核没有县级评定或工作量化环节，不能填入表彰加分"))
    source = Source.WORKLOAD if Source.WORKLOAD in round.sources() else Source.COUNTY
    entries = list(entries_visible_to(by).filter(round=round).select_related("org", "round"))
    levels: dict[int, list[str]] = {}
    for wid, lv in Honour.objects.filter(worker_id__in=[e.worker_id for e in entries], awarded_on__year=round.year).values_list(
        "worker_id", "level"
    ):
        levels.setdefault(wid, []).append(lv)
    n = 0
    for e in entries:
        best = rules.best_level(levels.get(e.worker_id, []))
        if best and best != e.commendation and org_in_scope(by, e.org):
            component_scores_set(by=by, entry=e, source=source, values={}, commendation=best)
            n += 1
    return n


# ---- annual excellent-worker selection ----------------------------------------------------------


@transaction.atomic
def selection_create(*, by, org, year: int, title: str) -> Selection:
    """The city opens the year's selection; the quota is the profile's (Qingdao: 20, seed 002), None = 未规定."""
    _require(by, "selection.review")
    _scope(by, org)
    errors = {}
    if org.level != OrgLevel.CITY:
        errors["org"] = [_("年度优秀社工由设区市总工会评选")]
    title = (title or "").strip()
    if not title or len(title) > 50:
        errors["title"] = [_("请填写荣誉称号（不超过 50 字）")]
    if errors:
        raise ValidationError(errors)
    quota = effective_policy(org, on=date(year, 12, 31)).get("excellent_per_year")
    try:
        with transaction.atomic():
            sel = Selection.objects.create(org=org, year=year, title=title, quota=quota, created_by=by)
    except IntegrityError:
        raise Conflict(_("%(year)s 年度“%(title)s”评选已建立") % {"year": year, "title": title}) from None
    audit(by=by, action="selection.create", target=sel, detail={"quota": quota})
    return sel


def _locked_selection(selection) -> Selection:
    return Selection.objects.select_for_update().select_related("org").get(pk=selection.pk)


@transaction.atomic
def nominate(*, by, selection: Selection, worker, reason: str) -> Nomination:
    _require(by, "selection.nominate")
    sel = _locked_selection(selection)
    _scope(by, worker.org)
    if sel.status != SelectionStatus.NOMINATING:
        raise ValidationError(_("推荐已截止"))
    if not worker.org.path.startswith(sel.org.path) or worker.status != "active":
        raise ValidationError(_("只能推荐本市在岗社工"))
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ValidationError({"reason": [_("推荐理由不少于 10 字")]})
    try:
        with transaction.atomic():
            nom = Nomination.objects.create(selection=sel, worker=worker, org=worker.org, reason=reason[:2000], nominated_by=by)
    except IntegrityError:
        raise Conflict(_("%(name)s 已被推荐") % {"name": worker.name}) from None
    audit(by=by, action="selection.nominate", target=sel, detail={"worker": worker.pk})
    return nom


@transaction.atomic
def selection_advance(*, by, selection: Selection, notice_from: date | None = None, notice_until: date | None = None) -> Selection:
    """nominating → reviewing → notice (公示, with its dates) → awarded (after the notice period)."""
    _require(by, "selection.review")
    sel = _locked_selection(selection)
    _scope(by, sel.org)
    today = timezone.localdate()
    if sel.status == SelectionStatus.NOMINATING:
        sel.status = SelectionStatus.REVIEWING
    elif sel.status == SelectionStatus.REVIEWING:
        approved = sel.nominations.filter(status=NominationStatus.APPROVED).count()
        if approved == 0:
            raise ValidationError(_("尚无审核通过的人选"))
        if not rules.within_quota(sel.quota, approved, 0):
            raise ValidationError(_("审核通过 %(approved)s 人，超过名额 %(quota)s 人") % {"approved": approved, "quota": sel.quota})
        if notice_from is None or notice_until is None or notice_until < notice_from:
            raise ValidationError({"notice_until": [_("请填写公示起止日期")]})
        sel.status, sel.notice_from, sel.notice_until = SelectionStatus.NOTICE, notice_from, notice_until
    elif sel.status == SelectionStatus.NOTICE:
        if today <= sel.notice_until:
            raise ValidationError(_("公示至 %(until)s，公示期满后方可表彰") % {"until": f"{sel.notice_until:%Y-%m-%d}"})
        if Objection.objects.filter(nomination__selection=sel, upheld__isnull=True).exists():
            raise ValidationError(_("尚有未处理的异议"))
        sel.status, sel.awarded_on = SelectionStatus.AWARDED, today
        sel.save()
        for nom in sel.nominations.filter(status=NominationStatus.APPROVED).select_related("worker__org"):
            Honour.objects.create(
                worker=nom.worker, level=HonourLevel.CITY, title=sel.title, body=sel.org.name, awarded_on=today, selection=sel, created_by=by
            )
        audit(by=by, action="selection.award", target=sel)
        return sel
    else:
        raise ValidationError(_("评选已结束"))
    sel.save()
    audit(by=by, action="selection.advance", target=sel, detail={"status": sel.status})
    return sel


@transaction.atomic
def nomination_review(*, by, nomination: Nomination, approve: bool, note: str = "") -> Nomination:
    _require(by, "selection.review")
    sel = _locked_selection(nomination.selection)
    _scope(by, sel.org)
    if sel.status != SelectionStatus.REVIEWING:
        raise ValidationError(_("当前不在市级审核阶段"))
    nom = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if approve and nom.status != NominationStatus.APPROVED:
        approved = sel.nominations.filter(status=NominationStatus.APPROVED).count()
        if not rules.within_quota(sel.quota, approved):
            raise ValidationError(_("名额已满（%(quota)s 人）") % {"quota": sel.quota})
    nom.status = NominationStatus.APPROVED if approve else NominationStatus.REJECTED
    nom.review_note = (note or "").strip()[:200]
    nom.save(update_fields=["status", "review_note"])
    audit(by=by, action="selection.review", target=sel, detail={"worker": nom.worker_id, "approve": approve})
    return nom


@transaction.atomic
def objection_raise(*, by, nomination: Nomination, text: str) -> Objection:
    """Anyone who can see the public notice may object during it (the objector is recorded, not shown)."""
    sel = _locked_selection(nomination.selection)
    today = timezone.localdate()
    if sel.status != SelectionStatus.NOTICE or not (sel.notice_from <= today <= sel.notice_until):
        raise ValidationError(_("不在公示期内"))
    text = (text or "").strip()
    if len(text) < 5 or len(text) > 2000:
        raise ValidationError({"text": [_("异议内容 5–2000 字")]})
    obj = Objection.objects.create(nomination=nomination, text=text, raised_by=by)
    audit(by=by, action="selection.objection", target=sel, detail={"nomination": nomination.pk})
    return obj


@transaction.atomic
def objection_resolve(*, by, objection: Objection, upheld: bool, resolution: str) -> Objection:
    _require(by, "selection.review")
    obj = Objection.objects.select_for_update().select_related("nomination__selection__org").get(pk=objection.pk)
    _scope(by, obj.nomination.selection.org)
    if obj.upheld is not None:
        raise Conflict(_("该异议已处理"))
    resolution = (resolution or "").strip()
    if not resolution:
        raise ValidationError({"resolution": [_("请填写处理结果")]})
    obj.upheld, obj.resolution = upheld, resolution[:200]
    obj.save(update_fields=["upheld", "resolution"])
    if upheld:
        Nomination.objects.filter(pk=obj.nomination_id).update(status=NominationStatus.WITHDRAWN)
    audit(by=by, action="selection.objection_resolve", target=obj.nomination.selection, detail={"upheld": upheld})
    return obj


# ---- part-time posts (兼任) --------------------------------------------------------------------


def part_time_needs_consent(org) -> bool | None:
    return effective_policy(org).get("part_time_needs_consent")


@transaction.atomic
def part_time_add(*, by, worker, data: dict, document=None):
    from .models import PartTimePost

    _require(by, "parttime.manage")
    _scope(by, worker.org)
    errors: dict[str, list[str]] = {}
    title = _text(data, "title", _("兼任职务"), errors, required=True)
    organisation = _text(data, "organisation", _("兼任单位"), errors, required=True)
    starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
    if starts_on is None:
        errors["starts_on"] = [_("请填写起始日期")]
    elif ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = [_("终止日期不能早于起始日期")]
    consent = bool(data.get("consent"))
    consent_by = _text(data, "consent_by", _("同意单位"), errors, required=consent)
    consent_on = data.get("consent_on")
    if consent and consent_on is None:
        errors["consent_on"] = [_("请填写聘用单位同意的日期")]
    if errors:
        raise ValidationError(errors)
    doc = None
    if document is not None:
        from unionsw.workers.services import document_upload

        doc = document_upload(by=by, worker=worker, kind="other", title=f"兼任{organisation}{title}同意文件"[:100], upload=document)
    post = PartTimePost.objects.create(
        worker=worker,
        title=title,
        organisation=organisation,
        starts_on=starts_on,
        ends_on=ends_on,
        consent=consent,
        consent_on=consent_on if consent else None,
        consent_by=consent_by if consent else "",
        document=doc,
        recorded_by=by,
    )
    audit(by=by, action="parttime.add", target=worker, detail={"post": str(post), "consent": consent})
    return post
