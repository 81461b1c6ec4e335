"""Writes of the recruitment chain. Each is `<entity>_<verb>(*, by, ...)`, one transaction, checks the
permission and the scope, records a RecruitmentEvent (who, when, why) and audits itself."""

from __future__ import annotations

import secrets
from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from unionsw.core import crypto, idnumber
from unionsw.core.audit import audit
from unionsw.core.errors import NotAllowed, OutOfScope, StaleVersion
from unionsw.core.excel import ExcelFormatError
from unionsw.core.masking import mask_id_number, mask_phone
from unionsw.core.scope import org_in_scope
from unionsw.core.uploads import DOCUMENT_TYPES, IMAGE_TYPES, check_upload, delete_files_on_commit
from unionsw.orgs.models import OrgLevel
from unionsw.orgs.policy import POLICY_KEYS, display_value, effective_policy, soft_hint, soft_override_reason
from unionsw.workers import rules as worker_rules
from unionsw.workers.models import CertificateLevel, EmploymentMode, PoliticalStatus

from . import excel_io, rules
from .models import (
    Applicant,
    Application,
    Check,
    ExamBody,
    ExamRoom,
    Judge,
    JudgeScore,
    Objection,
    Plan,
    PlanStatus,
    Post,
    RecruitmentEvent,
    Review,
    Round,
    RoundStatus,
    TieKey,
    Upload,
    UploadKind,
)

VIEW, MANAGE, APPROVE, FILE, SCORE, UNIFY = (
    "recruitment.view",
    "recruitment.manage",
    "recruitment.approve",
    "recruitment.file",
    "recruitment.score",
    "recruitment.unify",
)
POLICY_LABEL = POLICY_KEYS["unified_round_level"][0]


def _require(by, code: str, org) -> None:
    if by is None or not by.can(code):
        raise NotAllowed()
    if not org_in_scope(by, org):
        raise OutOfScope()


def organiser_permission(rnd: Round) -> str:
    """A county runs its own round (recruitment.manage); a city runs a unified one (recruitment.unify)."""
    return UNIFY if rnd.unified else MANAGE


def _require_organiser(by, rnd: Round) -> None:
    """Whole-round steps (registration, review, exam, interview, ranking, notice) belong to the organiser."""
    _require(by, organiser_permission(rnd), rnd.org)


def may_organise(user, rnd: Round) -> bool:
    """For pages: show the whole-round actions."""
    return user.can(organiser_permission(rnd)) and org_in_scope(user, rnd.org)


def _require_app(by, app: Application) -> None:
    """Steps on one application: the organiser, or in a unified round also the county whose post it is
    (seed 000: 劳动合同的签订…由各县(市、区)总工会组织实施)."""
    rnd = app.round
    if rnd.unified and by is not None and by.can(MANAGE) and org_in_scope(by, app.post.plan.org):
        return
    _require_organiser(by, rnd)


def may_act_on(user, app: Application) -> bool:
    try:
        _require_app(user, app)
    except ValidationError:
        return False
    return True


def _event(plan: Plan, action: str, label: str, *, by=None, reason: str = "", application=None, target=None, detail=None):
    RecruitmentEvent.objects.create(
        plan=plan,
        application=application,
        action=action,
        label=label,
        reason=reason,
        by=by if getattr(by, "is_authenticated", False) else None,
        by_name=str(by) if by is not None else "报名人员",
    )
    audit(
        by=by,
        action=f"recruitment.{action}",
        target=target or application or plan,
        detail={"label": label, "reason": reason, **(detail or {})},
        actor_name=None if by is not None else "报名人员",
    )


BATCH = 100  # bulk_update's CASE grows with the batch; small batches stay linear on SQLite too


def _update_grouped(apps: list, fields: list[str]) -> None:
    """Bulk write where many rows share the same values (auto checks, review results, scores):
    one UPDATE … WHERE id IN (…) per distinct value."""
    import json

    groups: dict[str, list[int]] = defaultdict(list)
    values: dict[str, dict] = {}
    for app in apps:
        vals = {f: getattr(app, f) for f in fields}
        key = json.dumps(vals, sort_keys=True, default=str, ensure_ascii=False)
        groups[key].append(app.pk)
        values[key] = vals
    for key, ids in groups.items():
        for i in range(0, len(ids), 900):
            Application.objects.filter(pk__in=ids[i : i + 900]).update(**values[key])


def _round_policy(rnd: Round):
    return effective_policy(rnd.org, on=rnd.reference_date)


def _need_status(rnd: Round, *statuses: str, doing: str) -> None:
    """`doing` is marked with gettext_noop by the caller and translated here."""
    if rnd.status not in statuses:
        allowed = gettext("、").join(str(RoundStatus(s).label) for s in statuses)
        raise ValidationError(
            gettext("本批次当前处于“%(status)s”阶段，%(doing)s须在“%(allowed)s”阶段进行")
            % {"status": str(rnd.get_status_display()), "doing": gettext(doing), "allowed": allowed}
        )


# --- plan -----------------------------------------------------------------------------------------


@transaction.atomic
def plan_create(*, by, org, data: dict, posts: list[dict], on: date | None = None) -> Plan:
    _require(by, MANAGE, org)
    errors: dict[str, list[str]] = {}
    if org.level != OrgLevel.COUNTY:
        errors.setdefault("org", []).append(gettext("招录计划由县级总工会提出"))
    title = (data.get("title") or "").strip()
    if not title:
        errors.setdefault("title", []).append(gettext("请填写计划名称"))
    try:
        year, month = int(data.get("exam_year")), int(data.get("exam_month"))
        if not (2000 <= year <= 2100 and 1 <= month <= 12):
            raise ValueError
    except (TypeError, ValueError):
        errors.setdefault("exam_month", []).append(gettext("请填写考试年份和月份"))
        year, month = 0, 0
    today = on or timezone.localdate()
    if year and (year, month) < (today.year, today.month):
        errors.setdefault("exam_month", []).append(
            gettext("考试月份不能早于本月（%(year)s年%(month)s月）") % {"year": today.year, "month": today.month}
        )
    counts = {}
    for key, label in (("reason_enterprises", gettext_noop("企业数量")), ("reason_members", gettext_noop("职工人数"))):
        raw = data.get(key)
        raw = "" if raw is None else str(raw).strip()
        if raw and not (raw.isdigit() and len(raw) <= 9):
            errors.setdefault(key, []).append(gettext("%(label)s须填写整数（如 120）") % {"label": gettext(label)})
        counts[key] = raw
    if not posts:
        errors.setdefault("posts", []).append(gettext("至少填写一个招录岗位"))
    post_errors = _post_errors(posts, lambda unit: unit.path.startswith(org.path), gettext_noop("第%(n)s个岗位的用人单位须在本县范围内"))
    if post_errors:
        errors.setdefault("posts", []).extend(post_errors)
    if errors:
        raise ValidationError(errors)
    plan = Plan.objects.create(
        org=org,
        title=title,
        exam_year=year,
        exam_month=month,
        reason_gap=data.get("reason_gap", ""),
        reason_enterprises=counts["reason_enterprises"],
        reason_members=counts["reason_members"],
        reason_funds=data.get("reason_funds", ""),
        created_by=by,
    )
    _posts_create(plan, posts)
    _event(plan, "plan_create", "拟定招录计划", by=by)
    return plan


def _post_errors(posts: list[dict], unit_ok, unit_rule: str) -> list[str]:
    """The post rows of a plan (or of a unified round's directly managed units), checked. `unit_rule` is the
    refusal of a unit outside the allowed ones (a gettext_noop msgid with %(n)s, the row)."""
    errors = []
    for i, p in enumerate(posts, start=1):
        unit = p.get("unit")
        if unit is None or not unit_ok(unit):
            errors.append(gettext(unit_rule) % {"n": i})
        if not (p.get("kind") or "").strip():
            errors.append(gettext("第%(n)s个岗位须填写岗位名称") % {"n": i})
        try:
            if int(p.get("count")) < 1:
                raise ValueError
        except (TypeError, ValueError):
            errors.append(gettext("第%(n)s个岗位的招录人数须为正整数") % {"n": i})
    return errors


