"""The to-do centre (待办): everything waiting for the user, from every app.

Built-in sources: recruitment plans to approve (city) or file (province), promotions to approve and
eligible workers to propose, public-notice objections to resolve, host-unit evaluations due, Beijing's
qualification reviews and certification non-registrants, workers to submit for filing (county, 报送备案) and
submissions to file (province), units below the staffing norm, work-log entries and volunteer hours to confirm; then every app's `alerts_for` rows
(employment.alerts.collect: contracts, certificates, training, 不合格 without an admonition…).
Each source checks the permission of the page it links to and reads through that app's scoped selector,
so a row never links to a page the user may not open. A fixed number of queries whatever the rows.

The texts of a row are built in the language of the request (issue 12): nothing of them is stored (a dismissal
keeps the key), and the daily email, built by a job outside any request, comes out in Chinese.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext, gettext_noop

LEVEL_ORDER = {"bad": 0, "warn": 1, "info": 2}
LEVEL_LABELS = {"bad": gettext_noop("紧急"), "warn": gettext_noop("提醒"), "info": gettext_noop("待办")}


@dataclass(frozen=True)
class TodoItem:
    key: str  # stable identity for dismiss/snooze, e.g. "plan.approve:12"
    source: str  # 中文 area label
    level: str  # bad / warn / info
    title: str
    detail: str
    url: str
    due: date | None = None

    @property
    def level_label(self) -> str:
        return gettext(LEVEL_LABELS.get(self.level, LEVEL_LABELS["info"]))


def _plans(user, today):
    if not (user.can("recruitment.approve") or user.can("recruitment.file")):
        return []
    from unionsw.recruitment.models import PlanStatus
    from unionsw.recruitment.selectors import plans_visible_to

    wanted = []
    if user.can("recruitment.approve"):
        wanted.append((PlanStatus.PROPOSED, "plan.approve", gettext("招录计划待审批")))
    if user.can("recruitment.file"):
        wanted.append((PlanStatus.APPROVED, "plan.file", gettext("招录计划待备案")))
    status_of = {s: (k, t) for s, k, t in wanted}
    out = []
    for plan in plans_visible_to(user).filter(status__in=list(status_of)).select_related("org"):
        kind, title = status_of[plan.status]
        out.append(
            TodoItem(
                f"{kind}:{plan.pk}",
                gettext("招聘录用"),
                "warn",
                title,
                gettext("%(org)s：%(plan)s") % {"org": plan.org.name, "plan": plan.title},
                reverse("recruitment:plan_detail", args=[plan.pk]),
            )
        )
    return out


def _promotions(user, today):
    if not (user.can("promotion.approve") and user.can("promotion.view")):
        return []
    from unionsw.careers.models import PromotionStatus
    from unionsw.careers.selectors import promotions_visible_to

    qs = promotions_visible_to(user).filter(status=PromotionStatus.PROPOSED).select_related("worker", "worker__org")
    return [
        TodoItem(
            f"promotion.approve:{p.pk}",
            gettext("职业发展"),
            "warn",
            gettext("晋升待审批"),
            gettext("%(org)s %(name)s：%(from)s → %(to)s")
            % {"org": p.worker.org.name, "name": p.worker.name, "from": p.from_rank or gettext("未定级"), "to": p.to_rank},
            reverse("careers:promotions"),
        )
        for p in qs
    ]


def _objections(user, today):
    if not (user.can("recruitment.manage") and user.can("recruitment.view")):
        return []
    from unionsw.recruitment.selectors import objections_visible_to

    qs = objections_visible_to(user).filter(resolved_at__isnull=True).select_related("application")
    return [
        TodoItem(
            f"objection.resolve:{o.pk}",
            gettext("招聘录用"),
            "bad",
            gettext("公示异议待处理"),
            gettext("%(application)s：%(content)s") % {"application": o.application, "content": o.content[:40]},
            reverse("recruitment:application_detail", args=[o.application_id]),
            o.received_on,
        )
        for o in qs
    ]


def _host_evaluations(user, today):
    if not user.can("assessment.host"):
        return []
    from django.db.models import Count, Q

    from unionsw.assessment.models import RoundStatus, Source
    from unionsw.assessment.selectors import entries_visible_to

    rows = (
        entries_visible_to(user)
        .filter(round__status=RoundStatus.DRAWN)
        .values("round_id", "round__year", "round__components")
        .annotate(n=Count("id", filter=Q(host_opinion="")))
        .order_by("round_id")
    )
    out = []
    for r in rows:
        if not r["n"] or Source.HOST not in {c.get("source") for c in r["round__components"] or []}:
            continue
        out.append(
            TodoItem(
                f"assessment.host:{r['round_id']}",
                gettext("年度考核"),
                "warn",
                gettext("岗位所在单位评价待填写"),
                gettext("%(year)s年度考核：%(n)s 名社工尚无评价意见") % {"year": r["round__year"], "n": r["n"]},
                reverse("assessment:score_sheet", args=[r["round_id"], "host"]),
            )
        )
    return out


def _pending_reviews(user, today):
    """Work-log entries and self-logged volunteer hours waiting for this user's confirmation: the county's, or the
    host unit's where the policy gives it daily management (seed 001: 日常管理由实际用人单位具体负责). One count
    query per kind the user may confirm."""
    from unionsw.activity.models import Review
    from unionsw.activity.selectors import hours_reviewable_q, hours_visible_to, worklog_visible_to

    out = []
    if user.can("worklog.confirm") and user.can("worklog.view"):
        n = worklog_visible_to(user).filter(status=Review.SUBMITTED).exclude(worker__user=user).count()
        if n:
            out.append(
                TodoItem(
                    f"worklog.confirm:{user.org_id}",
                    gettext("日常管理"),
                    "info",
                    gettext("工作日志待确认"),
                    gettext("%(n)s 条工作日志待确认或退回") % {"n": n},
                    reverse("activity:worklog"),
                )
            )
    if user.can("volunteer.manage") and user.can("volunteer.view"):
        n = hours_visible_to(user).filter(hours_reviewable_q(user), status=Review.SUBMITTED).exclude(worker__user=user).count()
        if n:
            out.append(
                TodoItem(
                    f"volunteer.confirm:{user.org_id}",
                    gettext("日常管理"),
                    "info",
                    gettext("志愿服务时长待确认"),
                    gettext("%(n)s 条志愿服务时长待确认或退回") % {"n": n},
                    reverse("activity:volunteer"),
                )
            )
    return out


def _filing(user, today):
    from . import selectors

    out = []
    if user.can("filing.submit"):
        n = selectors.workers_to_submit(user).count()
        if n:
            out.append(
                TodoItem(
                    "filing.submit",
                    gettext("社工管理"),
                    "warn",
                    gettext("社工待报送备案"),
                    gettext("%(n)s 名在岗社工未备案、也未报送省总工会备案") % {"n": n},
                    reverse("stats:filing_submit"),
                )
            )
    if user.can("worker.file"):
        for s in selectors.submissions_to_file(user).select_related("org"):
            out.append(
                TodoItem(
                    f"filing.file:{s.pk}",
                    gettext("社工管理"),
                    "warn",
                    gettext("报送备案待办理"),
                    gettext("%(org)s %(day)s 报送") % {"org": s.org.name, "day": f"{s.submitted_at:%Y-%m-%d}"},
                    reverse("stats:filing_batch"),
                )
            )
    return out


def _promotion_candidates(user, today):
    """Workers who meet every condition for the next rank (careers' verdict) and have no proposal waiting."""
    if not (user.can("promotion.propose") and user.can("promotion.view")):
        return []
    from unionsw.careers.models import PromotionStatus
    from unionsw.careers.selectors import eligibility_rows, promotions_visible_to

    pending = set(promotions_visible_to(user).filter(status=PromotionStatus.PROPOSED).values_list("worker_id", flat=True))
    url = reverse("careers:eligibility") + "?show=eligible"
    return [
        TodoItem(
            f"promotion.propose:{r['worker'].pk}:{r['e'].next_rank}",
            gettext("职业发展"),
            "info",
            gettext("符合晋升条件待提名"),
            gettext("%(org)s %(name)s：%(from)s → %(to)s")
            % {
                "org": r["worker"].org.name,
                "name": r["worker"].name,
                "from": r["worker"].rank or gettext("未定级"),
                "to": r["e"].next_rank,
            },
            url,
        )
        for r in eligibility_rows(user, on=today)
        if r["e"].eligible and r["worker"].pk not in pending
    ]


def _qualification_reviews(user, today):
    """Beijing (seed 004, 资格每年审验一次，与年度考核同步进行): a published result of a year since the certificate
    was issued that the yearly review has not yet taken into account, one row per year."""
    if not (user.can("certification.manage") and user.org_id):
        return []
    from unionsw.assessment.models import Result
    from unionsw.assessment.selectors import qualifications_visible_to
    from unionsw.orgs.policy import effective_policy

    if not effective_policy(user.org, today).get("qualification_certification"):
        return []
    quals = qualifications_visible_to(user).filter(revoked=False, worker__status="active")
    rows = Result.objects.filter(worker__qualification__in=quals).values_list(
        "year", "worker__qualification__issued_on", "worker__qualification__reviews"
    )
    due: dict[int, int] = {}
    for year, issued_on, reviews in rows:
        if year >= issued_on.year and str(year) not in (reviews or {}):
            due[year] = due.get(year, 0) + 1
    return [
        TodoItem(
            f"certification.review:{year}",
            gettext("年度考核"),
            "warn",
            gettext("资格年度审验待办理"),
            gettext("%(year)s年度考核结果已公布，%(n)s 名持证社工的资格尚未审验（资格每年审验一次，与年度考核同步进行）")
            % {"year": year, "n": n},
            reverse("assessment:cert_rounds"),
        )
        for year, n in sorted(due.items())
    ]


def _certification_unregistered(user, today):
    """Beijing: workers of an open certification sitting who have not registered (不报名者视同放弃资格认证，应当退出
    专职工会社会工作者队伍), one row per sitting. Four queries whatever the number of sittings and workers."""
    if not user.can("certification.manage"):
        return []
    from django.db.models import Q

    from unionsw.assessment.models import CertEntry
    from unionsw.assessment.selectors import cert_rounds_visible_to
    from unionsw.orgs.policy import effective_policies
    from unionsw.workers.selectors import worker_list_visible_to

    rounds = list(cert_rounds_visible_to(user).filter(closed=False, register_from__lte=today).select_related("org"))
    if not rounds:
        return []
    policies = effective_policies({r.org_id: r.org for r in rounds}.values(), on=today)
    rounds = [r for r in rounds if policies[r.org_id].get("qualification_certification")]
    if not rounds:
        return []
    under = Q()
    for r in rounds:
        under |= Q(org__path__startswith=r.org.path)
    workers = list(
        worker_list_visible_to(user)
        .filter(under, status="active", qualification__isnull=True)
        .values_list("pk", "org__path")
    )
    entries = set(CertEntry.objects.filter(cert_round__in=rounds).values_list("cert_round_id", "worker_id"))
    failed_first = {
        (org_id, wid)
        for org_id, wid in CertEntry.objects.filter(
            cert_round__org__in={r.org_id for r in rounds}, cert_round__attempt=1, passed=False
        ).values_list("cert_round__org_id", "worker_id")
    }
    out = []
    for r in rounds:
        missing = sum(
            1
            for wid, path in workers
            if path.startswith(r.org.path)
            and (r.pk, wid) not in entries
            and (r.attempt == 1 or (r.org_id, wid) in failed_first)
        )
        if not missing:
            continue
        late = today > r.register_until
        # seed 004: after the deadline the row leads to the list where each one's exit starts (prefilled)
        exit_step = late and policies[r.org_id].get("unregistered_certification_exit")
        out.append(
            TodoItem(
                f"certification.unregistered:{r.pk}",
                gettext("年度考核"),
                "bad" if late else "warn",
                gettext("资格认证未报名，待办理退出") if exit_step else gettext("资格认证未报名"),
                (
                    gettext(
                        "%(name)s：报名已于 %(day)s 截止，%(n)s 名社工未报名，视同放弃资格认证，应当退出专职工会社会工作者队伍"
                    )
                    % {"name": r.name, "day": f"{r.register_until:%Y-%m-%d}", "n": missing}
                    + (gettext("（在名单中逐人办理退出）") if exit_step else "")
                    if late
                    else gettext("%(name)s：%(n)s 名社工尚未报名（%(day)s 截止）")
                    % {"name": r.name, "n": missing, "day": f"{r.register_until:%Y-%m-%d}"}
                ),
                reverse("assessment:cert_round", args=[r.pk]) + ("#unregistered" if exit_step else ""),
                r.register_until,
            )
        )
    return out


def _staffing(user, today):
    """Base-level units below the staffing norm (seed 001: 应当配备), from employment's staffing table of the
    user's own org (the county that places workers)."""
    if not (user.can("post.manage") and user.can("post.view") and user.org_id):
        return []
    from unionsw.employment import staffing
    from unionsw.orgs.models import OrgLevel

    if user.org.level > OrgLevel.COUNTY:
        return []
    table = staffing.staffing_table(user, user.org, sort="gap")
    url = reverse("employment:staffing") + f"?org={user.org_id}&sort=gap"
    out = []
    for row in table["rows"]:
        gap = row.gap
        if not gap or gap <= 0:
            continue
        need = row.current + gap
        out.append(
            TodoItem(
                f"staffing.below:{row.unit.pk}:{need}",
                gettext("岗位配备"),
                "warn",
                gettext("未达配备标准"),
                gettext("%(unit)s：应配备不少于 %(need)s 名，现有 %(current)s 名，尚缺 %(gap)s 名")
                % {"unit": row.unit.name, "need": need, "current": row.current, "gap": gap},
                url,
            )
        )
    return out


def _alerts(user, today):
    from unionsw.employment import alerts

    return [
        TodoItem(
            f"{a.kind}:{a.worker_id}",
            gettext("预警"),
            a.level,
            a.title,
            gettext("%(org)s %(name)s：%(detail)s") % {"org": a.org_name, "name": a.worker_name, "detail": a.detail},
            a.url,
            a.due,
        )
        for a in alerts.collect(user, today)
    ]


SOURCES = [
    _plans,
    _promotions,
    _promotion_candidates,
    _objections,
    _host_evaluations,
    _pending_reviews,
    _qualification_reviews,
    _certification_unregistered,
    _filing,
    _staffing,
    _alerts,
]


def collect(user, today: date, *, include_hidden: bool = False) -> list[TodoItem]:
    from .selectors import hidden_todo_keys

    items = [item for source in SOURCES for item in source(user, today)]
    if not include_hidden:
        hidden = hidden_todo_keys(user, today)
        items = [i for i in items if i.key not in hidden]
    return sorted(items, key=lambda i: (LEVEL_ORDER.get(i.level, 9), i.due or date.max, i.title, i.key))
