"""Career writes: propose, approve (quota re-checked, rank changed through workers.services), refuse,
recommend. Each is one transaction, checks permission and scope, and is audited."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from unionsw.core.audit import audit
from unionsw.core.errors import NotAllowed, OutOfScope
from unionsw.core.scope import org_in_scope
from unionsw.orgs.models import Org, OrgLevel
from unionsw.orgs.policy import effective_policy, soft_hint, soft_override_reason
from unionsw.workers import services as worker_services
from unionsw.workers.models import EmploymentMode, Worker, WorkerStatus

from . import rules
from .models import Promotion, PromotionStatus, Recommendation

SCOPE_LEVEL = {"county": OrgLevel.COUNTY, "city": OrgLevel.CITY, "province": OrgLevel.PROVINCE}


def _require(by, code: str) -> None:
    if not by.can(code):
        raise NotAllowed()


def quota_org(worker_org: Org, scope: str | None) -> Org | None:
    """The org at the policy's quota level above (or at) the worker's unit."""
    if scope not in SCOPE_LEVEL:
        return None
    return Org.objects.filter(pk__in=worker_org.ancestor_ids(), level=SCOPE_LEVEL[scope]).first()


def quota_for(*, worker: Worker, rank: str, on: date | None = None) -> rules.QuotaCheck:
    policy = effective_policy(worker.org, on)
    org = quota_org(worker.org, policy.get("rank_quota_scope"))
    if org is None:
        return rules.quota_check(rank=rank, rank_quota=None, headcount=0, held=0)
    pool = Worker.objects.filter(org__path__startswith=org.path, status=WorkerStatus.ACTIVE).exclude(
        employment_mode=EmploymentMode.REHIRED
    )
    held = pool.filter(rank=rank).count() + _scheduled(pool).filter(to_rank=rank).count()
    return rules.quota_check(rank=rank, rank_quota=policy.get("rank_quota"), headcount=pool.count(), held=held)


def _scheduled(pool):
    """已批准、待生效 promotions of workers in `pool`: the quota counts them as held from approval on."""
    return Promotion.objects.filter(status=PromotionStatus.SCHEDULED, worker__in=pool)


def quota_table(org: Org, on: date | None = None) -> list[rules.QuotaCheck]:
    """Each capped rank at a quota-level org (e.g. a county in Shandong): the figures of the rule."""
    policy = effective_policy(org, on)
    scope = policy.get("rank_quota_scope")
    quotas = policy.get("rank_quota") or {}
    if scope not in SCOPE_LEVEL or org.level != SCOPE_LEVEL[scope]:
        return []
    pool = Worker.objects.filter(org__path__startswith=org.path, status=WorkerStatus.ACTIVE).exclude(
        employment_mode=EmploymentMode.REHIRED
    )
    n = pool.count()
    held = dict(pool.filter(rank__in=list(quotas)).values_list("rank").annotate(c=models.Count("id")).values_list("rank", "c"))
    for rank, c in _scheduled(pool).filter(to_rank__in=list(quotas)).values_list("to_rank").annotate(c=models.Count("id")):
        held[rank] = held.get(rank, 0) + c
    return [rules.quota_check(rank=r, rank_quota=quotas, headcount=n, held=held.get(r, 0)) for r in quotas]


def eligibility_for(worker: Worker, *, on: date | None = None, results=None, certs=None, policy=None) -> rules.Eligibility:
    from unionsw.assessment.models import Result

    on = on or timezone.localdate()
    policy = policy or effective_policy(worker.org, on)
    if results is None:
        results = dict(Result.objects.filter(worker=worker).values_list("year", "grade"))
    if certs is None:
        certs = set(worker.certificates.filter(status="confirmed").values_list("level", flat=True))  # 待审核 ones do not count
    return rules.eligibility(
        rank=worker.rank,
        rank_since=worker.rank_since,
        employment_mode=worker.employment_mode,
        status=worker.status,
        results=results,
        cert_levels=certs,
        on=on,
        ladder=policy.get("ladder"),
        min_years=policy.get("promotion_min_years"),
        recent=policy.get("promotion_recent_results"),
        min_grade=policy.get("promotion_min_grade"),
        rank_certificate=policy.get("rank_certificate"),
        rehired_outside_ladder=bool(policy.get("rehired_outside_ladder")),
    )


def _check_quota(worker: Worker, rank: str, *, by=None, override_reason: str | None = None):
    """The quota check, or a ValidationError. Where the policy writes the quota as 原则上 (soft_rules), a user
    holding policy.soft_override may exceed it with a written reason: returns (check, reason) then."""
    check = quota_for(worker=worker, rank=rank)
    if check.ok_to_add:
        return check, None
    policy = effective_policy(worker.org)
    reason = soft_override_reason(by=by, policy=policy, key="rank_quota", reason=override_reason)
    if reason is None:
        raise ValidationError(
            _("超出岗位等级比例，不能晋升：%(figures)s%(hint)s") % {"figures": check.text, "hint": soft_hint(policy, "rank_quota")}
        )
    return check, reason


@transaction.atomic
def promotion_propose(*, by, worker: Worker, on: date | None = None, override_reason: str | None = None) -> Promotion:
    _require(by, "promotion.propose")
    if not org_in_scope(by, worker.org):
        raise OutOfScope()
    worker = Worker.objects.select_for_update().get(pk=worker.pk)
    if Promotion.objects.filter(worker=worker, status=PromotionStatus.PROPOSED).exists():
        raise ValidationError(_("该社工已有待审批的晋升提名"))
    result = eligibility_for(worker, on=on)
    if not result.eligible:
        raise ValidationError(_("%(name)s 不符合晋升条件：%(reasons)s") % {"name": worker.name, "reasons": result.summary})
    quota, override = _check_quota(worker, result.next_rank, by=by, override_reason=override_reason)
    explanation = [{"label": c.label, "ok": c.ok, "detail": c.detail} for c in result.checks]
    if override:
        explanation.append({"label": "比例", "ok": False, "detail": f"{quota.text}；超出“原则上”比例，{by} 破例提名，理由：{override}"})
    else:
        explanation.append({"label": "比例", "ok": True, "detail": quota.text})
    promo = Promotion.objects.create(
        worker=worker, from_rank=worker.rank, to_rank=result.next_rank, explanation=explanation, proposed_by=by
    )
    detail = {"from": worker.rank, "to": result.next_rank}
    if override:
        detail["soft_override"] = {"rule": "rank_quota", "reason": override, "figures": quota.text}
    audit(by=by, action="promotion.propose", target=worker, detail=detail)
    return promo


def approval_allowed(by, worker: Worker) -> tuple[bool, str]:
    """Approval level per policy (promotion_approval_level); when the seeds leave it open (未规定) the
    permission promotion.approve decides, which the built-in grants give to the city federation."""
    level = effective_policy(worker.org).get("promotion_approval_level")
    if level is None:
        return True, _("审批层级：未规定（由持有“审批晋升”权限的上级工会审批）")
    need = SCOPE_LEVEL.get(level)
    ok = by.org is not None and by.org.level == need
    return ok, _("审批层级：%(level)s") % {"level": level}


MAX_SCHEDULE_DAYS = 366


@transaction.atomic
def promotion_approve(
    *, by, promotion: Promotion, effective_on: date, note: str = "", override_reason: str | None = None
) -> Promotion:
    """Approve a proposal from `effective_on`. Today or earlier: the rank changes at once. A later date (at most
    a year ahead): the promotion is 已批准、待生效, eligibility is judged on that date, the quota counts it as
    held from now on, and `apply_due_promotions` (daily) makes it effective on the day."""
    _require(by, "promotion.approve")
    worker = Worker.objects.select_for_update().get(pk=promotion.worker_id)
    if not org_in_scope(by, worker.org):
        raise OutOfScope()
    promotion = Promotion.objects.select_for_update().get(pk=promotion.pk)
    if promotion.status != PromotionStatus.PROPOSED:
        raise ValidationError(_("该提名已处理"))
    ok, why = approval_allowed(by, worker)
    if not ok:
        raise NotAllowed(_("本地区晋升须由规定层级审批（%(rule)s）") % {"rule": why})
    if promotion.proposed_by_id == by.pk:
        raise ValidationError(_("提名人不能审批自己的提名"))
    if not isinstance(effective_on, date):
        raise ValidationError({"effective_on": [_("请填写生效日期")]})
    today = timezone.localdate()
    if (effective_on - today).days > MAX_SCHEDULE_DAYS:
        latest = f"{today + timedelta(days=MAX_SCHEDULE_DAYS):%Y-%m-%d}"
        raise ValidationError({"effective_on": [_("生效日期最晚为一年后（%(date)s）") % {"date": latest}]})
    if worker.rank != promotion.from_rank:
        raise ValidationError(_("该社工的等级在提名后已变化，请重新提名"))
    scheduled = effective_on > today
    result = eligibility_for(worker, on=effective_on if scheduled else None)
    if not result.eligible or result.next_rank != promotion.to_rank:
        values = {"name": worker.name, "reasons": result.summary, "date": f"{effective_on:%Y-%m-%d}"}
        if scheduled:
            raise ValidationError(_("%(name)s 现已不符合晋升条件（按生效日期 %(date)s 审查）：%(reasons)s") % values)
        raise ValidationError(_("%(name)s 现已不符合晋升条件：%(reasons)s") % values)
    quota, override = _check_quota(worker, promotion.to_rank, by=by, override_reason=override_reason)
    why = f"{quota.text}；超出“原则上”比例，破例理由：{override}" if override else quota.text
    if not scheduled:
        _make_effective(by, worker, promotion, effective_on, why)
    promotion.status = PromotionStatus.SCHEDULED if scheduled else PromotionStatus.EFFECTIVE
    promotion.decided_by = by
    promotion.decided_at = timezone.now()
    promotion.effective_on = effective_on
    promotion.decision_note = (note.strip() + (f"（破例理由：{override}）" if override else ""))[:300]
    promotion.save()
    detail = {"to": promotion.to_rank, "effective_on": str(effective_on)}
    if scheduled:
        detail["scheduled"] = True
    if override:
        detail["soft_override"] = {"rule": "rank_quota", "reason": override, "figures": quota.text}
    audit(by=by, action="promotion.approve", target=worker, detail=detail)
    return promotion


def _make_effective(by, worker: Worker, promotion: Promotion, effective_on: date, why: str) -> None:
    worker_services.worker_update(
        by=by,
        worker=worker,
        data={"rank": promotion.to_rank, "rank_since": effective_on},
        version=worker.version,
        reason=f"晋升：{promotion.from_rank} → {promotion.to_rank}（{why}）",
    )


def apply_due_promotions(*, on: date | None = None) -> dict[str, int]:
    """Make every 已批准、待生效 promotion whose date has come effective (run daily: `manage.py
    apply_due_promotions`). The rank changes from the approved date, in the approver's name. A worker whose
    rank changed or who left meanwhile is not promoted: the promotion is 到期未生效 with the reason. Each
    promotion in its own transaction, so one failure does not hold back the others."""
    on = on or timezone.localdate()
    done = {"effective": 0, "lapsed": 0}
    with translation.override(settings.LANGUAGE_CODE):  # a refusal caught here is stored (note, audit): in Chinese
        _apply_due(on, done)
    return done


def _apply_due(on: date, done: dict[str, int]) -> None:
    for pk in Promotion.objects.filter(status=PromotionStatus.SCHEDULED, effective_on__lte=on).values_list("pk", flat=True):
        with transaction.atomic():
            promotion = Promotion.objects.select_for_update().filter(pk=pk, status=PromotionStatus.SCHEDULED).first()
            if promotion is None:
                continue  # another run of the command got there first
            worker = Worker.objects.select_for_update().get(pk=promotion.worker_id)
            problem = None
            if worker.status != WorkerStatus.ACTIVE:
                problem = f"社工已不在岗（{worker.get_status_display()}）"
            elif worker.rank != promotion.from_rank:
                problem = f"社工等级已变为{worker.rank or '未定级'}"
            else:
                try:
                    with transaction.atomic():
                        _make_effective(
                            promotion.decided_by, worker, promotion, promotion.effective_on, f"{promotion.effective_on:%Y-%m-%d} 起生效"
                        )
                except ValidationError as exc:  # e.g. the approver's account no longer holds the permission
                    problem = "；".join(exc.messages)
            if problem:
                promotion.status = PromotionStatus.LAPSED
                promotion.decision_note = f"{promotion.decision_note}（到期未生效：{problem}）"[:300]
                promotion.save(update_fields=["status", "decision_note"])
                audit(by=None, action="promotion.lapse", target=worker, detail={"to": promotion.to_rank, "why": problem}, actor_name="系统")
                done["lapsed"] += 1
                continue
            promotion.status = PromotionStatus.EFFECTIVE
            promotion.save(update_fields=["status"])
            audit(
                by=None,
                action="promotion.effective",
                target=worker,
                detail={"to": promotion.to_rank, "effective_on": str(promotion.effective_on)},
                actor_name="系统",
            )
            done["effective"] += 1


@transaction.atomic
def promotion_refuse(*, by, promotion: Promotion, note: str) -> Promotion:
    _require(by, "promotion.approve")
    if not org_in_scope(by, promotion.worker.org):
        raise OutOfScope()
    if promotion.status != PromotionStatus.PROPOSED:
        raise ValidationError(_("该提名已处理"))
    if not (note or "").strip():
        raise ValidationError({"note": [_("请填写不批准的理由")]})
    promotion.status = PromotionStatus.REFUSED
    promotion.decided_by = by
    promotion.decided_at = timezone.now()
    promotion.decision_note = note.strip()[:300]
    promotion.save()
    audit(by=by, action="promotion.refuse", target=promotion.worker, detail={"note": promotion.decision_note})
    return promotion


def assessment_record(worker: Worker) -> list[dict]:
    from unionsw.assessment.models import Result

    return [
        {"year": r.year, "grade": r.get_grade_display(), "note": r.note}
        for r in Result.objects.filter(worker=worker).order_by("-year")
    ]


@transaction.atomic
def recommendation_create(*, by, worker: Worker, kind: str, target: str, reason: str) -> Recommendation:
    from .models import RecommendationKind

    _require(by, "recommendation.manage")
    if not org_in_scope(by, worker.org):
        raise OutOfScope()
    errors = {}
    if kind not in RecommendationKind.values:
        errors["kind"] = [_("请选择推荐类型")]
    if not (target or "").strip():
        errors["target"] = [_("请填写推荐为（如 某街道工会专职副主席候选人）")]
    if not (reason or "").strip():
        errors["reason"] = [_("请填写推荐理由")]
    if worker.status != WorkerStatus.ACTIVE:
        errors["worker"] = [_("只能推荐在岗社工")]
    elif worker.employment_mode == EmploymentMode.REHIRED:
        errors["worker"] = [_("返聘人员不参加择优推荐等激励")]
    if errors:
        raise ValidationError(errors)
    rec = Recommendation.objects.create(
        worker=worker,
        kind=kind,
        target=target.strip()[:100],
        reason=reason.strip(),
        record=assessment_record(worker),
        created_by=by,
    )
    audit(by=by, action="recommendation.create", target=worker, detail={"kind": kind, "target": rec.target})
    return rec