def _posts_create(plan: Plan, posts: list[dict]) -> None:
    for i, p in enumerate(posts, start=1):
        Post.objects.create(
            plan=plan,
            unit=p["unit"],
            kind=p["kind"].strip(),
            count=int(p["count"]),
            conditions=p.get("conditions", ""),
            requires_certificate=bool(p.get("requires_certificate")),
            code=f"{i:02d}",
        )


@transaction.atomic
def plan_propose(*, by, plan: Plan, on: date | None = None) -> Plan:
    _require(by, MANAGE, plan.org)
    if plan.status not in (PlanStatus.DRAFT, PlanStatus.RETURNED):
        raise ValidationError(gettext("计划当前为“%(status)s”，不能再次报送") % {"status": str(plan.get_status_display())})
    on = on or timezone.localdate()
    policy = effective_policy(plan.org, on=on)
    error = rules.plan_session_error(
        on=on,
        exam_year=plan.exam_year,
        exam_month=plan.exam_month,
        deadlines=policy.get("plan_deadlines"),
        exam_months=policy.get("exam_months"),
    )
    if error:
        raise ValidationError(error)
    plan.status, plan.proposed_at, plan.return_reason = PlanStatus.PROPOSED, timezone.now(), ""
    plan.save(update_fields=["status", "proposed_at", "return_reason"])
    _event(plan, "plan_propose", "县级工会报送计划", by=by)
    return plan


@transaction.atomic
def plan_approve(*, by, plan: Plan) -> Plan:
    _require(by, APPROVE, plan.org)
    if plan.status != PlanStatus.PROPOSED:
        raise ValidationError(gettext("只能审批已报送的计划"))
    plan.status, plan.approved_at = PlanStatus.APPROVED, timezone.now()
    plan.save(update_fields=["status", "approved_at"])
    _event(plan, "plan_approve", "市总工会批准", by=by)
    return plan


@transaction.atomic
def plan_return(*, by, plan: Plan, reason: str) -> Plan:
    _require(by, APPROVE, plan.org)
    if plan.status != PlanStatus.PROPOSED:
        raise ValidationError(gettext("只能退回已报送的计划"))
    if not (reason or "").strip():
        raise ValidationError({"reason": [gettext("退回须填写原因")]})
    plan.status, plan.return_reason = PlanStatus.RETURNED, reason.strip()
    plan.save(update_fields=["status", "return_reason"])
    _event(plan, "plan_return", "市总工会退回", by=by, reason=reason.strip())
    return plan


@transaction.atomic
def plan_file(*, by, plan: Plan) -> Plan:
    _require(by, FILE, plan.org)
    if plan.status != PlanStatus.APPROVED:
        raise ValidationError(gettext("只有市总工会批准的计划才能备案"))
    plan.status, plan.filed_at = PlanStatus.FILED, timezone.now()
    plan.save(update_fields=["status", "filed_at"])
    _event(plan, "plan_file", "省总工会备案", by=by)
    return plan


# --- announcement ---------------------------------------------------------------------------------

ROUND_FIELDS = [
    "title",
    "body",
    "reference_date",
    "registration_start",
    "registration_end",
    "exam_date",
    "interview_date",
    "written_weight",
    "interview_ratio",
    "drop_high_low",
    "second_tie_key",
    "waiting_list_months",
]


# --- accredited exam bodies (seed 004) ----------------------------------------------------------

EXAM_BODY = "exambody.manage"


def _exam_body_values(data: dict) -> dict:
    errors: dict[str, list[str]] = {}
    values = {
        "name": (data.get("name") or "").strip(),
        "commission": (data.get("commission") or "").strip(),
        "accreditation": (data.get("accreditation") or "").strip(),
        "valid_from": data.get("valid_from"),
        "valid_until": data.get("valid_until") or None,
        "is_active": bool(data.get("is_active", True)),
    }
    if not values["name"]:
        errors["name"] = [gettext("请填写机构名称")]
    elif len(values["name"]) > 100:
        errors["name"] = [gettext("机构名称不超过100个字")]
    if not values["commission"]:
        errors["commission"] = [gettext("请填写委托文件或文号（市总工会委托）")]
    elif len(values["commission"]) > 100:
        errors["commission"] = [gettext("委托文件（文号）不超过100个字")]
    if len(values["accreditation"]) > 100:
        errors["accreditation"] = [gettext("资质证明不超过100个字")]
    if not isinstance(values["valid_from"], date):
        errors["valid_from"] = [gettext("请填写委托有效期起始日期（如 2026-01-01）")]
    if values["valid_until"] is not None and not isinstance(values["valid_until"], date):
        errors["valid_until"] = [gettext("日期格式应为 2026-12-31")]
    elif values["valid_until"] is not None and isinstance(values["valid_from"], date) and values["valid_until"] < values["valid_from"]:
        errors["valid_until"] = [gettext("有效期截止不能早于起始日期")]
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def exam_body_create(*, by, org, data: dict) -> ExamBody:
    """The federation records an exam body it entrusts with the unified entry exam (seed 004)."""
    _require(by, EXAM_BODY, org)
    body = ExamBody.objects.create(org=org, created_by=by, **_exam_body_values(data))
    audit(by=by, action="recruitment.exam_body_create", target=body, detail={"org": org.name, "commission": body.commission})
    return body


@transaction.atomic
def exam_body_update(*, by, body: ExamBody, data: dict) -> ExamBody:
    """Change an exam body's record (e.g. a renewed commission, or 停用). Rounds that chose it keep it."""
    _require(by, EXAM_BODY, body.org)
    body = ExamBody.objects.select_for_update().get(pk=body.pk)
    values = _exam_body_values(data)
    changed = sorted(k for k, v in values.items() if getattr(body, k) != v)
    for k, v in values.items():
        setattr(body, k, v)
    body.save(update_fields=list(values))
    audit(by=by, action="recruitment.exam_body_update", target=body, detail={"fields": changed})
    return body


@transaction.atomic
def round_announce(*, by, plan: Plan, data: dict, on: date | None = None) -> Round:
    _require(by, MANAGE, plan.org)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)  # a unified round may be taking it at the same time
    if plan.status != PlanStatus.FILED:
        raise ValidationError(gettext("招录计划须经市总批准、省总备案后才能发布公告"))
    if Round.objects.filter(plan=plan).exists():
        raise ValidationError(gettext("该计划已发布公告"))
    if plan.unified_round_id:
        raise ValidationError(gettext("该计划已纳入市总统一招聘，由市总统一发布公告"))
    values, exam_override = _round_values(by=by, org=plan.org, data=data, on=on)
    rnd = _round_create(plan, plan.org, values, unified=False)
    _event(plan, "round_announce", "发布招聘公告", by=by, target=rnd, reason=exam_override or "", detail=_announce_detail(rnd, exam_override))
    return rnd


def _announce_detail(rnd: Round, exam_override: str | None) -> dict:
    detail: dict = {"soft_override": {"rule": "exam_months", "reason": exam_override}} if exam_override else {}
    if rnd.exam_body is not None:
        body = rnd.exam_body
        detail["exam_body"] = {"id": body.pk, "name": body.name, "commission": body.commission}
    return detail


def _round_values(*, by, org, data: dict, on: date | None) -> tuple[dict, str | None]:
    """The announcement's entries, checked (title, dates, exam month of the policy, weights, ratios)."""
    errors: dict[str, list[str]] = {}
    values = {k: data.get(k) for k in ROUND_FIELDS}
    exam_override = None
    if not (values["title"] or "").strip():
        errors["title"] = [gettext("请填写公告标题")]
    for key in ("reference_date", "registration_start", "registration_end", "exam_date"):
        if not isinstance(values[key], date):
            errors[key] = [gettext("请填写日期（如 2026-05-20）")]
    if not errors:
        if values["registration_end"] < values["registration_start"]:
            errors["registration_end"] = [gettext("报名截止不能早于报名开始")]
        if values["exam_date"] <= values["registration_end"]:
            errors["exam_date"] = [gettext("笔试日期须在报名截止之后")]
        if values["exam_date"] < (on or timezone.localdate()):
            errors["exam_date"] = [gettext("笔试日期不能早于今天")]
        policy = effective_policy(org, on=values["reference_date"])
        month_error = rules.exam_month_error(values["exam_date"], policy.get("exam_months"))
        if month_error and not errors.get("exam_date"):
            # Beijing: 入职考试原则上每年两次 — a soft rule: an authorised user may hold it in another month
            exam_override = soft_override_reason(
                by=by, policy=policy, key="exam_months", reason=data.get("exam_month_override_reason")
            )
            if exam_override is None:
                errors["exam_date"] = [month_error + soft_hint(policy, "exam_months")]
    try:
        weight = Decimal(str(values["written_weight"] if values["written_weight"] is not None else "0.5"))
        if not (Decimal(0) <= weight <= Decimal(1)):
            raise ValueError
        values["written_weight"] = weight
    except Exception:
        errors["written_weight"] = [gettext("笔试权重须在0到1之间（如 0.5 表示笔试、面试各占50%）")]
    for key, label in (("interview_ratio", gettext_noop("面试比例")), ("waiting_list_months", gettext_noop("备选名单有效期"))):
        try:
            values[key] = int(values[key]) if values[key] not in (None, "") else None
            if values[key] is not None and values[key] < 1:
                raise ValueError
        except (TypeError, ValueError):
            errors[key] = [gettext("%(label)s须为正整数") % {"label": gettext(label)}]
    if values.get("second_tie_key") not in (None, "", *TieKey.values):
        errors["second_tie_key"] = [gettext("同分排序方式不正确")]
    values["exam_body"] = _round_exam_body(org, data, errors)
    if errors:
        raise ValidationError(errors)
    return values, exam_override


def _round_create(plan: Plan, org, values: dict, *, unified: bool) -> Round:
    policy = effective_policy(org, on=values["reference_date"])
    ratio = policy.get("interview_ratio") or values["interview_ratio"] or 3
    months = policy.get("waiting_list_valid_months") or values["waiting_list_months"] or 12
    return Round.objects.create(
        plan=plan,
        org=org,
        unified=unified,
        title=values["title"].strip(),
        body=values["body"] or "",
        reference_date=values["reference_date"],
        registration_start=values["registration_start"],
        registration_end=values["registration_end"],
        exam_date=values["exam_date"],
        interview_date=values["interview_date"] if isinstance(values["interview_date"], date) else None,
        written_weight=values["written_weight"],
        interview_ratio=ratio,
        drop_high_low=bool(values["drop_high_low"]),
        second_tie_key=values["second_tie_key"] or TieKey.WRITTEN,
        waiting_list_months=months,
        exam_body=values.get("exam_body"),
    )


# --- unified round (统一招聘) -----------------------------------------------------------------------

UNIFIED_LEVELS = {"city": OrgLevel.CITY, "province": OrgLevel.PROVINCE}


def direct_units(org):
    """The units an organiser manages directly (市总及直属行业工会, seed 003): its township-level children."""
    from unionsw.orgs.models import Org

    return Org.objects.filter(parent=org, level=OrgLevel.TOWNSHIP, is_active=True).order_by("sort", "path")


def unified_plans_eligible(org):
    """Plans a unified round of `org` may take in: filed plans of the counties below it with no round yet."""
    return (
        Plan.objects.filter(
            org__path__startswith=org.path,
            org__level=OrgLevel.COUNTY,
            status=PlanStatus.FILED,
            unified_round__isnull=True,
            round__isnull=True,
        )
        .select_related("org")
        .prefetch_related("posts")
        .order_by("org__path", "id")
    )


@transaction.atomic
def round_unified_create(
    *, by, org, plans: list[Plan], direct_posts: list[dict], data: dict, on: date | None = None
) -> Round:
    """统一招聘: a city (the level the policy names) announces one round for the filed plans of several of
    its counties and for posts of its directly managed units (seed 000: 市级产业工会…由各市总工会负责;
    seed 001: 招聘录用工作由各设区市总工会牵头抓总; seed 003: 市总组织的统一招录). Registration, review,
    exam, interview and ranking then run once; each county keeps its own posts' applicants.
    The round's own plan (org = the city) holds the direct units' posts and the round's events; the
    included plans point to the round; every post gets a round-wide code (01, 02, …) for the tickets."""
    _require(by, UNIFY, org)
    today = on or timezone.localdate()
    policy = effective_policy(org, on=today)
    level = policy.get("unified_round_level")
    if level is None:
        raise ValidationError(
            gettext("本地政策未规定由上级工会统一组织招聘（%(policy)s：未规定）") % {"policy": gettext(str(POLICY_LABEL))}
        )
    if UNIFIED_LEVELS.get(level) != org.level:
        raise ValidationError(
            gettext("统一招聘由%(level)s组织") % {"level": gettext(str(display_value("unified_round_level", level)))}
        )
    errors: dict[str, list[str]] = {}
    ids = sorted({p.pk for p in plans})
    locked = {p.pk: p for p in Plan.objects.select_for_update().select_related("org").filter(pk__in=ids)}
    for pk in ids:
        plan = locked.get(pk)
        if plan is None:
            errors.setdefault("plans", []).append(gettext("所选计划不存在"))
            continue
        named = {"title": plan.title, "org": plan.org.name}
        if plan.org.level != OrgLevel.COUNTY or not plan.org.path.startswith(org.path):
            errors.setdefault("plans", []).append(gettext("“%(title)s”不是本市所辖县（市、区）的招录计划") % named)
        elif plan.status not in (PlanStatus.APPROVED, PlanStatus.FILED):
            errors.setdefault("plans", []).append(gettext("“%(title)s”（%(org)s）未经市总批准") % named)
        elif plan.status != PlanStatus.FILED:
            errors.setdefault("plans", []).append(gettext("“%(title)s”（%(org)s）尚未经省总备案") % named)
        elif plan.unified_round_id or Round.objects.filter(plan=plan).exists():
            errors.setdefault("plans", []).append(gettext("“%(title)s”已发布公告或已纳入其他统一招聘") % named)
    direct_ids = set(direct_units(org).values_list("pk", flat=True))
    post_errors = _post_errors(direct_posts, lambda unit: unit.pk in direct_ids, gettext_noop("第%(n)s个岗位的用人单位须为本级直属单位"))
    if post_errors:
        errors.setdefault("direct_posts", []).extend(post_errors)
    if not ids and not direct_posts:
        errors.setdefault("plans", []).append(gettext("请至少选择一个县（市、区）的招录计划或填写直属单位岗位"))
    try:
        values, exam_override = _round_values(by=by, org=org, data=data, on=today)
    except ValidationError as exc:
        for key, msgs in exc.message_dict.items():
            errors.setdefault(key, []).extend(msgs)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    own = Plan.objects.create(
        org=org,
        title=values["title"].strip()[:100],
        exam_year=values["exam_date"].year,
        exam_month=values["exam_date"].month,
        reason_gap="市总统一招聘（直属单位岗位及所辖县（市、区）计划）",
        status=PlanStatus.APPROVED,  # the city is the approving level of its own direct units' need
        proposed_at=now,
        approved_at=now,
        created_by=by,
    )
    _posts_create(own, direct_posts)
    rnd = _round_create(own, org, values, unified=True)
    if Plan.objects.filter(pk__in=ids, unified_round__isnull=True).update(unified_round=rnd) != len(ids):
        raise StaleVersion(gettext("所选计划已被纳入其他招聘，请刷新后重试"))
    posts = sorted(
        rnd.posts.select_related("plan__org", "unit"),
        # the direct units first (seed 003 lists 市总及直属行业工会 before the counties), then county by county
        key=lambda p: (p.plan.org.level == OrgLevel.COUNTY, p.plan.org.sort, p.plan.org_id, p.unit.sort, p.unit_id, p.code, p.pk),
    )
    for i, post in enumerate(posts, start=1):
        post.code = f"{i:02d}"
    Post.objects.bulk_update(posts, ["code"])
    included = [locked[pk] for pk in ids]
    names = "、".join(p.org.name for p in included) or "无"
    detail = {"plans": ids, "direct_posts": len(direct_posts)}
    if exam_override:
        detail["soft_override"] = {"rule": "exam_months", "reason": exam_override}
    _event(
        own,
        "round_unified",
        f"市总统一招聘：纳入{len(included)}个县（市、区）计划（{names}），直属单位岗位{len(direct_posts)}个",
        by=by,
        target=rnd,
        reason=exam_override or "",
        detail=detail | _announce_detail(rnd, None),
    )
    for plan in included:
        _event(plan, "plan_unified", f"纳入{org.name}统一招聘（{rnd.title}），岗位代码按批次统一编号", by=by, target=rnd)
    return rnd


def _round_exam_body(org, data: dict, errors: dict) -> ExamBody | None:
    """The exam body chosen for a round: one entrusted by the round's org or an org above it, valid on the exam
    day; required where the policy sets accredited_exam_body (seed 004)."""
    from . import selectors

    raw = data.get("exam_body")
    body = None
    if raw not in (None, ""):
        pk = raw.pk if isinstance(raw, ExamBody) else raw
        body = selectors.exam_bodies_for(org).filter(pk=pk if str(pk).isdigit() else 0).first()
        if body is None:
            errors["exam_body"] = [gettext("所选社会考试机构不存在、已停用或不是上级工会委托的机构")]
            return None
    exam_date = data.get("exam_date")
    if "exam_date" in errors or not isinstance(exam_date, date):
        return body
    required = bool(effective_policy(org, on=exam_date).get("accredited_exam_body"))
    error = rules.exam_body_error(body, exam_date, required=required)
    if error:
        errors["exam_body"] = [error]
    return body


# --- applicants (public portal) -------------------------------------------------------------------


REGISTER_EXISTING = "recruitment.applicant_register_existing"


@transaction.atomic
def applicant_register(*, id_number: str, name: str, phone: str, password: str, accept_privacy: bool) -> Applicant | None:
    """A new applicant account; None when the ID number already has one (recorded for its owner, see
    registration_attempts_since) — the portal answers both the same way."""
    errors: dict[str, list[str]] = {}
    try:
        info = idnumber.parse(id_number)
    except idnumber.InvalidIdNumber as exc:
        errors["id_number"] = [str(exc)]
        info = None
    existing = (
        Applicant.objects.filter(id_number_index=crypto.blind_index(info.number, purpose="id_number")).first() if info else None
    )
    name = (name or "").strip()
    if not name or len(name) > 50:
        errors["name"] = [gettext("请填写姓名（不超过50字）")]
    phone = worker_rules.normalize_phone(phone or "")
    if not worker_rules.phone_valid(phone):
        errors["phone"] = [gettext("手机号应为11位数字，以1开头")]
    if len(password or "") < 8 or password.isdigit() or password.isalpha():
        errors["password"] = [gettext("密码至少8位，且须同时包含字母和数字")]
    if not accept_privacy:
        errors["accept_privacy"] = [gettext("须阅读并同意个人信息处理告知后才能注册")]
    if errors:
        raise ValidationError(errors)
    if existing is not None:
        # no enumeration (issue 11): the caller answers as for a new account; the owner is told at login
        make_password(password)  # the same work as a real registration, so the timing says nothing either
        audit(
            by=None,
            action=REGISTER_EXISTING,
            target=existing,
            result="denied",
            actor_name=f"报名人员 {existing.id_number_masked}",
        )
        return None
    applicant = Applicant.objects.create(
        name=name,
        id_number_enc=crypto.encrypt(info.number),
        id_number_index=crypto.blind_index(info.number, purpose="id_number"),
        id_number_masked=mask_id_number(info.number),
        birth_date=info.birth_date,
        gender=info.gender,
        phone_enc=crypto.encrypt(phone),
        phone_index=crypto.blind_index(phone, purpose="phone"),
        phone_masked=mask_phone(phone),
        password=make_password(password),
        privacy_accepted_at=timezone.now(),
    )
    audit(by=None, action="recruitment.applicant_register", target=applicant, actor_name=f"报名人员 {applicant.id_number_masked}")
    return applicant


def applicant_authenticate(*, id_number: str, password: str) -> Applicant | None:
    index = crypto.blind_index(idnumber.normalize(id_number), purpose="id_number")
    applicant = Applicant.objects.filter(id_number_index=index).first()
    if applicant is None or not check_password(password or "", applicant.password):
        audit(by=None, action="recruitment.applicant_login", result="denied", actor_name="报名人员")
        return None
    applicant.previous_login = applicant.last_login
    applicant.last_login = timezone.now()
    applicant.save(update_fields=["last_login"])
    audit(by=None, action="recruitment.applicant_login", target=applicant, actor_name=f"报名人员 {applicant.id_number_masked}")
    return applicant


def registration_attempts_since(applicant: Applicant, since) -> int:
    """How often someone tried to register this applicant's ID number again since `since` (None: ever)."""
    from unionsw.core.models import AuditEvent

    qs = AuditEvent.objects.filter(action=REGISTER_EXISTING, target_type=Applicant._meta.label, target_id=str(applicant.pk))
    if since is not None:
        qs = qs.filter(at__gt=since)
    return qs.count()


def _auto_check(app: Application, rnd: Round, policy) -> None:
    ok, checks = rules.eligibility(
        birth=app.applicant.birth_date,
        reference=rnd.reference_date,
        education=app.education,
        has_certificate=app.has_certificate,
        requires_certificate=app.post.requires_certificate,
        max_age=policy.get("recruit_max_age"),
        min_education=policy.get("recruit_min_education"),
    )
    app.auto_passed, app.auto_checks = ok, checks


APPLICATION_FIELDS = [
    "post",
    "ethnicity",
    "political_status",
    "education",
    "school",
    "major",
    "certificate",
    "certificate_number",
    "work_history",
]


def _registration_open(rnd: Round, on: date) -> None:
    if rnd.status != RoundStatus.ANNOUNCED or not (rnd.registration_start <= on <= rnd.registration_end):
        raise ValidationError(
            gettext("不在报名时间内（%(start)s 至 %(end)s）")
            % {"start": f"{rnd.registration_start:%Y-%m-%d}", "end": f"{rnd.registration_end:%Y-%m-%d}"}
        )


def _application_values(rnd: Round, data: dict) -> dict:
    """The applicant's entries, checked: the post of this round, education, school, major, certificate."""
    errors: dict[str, list[str]] = {}
    post = data.get("post")
    if not isinstance(post, Post) or (post.plan_id != rnd.plan_id and not (rnd.unified and rnd.posts.filter(pk=post.pk).exists())):
        errors["post"] = [gettext("请选择本批次的岗位")]
    education = worker_rules.education_value(data.get("education") or "")
    if not education:
        errors["education"] = [gettext("请选择学历")]
    for key, label in (("school", gettext_noop("毕业院校")), ("major", gettext_noop("专业"))):
        if not (data.get(key) or "").strip():
            errors[key] = [gettext("请填写%(label)s") % {"label": gettext(label)}]
    if data.get("political_status") and data["political_status"] not in PoliticalStatus.values:
        errors["political_status"] = [gettext("请选择政治面貌")]
    certificate = data.get("certificate") or ""
    if certificate and certificate not in CertificateLevel.values:
        errors["certificate"] = [gettext("证书类型不正确")]
    if certificate and certificate != CertificateLevel.OTHER and not (data.get("certificate_number") or "").strip():
        errors["certificate_number"] = [gettext("持有证书请填写证书编号")]
    if errors:
        raise ValidationError(errors)
    return {
        "post": post,
        "ethnicity": (data.get("ethnicity") or "汉族").strip(),
        "political_status": data.get("political_status") or PoliticalStatus.MASSES,
        "education": education,
        "school": data["school"].strip(),
        "major": data["major"].strip(),
        "certificate": certificate,
        "certificate_number": (data.get("certificate_number") or "").strip(),
        "work_history": (data.get("work_history") or "").strip(),
    }


@transaction.atomic
def application_submit(*, applicant: Applicant, round: Round, data: dict, on: date | None = None) -> Application:
    rnd = round
    _registration_open(rnd, on or timezone.localdate())
    if Application.objects.filter(applicant=applicant, round=rnd).exists():
        raise ValidationError(gettext("每人每批次只能报名一个岗位，您已报名"))
    app = Application(applicant=applicant, round=rnd, name=applicant.name, **_application_values(rnd, data))
    _auto_check(app, rnd, _round_policy(rnd))
    app.save()
    _event(rnd.plan, "apply", "网上报名", by=None, application=app)
    return app


def _own_open_application(applicant: Applicant, application: Application, on: date | None) -> Application:
    """The applicant's own application, locked, while registration is open (review starts only after it closes)."""
    if application.applicant_id != applicant.pk:
        raise OutOfScope()
    app = Application.objects.select_for_update().select_related("round", "round__plan", "post").filter(pk=application.pk).first()
    if app is None:
        raise StaleVersion()
    _registration_open(app.round, on or timezone.localdate())
    return app


@transaction.atomic
def application_correct(*, applicant: Applicant, application: Application, data: dict, on: date | None = None) -> Application:
    """Before registration closes the applicant may correct their entries or change post; the automatic checks
    run again. The change is recorded with the fields that changed."""
    app = _own_open_application(applicant, application, on)
    values = _application_values(app.round, data)
    changed = [f for f in APPLICATION_FIELDS if getattr(app, f) != values[f]]
    if not changed:
        return app
    for field, value in values.items():
        setattr(app, field, value)
    _auto_check(app, app.round, _round_policy(app.round))
    app.save()
    with translation.override(settings.LANGUAGE_CODE):  # the log is stored: the Chinese field names
        labels = "、".join(str(Application._meta.get_field(f).verbose_name) for f in changed)
    _event(app.round.plan, "correct", f"报名人员修改报名信息：{labels}", by=None, application=app, detail={"changed": changed})
    return app


@transaction.atomic
def application_withdraw(*, applicant: Applicant, application: Application, on: date | None = None) -> None:
    """Before registration closes the applicant may withdraw: the application and its uploaded files are
    removed (the files once the transaction commits); the plan's log and the audit trail keep the fact."""
    app = _own_open_application(applicant, application, on)
    files = [u.file for u in app.uploads.all()]
    post = str(app.post)
    app.uploads.all().delete()
    app.events.all().delete()
    app.delete()
    delete_files_on_commit(files)
    _event(app.round.plan, "withdraw", f"报名人员撤回报名（{post}）", by=None, target=app.round, detail={"post": post})


ALLOWED_UPLOADS = {
    UploadKind.PHOTO: (IMAGE_TYPES, 2 * 1024 * 1024),
    UploadKind.DIPLOMA: (DOCUMENT_TYPES, 5 * 1024 * 1024),
    UploadKind.CERTIFICATE: (DOCUMENT_TYPES, 5 * 1024 * 1024),
}


@transaction.atomic
def upload_add(*, applicant: Applicant, application: Application, kind: str, upload) -> Upload:
    if application.applicant_id != applicant.pk:
        raise OutOfScope()
    if application.round.status != RoundStatus.ANNOUNCED:
        raise ValidationError(gettext("报名已截止，不能再上传材料"))
    if kind not in ALLOWED_UPLOADS:
        raise ValidationError({"kind": [gettext("材料类型不正确")]})
    types, limit = ALLOWED_UPLOADS[kind]
    checked = check_upload(upload, max_bytes=limit, types=types, what=UploadKind(kind).label)
    replaced = list(application.uploads.filter(kind=kind))
    Upload.objects.filter(pk__in=[u.pk for u in replaced]).delete()
    delete_files_on_commit(u.file for u in replaced)
    upload.name = f"{secrets.token_hex(16)}{checked.extension}"  # unguessable, never the client's name
    obj = Upload.objects.create(
        application=application, kind=kind, file=upload, content_type=checked.content_type, size=upload.size
    )
    audit(by=None, action="recruitment.upload", target=application, detail={"kind": kind}, actor_name="报名人员")
    return obj


# --- eligibility review ---------------------------------------------------------------------------


@transaction.atomic
def round_close_registration(*, by, round: Round) -> Round:
    rnd = round
    _require_organiser(by, rnd)
    _need_status(rnd, RoundStatus.ANNOUNCED, doing=gettext_noop("截止报名"))
    policy = _round_policy(rnd)
    apps = list(
        rnd.applications.select_related("applicant", "post").only(
            "id",
            "round_id",
            "education",
            "certificate",
            "applicant_id",
            "post_id",
            "applicant__birth_date",
            "post__requires_certificate",
        )
    )
    for app in apps:
        _auto_check(app, rnd, policy)
    _update_grouped(apps, ["auto_passed", "auto_checks"])
    rnd.status = RoundStatus.REVIEW
    rnd.save(update_fields=["status"])
    _event(
        rnd.plan,
        "close_registration",
        "报名截止，进入资格审查（自动审查已完成）",
        by=by,
        target=rnd,
        detail={"applications": len(apps)},
    )
    return rnd


@transaction.atomic
def application_review(*, by, application: Application, passed: bool, reason: str = "") -> Application:
    app = application
    _require_app(by, app)
    _need_status(app.round, RoundStatus.REVIEW, doing=gettext_noop("资格审查"))
    reason = (reason or "").strip()
    if not passed and not reason:
        raise ValidationError({"reason": [gettext("审查不通过须写明原因（报名人员可见）")]})
    if passed and not app.auto_passed and not reason:
        raise ValidationError({"reason": [gettext("自动审查未通过的人员如需通过，须写明理由")]})
    app.review, app.review_reason = (Review.PASSED if passed else Review.REJECTED), reason
    app.save(update_fields=["review", "review_reason"])
    _event(app.round.plan, "review", "资格审查" + ("通过" if passed else "不通过"), by=by, reason=reason, application=app)
    return app


@transaction.atomic
def review_accept_auto(*, by, round: Round) -> int:
    """Bulk manual review: every pending application whose automatic checks passed is passed, every one
    whose checks failed is rejected with the failing rule as the reason."""
    rnd = round
    _require_organiser(by, rnd)
    _need_status(rnd, RoundStatus.REVIEW, doing=gettext_noop("资格审查"))
    apps = list(rnd.applications.filter(review=Review.PENDING).only("id", "round_id", "auto_passed", "auto_checks"))
    for app in apps:
        if app.auto_passed:
            app.review, app.review_reason = Review.PASSED, ""
        else:
            app.review = Review.REJECTED
            app.review_reason = "；".join(f"{c['rule']}：{c['detail']}" for c in app.auto_checks if not c["ok"])
    _update_grouped(apps, ["review", "review_reason"])
    _event(rnd.plan, "review_bulk", "按自动审查结果批量审查", by=by, target=rnd, detail={"count": len(apps)})
    return len(apps)


# --- written exam ---------------------------------------------------------------------------------


@transaction.atomic
def round_start_written(*, by, round: Round, rooms: list[dict]) -> Round:
    """Close the review: number the admission tickets and seat the candidates, post by post."""
    rnd = round
    _require_organiser(by, rnd)
    _need_status(rnd, RoundStatus.REVIEW, doing=gettext_noop("编排考场"))
    pending = rnd.applications.filter(review=Review.PENDING).count()
    if pending:
        raise ValidationError(gettext("还有%(n)s人未完成资格审查") % {"n": pending})
    if not rooms:
        raise ValidationError({"rooms": [gettext("请至少设置一个考场")]})
    apps = list(rnd.applications.filter(review=Review.PASSED).select_related("post").order_by("post__code", "id"))
    try:
        capacities = [int(r["capacity"]) for r in rooms]
    except (KeyError, TypeError, ValueError):
        raise ValidationError({"rooms": [gettext("考场座位数须为正整数")]}) from None
    try:
        seats = rules.assign_seats(len(apps), capacities)
    except ValueError as exc:  # the rooms are too small (the message says so, in the page's language)
        raise ValidationError({"rooms": [str(exc)]}) from None
    room_objs = [
        ExamRoom.objects.create(round=rnd, name=r["name"], address=r.get("address", ""), capacity=int(r["capacity"]))
        for r in rooms
    ]
    counters: dict[str, int] = defaultdict(int)
    for app, (room_i, seat) in zip(apps, seats, strict=True):
        counters[app.post.code] += 1
        app.ticket_no = rules.ticket_number(rnd.pk, app.post.code, counters[app.post.code])
        app.room, app.seat = room_objs[room_i], seat
    from django.db import connection

    table = connection.ops.quote_name(Application._meta.db_table)
    with connection.cursor() as cursor:  # one prepared UPDATE per row: linear, unlike bulk_update's CASE
        cursor.executemany(
            f"UPDATE {table} SET ticket_no = %s, room_id = %s, seat = %s WHERE id = %s",
            [(a.ticket_no, a.room.pk, a.seat, a.pk) for a in apps],
        )
    from unionsw.core.counts import bump

    bump("recruitment.Application")  # raw SQL sends no signal: drop cached round counts (core/counts.py)
    rnd.status = RoundStatus.WRITTEN
    rnd.save(update_fields=["status"])
    _event(rnd.plan, "written_start", "资格审查结束，编排准考证号和考场", by=by, target=rnd, detail={"candidates": len(apps)})
    return rnd


def parse_score_rows(rows: list[list], tickets: dict[str, int]) -> tuple[dict[int, Decimal], list[str]]:
    """rows: [[准考证号, 成绩], ...] after the header. Returns ({application id: score}, errors)."""
    scores: dict[int, Decimal] = {}
    seen: dict[str, int] = {}
    errors: list[str] = []
    for n, row in enumerate(rows, start=2):
        if not row or all(c in (None, "") for c in row):
            continue
        ticket = str(row[0]).strip() if row[0] is not None else ""
        if ticket.endswith(".0"):
            ticket = ticket[:-2]
        raw = row[1] if len(row) > 1 else None
        if ticket not in tickets:
            errors.append(gettext("第%(row)s行：准考证号“%(ticket)s”不存在") % {"row": n, "ticket": ticket})
            continue
        if ticket in seen:
            errors.append(
                gettext("第%(row)s行：准考证号%(ticket)s与第%(first)s行重复") % {"row": n, "ticket": ticket, "first": seen[ticket]}
            )
            continue
        seen[ticket] = n
        if raw in (None, ""):
            continue  # absent: no score
        try:
            scores[tickets[ticket]] = rules.parse_score(raw)
        except ValueError as exc:
            errors.append(gettext("第%(row)s行：%(error)s") % {"row": n, "error": exc})
    return scores, errors


def scores_import(*, by, round: Round, file) -> int:
    """笔试成绩导入: any unknown ticket, duplicate or out-of-range score → every error listed, nothing changed.
    The file is read (bounded, in a child process) before the write transaction opens."""
    _require_organiser(by, round)
    _need_status(round, RoundStatus.WRITTEN, doing=gettext_noop("导入笔试成绩"))
    try:
        rows = excel_io.read_rows(file)
    except ExcelFormatError as exc:
        raise ValidationError(exc.messages[0]) from None
    return _scores_write(by=by, round=round, rows=rows)


@transaction.atomic
def _scores_write(*, by, round: Round, rows: list[list]) -> int:
    rnd = Round.objects.select_for_update().get(pk=round.pk)
    _require_organiser(by, rnd)
    _need_status(rnd, RoundStatus.WRITTEN, doing=gettext_noop("导入笔试成绩"))
    if not rows or not rows[0] or "准考证" not in str(rows[0][0] or ""):
        raise ValidationError(gettext("第一行须为表头：准考证号、笔试成绩"))
    tickets = dict(rnd.applications.exclude(ticket_no="").values_list("ticket_no", "id"))
    scores, errors = parse_score_rows(rows[1:], tickets)
    if errors:
        raise ValidationError(errors)
    apps = [Application(pk=pk, written_score=s) for pk, s in scores.items()]
    _update_grouped(apps, ["written_score"])
    _event(rnd.plan, "scores_import", "导入笔试成绩", by=by, target=rnd, detail={"rows": len(scores)})
    return len(scores)


# --- interview ------------------------------------------------------------------------------------


@transaction.atomic
def round_start_interview(*, by, round: Round) -> int:
    rnd = round
    _require_organiser(by, rnd)
    _need_status(rnd, RoundStatus.WRITTEN, doing=gettext_noop("确定面试人选"))
    if not rnd.applications.filter(written_score__isnull=False).exists():
        raise ValidationError(gettext("尚未导入笔试成绩"))
    invited: list[int] = []
    rows = rnd.applications.filter(written_score__isnull=False).values_list("post_id", "id", "written_score")
    by_post: dict[int, list] = defaultdict(list)
    for post_id, pk, score in rows:
        by_post[post_id].append((pk, score))
    for post in rnd.posts:
        invited += rules.interview_list(by_post.get(post.pk, []), post.count, rnd.interview_ratio)
    rnd.applications.filter(pk__in=invited).update(in_interview=True)
    rnd.status = RoundStatus.INTERVIEW
    rnd.save(update_fields=["status"])
    _event(
        rnd.plan,
        "interview_start",
        f"按1:{rnd.interview_ratio}确定面试人选（含同分）",
        by=by,
        target=rnd,
        detail={"invited": len(invited)},
    )
    return len(invited)


def ensure_judge_role():
    from unionsw.accounts.models import DataScope, Role

    role, _ = Role.objects.get_or_create(
        code="judge",
        defaults={
            "name": "评委",
            "data_scope": DataScope.SELF,
            "permissions": [SCORE],
            "description": "面试评分（只看分配给本人的面试）",
        },
    )
    return role


@transaction.atomic
def judge_assign(*, by, round: Round, user) -> Judge:
    """Seat a judge on a round's interview panel. The user gets the 评委 role (SELF scope + recruitment.score)."""
    rnd = round
    _require_organiser(by, rnd)
    if rnd.reached(RoundStatus.RANKED):
        raise ValidationError(gettext("面试已结束"))
    if not user.org_id or not org_in_scope(by, user.org):
        raise ValidationError({"user": [gettext("评委账号须属于本县范围内的组织")]})
    judge, created = Judge.objects.get_or_create(round=rnd, user=user)
    user.roles.add(ensure_judge_role())
    if created:
        _event(rnd.plan, "judge_assign", f"指定面试评委：{user}", by=by, target=rnd)
    return judge


@transaction.atomic
def judge_score_set(*, by, application: Application, score) -> JudgeScore:
    app = application
    if by is None or not by.can(SCORE) or not Judge.objects.filter(round=app.round_id, user=by).exists():
        raise OutOfScope()
    _need_status(app.round, RoundStatus.INTERVIEW, doing=gettext_noop("面试评分"))
    if not app.in_interview:
        raise ValidationError(gettext("该考生未进入面试"))
    try:
        value = rules.parse_score(score)
    except ValueError as exc:
        raise ValidationError({"score": [str(exc)]})
    obj, _ = JudgeScore.objects.update_or_create(application=app, judge=by, defaults={"score": value})
    audit(by=by, action="recruitment.judge_score", target=app, detail={"score": str(value)})
    return obj


@transaction.atomic
def round_rank(*, by, round: Round, on: date | None = None) -> Round:
    rnd = round
    _require_organiser(by, rnd)
    _need_status(rnd, RoundStatus.INTERVIEW, doing=gettext_noop("计算总成绩和排名"))
    policy = _round_policy(rnd)
    judges = rnd.judges.count()
    apps = list(rnd.applications.filter(in_interview=True).select_related("post"))
    scores: dict[int, list] = defaultdict(list)
    for app_id, s in JudgeScore.objects.filter(application__round=rnd).values_list("application_id", "score"):
        scores[app_id].append(s)
    missing = [a.name for a in apps if len(scores[a.pk]) < max(judges, 1)]
    if missing:
        raise ValidationError(
            gettext("还有%(n)s人的面试评分未录齐（%(names)s…）") % {"n": len(missing), "names": gettext("、").join(missing[:5])}
        )
    by_post: dict[int, list] = defaultdict(list)
    for app in apps:
        try:
            app.interview_score = rules.interview_score(scores[app.pk], rnd.drop_high_low)
        except ValueError as exc:
            raise ValidationError(str(exc))
        app.total_score = rules.total_score(app.written_score, app.interview_score, rnd.written_weight)
        by_post[app.post_id].append(app)
    posts = {p.pk: p for p in rnd.posts}
    for post_id, group in by_post.items():
        ranking = rules.rank_candidates(
            [
                rules.Candidate(a.pk, a.total_score, a.has_certificate, a.written_score, a.interview_score, a.ticket_no)
                for a in group
            ],
            tie_break=policy.get("tie_break"),
            second_key=rnd.second_tie_key,
        )
        lookup = {a.pk: a for a in group}
        for n, (pk, rank, why) in enumerate(ranking):
            lookup[pk].rank, lookup[pk].tie_rule = rank, why
            lookup[pk].selected = n < posts[post_id].count
    Application.objects.bulk_update(apps, ["interview_score", "total_score", "rank", "tie_rule", "selected"], batch_size=BATCH)
    rnd.status, rnd.ranked_on = RoundStatus.RANKED, on or timezone.localdate()
    rnd.save(update_fields=["status", "ranked_on"])
    _event(rnd.plan, "rank", "计算总成绩、排名并确定体检人选", by=by, target=rnd)
    return rnd


# --- 体检 / 考察 / 公示 / 备案 / 录用 ---------------------------------------------------------------


def _promote_next(app: Application, *, by) -> Application | None:
    nxt = (
        Application.objects.filter(round=app.round, post=app.post, in_interview=True, selected=False, total_score__isnull=False)
        .exclude(pk=app.pk)
        .exclude(objections__upheld=True)
        .order_by("rank", "ticket_no")
        .first()
    )
    if nxt is not None:
        nxt.selected = True
        nxt.save(update_fields=["selected"])
        _event(app.round.plan, "promote", f"{app.name}未通过，依次递补{nxt.name}", by=by, application=nxt)
    return nxt


@transaction.atomic
def check_record(*, by, application: Application, kind: str, passed: bool, note: str = "") -> Application | None:
    """Record 体检 (medical) or 考察 (vetting). A failure moves the next ranked candidate of the post up;
    returns the promoted application, if any."""
    app = application
    _require_app(by, app)
    if kind not in ("medical", "vetting"):
        raise ValidationError(gettext("检查类型不正确"))
    if not app.selected:
        raise ValidationError(gettext("该考生不在拟录用（体检）人选中"))
    if kind == "vetting" and app.medical != Check.PASSED:
        raise ValidationError(gettext("体检合格后才能进行考察"))
    if getattr(app, kind) != Check.PENDING:
        raise ValidationError(gettext("该项已有结论"))
    if not passed and not (note or "").strip():
        raise ValidationError({"note": [gettext("不合格须写明原因")]})
    setattr(app, kind, Check.PASSED if passed else Check.FAILED)
    setattr(app, f"{kind}_note", (note or "").strip())
    app.save(update_fields=[kind, f"{kind}_note"])
    label = "体检" if kind == "medical" else "考察"
    _event(app.round.plan, kind, f"{label}{'合格' if passed else '不合格'}", by=by, reason=note, application=app)
    return None if passed else _promote_next(app, by=by)


def _publicity_ready(app: Application) -> bool:
    return app.selected and app.medical == Check.PASSED and app.vetting == Check.PASSED and not app.publicity_start


@transaction.atomic
def publicity_start(*, by, round: Round, start: date, end: date) -> int:
    """公示 for every candidate who passed 体检 and 考察 and is not yet on a notice."""
    rnd = round
    _require_organiser(by, rnd)
    _need_status(rnd, RoundStatus.RANKED, doing=gettext_noop("公示"))
    if not isinstance(start, date) or not isinstance(end, date) or end < start:
        raise ValidationError({"end": [gettext("请填写公示起止日期，结束不早于开始")]})
    apps = [a for a in rnd.applications.filter(selected=True) if _publicity_ready(a)]
    if not apps:
        raise ValidationError(gettext("没有体检、考察均合格且尚未公示的人员"))
    for a in apps:
        a.publicity_start, a.publicity_end = start, end
    Application.objects.bulk_update(apps, ["publicity_start", "publicity_end"])
    rnd.publicity_start, rnd.publicity_end = start, end
    rnd.save(update_fields=["publicity_start", "publicity_end"])
    _event(rnd.plan, "publicity", f"拟录用人员公示（{start:%Y-%m-%d} 至 {end:%Y-%m-%d}，{len(apps)}人）", by=by, target=rnd)
    return len(apps)


@transaction.atomic
def objection_add(*, by, application: Application, content: str, received_on: date) -> Objection:
    app = application
    _require_app(by, app)
    if not app.publicity_start:
        raise ValidationError(gettext("该人员尚未公示"))
    if not (content or "").strip():
        raise ValidationError({"content": [gettext("请填写异议内容")]})
    obj = Objection.objects.create(application=app, content=content.strip(), received_on=received_on)
    _event(app.round.plan, "objection", "收到公示异议", by=by, reason=content.strip(), application=app)
    return obj


@transaction.atomic
def objection_resolve(*, by, objection: Objection, resolution: str, upheld: bool) -> Objection:
    app = objection.application
    _require_app(by, app)
    if objection.resolved_at:
        raise ValidationError(gettext("该异议已处理"))
    if not (resolution or "").strip():
        raise ValidationError({"resolution": [gettext("请填写核查处理结果")]})
    objection.resolution, objection.upheld = resolution.strip(), upheld
    objection.resolved_by, objection.resolved_at = by, timezone.now()
    objection.save()
    _event(
        app.round.plan,
        "objection_resolve",
        "异议成立，取消拟录用资格" if upheld else "异议不成立",
        by=by,
        reason=resolution,
        application=app,
    )
    if upheld:
        app.selected = False
        app.save(update_fields=["selected"])
        _promote_next(app, by=by)
    return objection


@transaction.atomic
def application_file(*, by, application: Application, on: date | None = None) -> Application:
    """备案 with the province; only after the notice period with every objection resolved."""
    app = application
    _require(by, FILE, app.round.org)
    on = on or timezone.localdate()
    if not app.selected or app.filed_at:
        raise ValidationError(gettext("该人员不是待备案的拟录用人员"))
    error = rules.publicity_error(
        app.publicity_start, app.publicity_end, on, app.objections.filter(resolved_at__isnull=True).count()
    )
    if error:
        raise ValidationError(error)
    app.filed_at, app.filed_by = on, by
    app.save(update_fields=["filed_at", "filed_by"])
    _event(app.round.plan, "file", "省总工会备案", by=by, application=app)
    return app


@transaction.atomic
def application_hire(*, by, application: Application, hired_on: date):
    """录用: the worker record (filed with the province's filing date), then the post and the
    labour-contract draft. Employment services are used when present; otherwise the intent is kept here."""
    from unionsw.workers.models import FilingStatus
    from unionsw.workers.services import worker_create

    app = application
    _require_app(by, app)
    if app.worker_id:
        raise ValidationError(gettext("该人员已录用"))
    if not app.filed_at:
        raise ValidationError(gettext("须经省总工会备案后才能录用"))
    unit = app.hire_unit or app.post.unit
    policy = effective_policy(unit, on=hired_on)
    ladder = policy.get("ladder") or []
    worker = worker_create(
        by=by,
        data={
            "name": app.name,
            "id_number": app.applicant.id_number,
            "phone": app.applicant.phone,
            "ethnicity": app.ethnicity,
            "political_status": app.political_status,
            "education": app.education,
            "major": app.major,
            "employment_mode": EmploymentMode.PUBLIC_HIRE,
            "org": unit,
            "post_title": app.hire_post_kind or app.post.kind,
            "rank": ladder[0] if ladder else "",
            "rank_since": None,
            "status": "active",
            "hired_on": hired_on,
        },
        reason=f"公开招聘录用（{app.round.title}）",
    )
    worker.filing_status, worker.filed_at = FilingStatus.FILED, app.filed_at
    worker._change_reason = f"招录备案：{app.filed_by or '省总工会'}于{app.filed_at:%Y-%m-%d}备案"
    worker._history_user = by
    worker.save(update_fields=["filing_status", "filed_at", "updated_at"])
    if app.has_certificate and app.certificate_number:
        from unionsw.workers.models import Certificate

        Certificate.objects.create(worker=worker, level=app.certificate, number=app.certificate_number, issued_on=hired_on)
    # seed 004: 通过考试并被录用者，同时取得北京市专职工会社会工作者资格 (where the policy says so)
    from unionsw.assessment.services import qualification_grant_at_hire

    qualification = qualification_grant_at_hire(by=by, worker=worker, hire_round=app.round, on=hired_on)
    app.worker, app.hired_on = worker, hired_on
    app.hire_unit, app.hire_post_kind = unit, app.hire_post_kind or app.post.kind
    app.contract_start = hired_on
    app.contract_sign_by = rules.contract_sign_by(hired_on, policy.get("contract_sign_limit_months"))
    app.save(update_fields=["worker", "hired_on", "hire_unit", "hire_post_kind", "contract_start", "contract_sign_by"])
    if app.round.unified and not (by.can("post.manage") and by.can("contract.manage")):
        # a city hiring for its direct units holds no post/contract permission of its own (employment GRANTS)
        _event(app.round.plan, "hire", "到岗安排和劳动合同拟订待有岗位、合同管理权限的人员办理", by=by, application=app)
    else:
        _employment_wiring(by=by, app=app, worker=worker, hired_on=hired_on)
    label = f"录用，建立社工档案（{unit.name}）"
    detail = {"worker": worker.pk}
    if qualification is not None:
        label += f"，同时取得北京市专职工会社会工作者资格（证书编号 {qualification.number}）"
        detail["qualification"] = qualification.number
    _event(app.round.plan, "hire", label, by=by, application=app, detail=detail)
    return worker


def _employment_wiring(*, by, app: Application, worker, hired_on: date) -> None:
    """Put the new worker on a vacant post of the planned kind at the hiring unit (creating the post when
    the unit has none vacant) and draft the labour contract with the policy's signing deadline."""
    from unionsw.employment import services as employment
    from unionsw.employment.models import Post, PostKind

    kind = PostKind.objects.filter(name=app.hire_post_kind, is_active=True).first()
    post = None
    if kind is not None:
        post = (
            Post.objects.select_for_update()
            .filter(unit=app.hire_unit, kind=kind, holder__isnull=True, is_active=True)
            .order_by("vacant_since", "pk")
            .first()
        )
        if post is None:
            post = employment.post_create(by=by, unit=app.hire_unit, kind=kind, note=f"招聘录用新设（{app.round}）")
        employment.post_fill(by=by, post=post, worker=worker, on=hired_on, reason=f"公开招聘录用（{app.round}）")
    else:
        _event(
            app.round.plan,
            "hire",
            f"岗位类别“{app.hire_post_kind}”不在岗位类别表中，请在岗位管理中安排到岗",
            by=by,
            application=app,
        )
    employment.contract_draft_create(
        by=by, worker=worker, kind="labour", start=hired_on, post=post, reason=f"公开招聘录用（{app.round}）"
    )


# --- waiting list (备选名单, seed 003) --------------------------------------------------------------


def waiting_list(rnd: Round, *, on: date, kind: str | None = None):
    """Valid candidates of a ranked round in score order, not yet selected or hired."""
    if not rules.waiting_list_valid(rnd.ranked_on, rnd.waiting_list_months, on):
        return Application.objects.none()
    qs = rnd.applications.filter(in_interview=True, total_score__isnull=False, selected=False, worker__isnull=True).exclude(
        objections__upheld=True
    )
    if kind:
        qs = qs.filter(post__kind=kind)
    return qs.select_related("post", "post__unit").order_by("-total_score", "rank", "ticket_no")


@transaction.atomic
def waiting_list_offer(*, by, round: Round, kind: str, unit, on: date | None = None) -> Application:
    """A post of `kind` fell vacant at `unit`: offer it to the next valid candidate of that kind, who then
    goes through 体检/考察/公示/备案 like any other."""
    rnd = round
    _require_organiser(by, rnd)
    on = on or timezone.localdate()
    if unit is None or not unit.path.startswith(rnd.org.path):
        raise ValidationError({"unit": [gettext("空缺岗位的单位须在本县范围内")]})
    if not rules.waiting_list_valid(rnd.ranked_on, rnd.waiting_list_months, on):
        raise ValidationError(gettext("该批次备选名单已过有效期或尚未排名"))
    nxt = waiting_list(rnd, on=on, kind=kind).first()
    if nxt is None:
        raise ValidationError(gettext("备选名单中没有“%(kind)s”岗位的可递补人员") % {"kind": kind})
    nxt.selected, nxt.from_waiting_list, nxt.hire_unit, nxt.hire_post_kind = True, True, unit, kind
    nxt.save(update_fields=["selected", "from_waiting_list", "hire_unit", "hire_post_kind"])
    _event(rnd.plan, "waiting_offer", f"备选名单递补：{unit.name} {kind}空缺", by=by, application=nxt)
    return nxt
