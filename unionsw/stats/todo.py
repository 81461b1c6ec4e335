"""The to-do centre (待办): everything waiting for the user, from every app.

Built-in sources: recruitment plans to approve (city) or file (province), promotions to approve,
public-notice objections to resolve, host-unit evaluations due, workers to submit for filing (county,
报送备案) and submissions to file (province); then every app's `alerts_for` rows (employment.alerts.collect).
Each source checks the permission of the page it links to and reads through that app's scoped selector,
so a row never links to a page the user may not open. A fixed number of queries whatever the rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.urls import reverse

LEVEL_ORDER = {"bad": 0, "warn": 1, "info": 2}


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
        return {"bad": "紧急", "warn": "提醒", "info": "待办"}.get(self.level, "待办")


def _plans(user, today):
    if not (user.can("recruitment.approve") or user.can("recruitment.file")):
        return []
    from unionsw.recruitment.models import PlanStatus
    from unionsw.recruitment.selectors import plans_visible_to

    wanted = []
    if user.can("recruitment.approve"):
        wanted.append((PlanStatus.PROPOSED, "plan.approve", "招录计划待审批"))
    if user.can("recruitment.file"):
        wanted.append((PlanStatus.APPROVED, "plan.file", "招录计划待备案"))
    status_of = {s: (k, t) for s, k, t in wanted}
    out = []
    for plan in plans_visible_to(user).filter(status__in=list(status_of)).select_related("org"):
        kind, title = status_of[plan.status]
        out.append(
            TodoItem(
                f"{kind}:{plan.pk}",
                "招聘录用",
                "warn",
                title,
                f"{plan.org.name}：{plan.title}",
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
            "职业发展",
            "warn",
            "晋升待审批",
            f"{p.worker.org.name} {p.worker.name}：{p.from_rank or '未定级'} → {p.to_rank}",
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
            "招聘录用",
            "bad",
            "公示异议待处理",
            f"{o.application}：{o.content[:40]}",
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
                "年度考核",
                "warn",
                "岗位所在单位评价待填写",
                f"{r['round__year']}年度考核：{r['n']} 名社工尚无评价意见",
                reverse("assessment:score_sheet", args=[r["round_id"], "host"]),
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
                    "社工管理",
                    "warn",
                    "社工待报送备案",
                    f"{n} 名在岗社工未备案、也未报送省总工会备案",
                    reverse("stats:filing_submit"),
                )
            )
    if user.can("worker.file"):
        for s in selectors.submissions_to_file(user).select_related("org"):
            out.append(
                TodoItem(
                    f"filing.file:{s.pk}",
                    "社工管理",
                    "warn",
                    "报送备案待办理",
                    f"{s.org.name} {s.submitted_at:%Y-%m-%d} 报送",
                    reverse("stats:filing_batch"),
                )
            )
    return out


def _alerts(user, today):
    from unionsw.employment import alerts

    return [
        TodoItem(
            f"{a.kind}:{a.worker_id}",
            "预警",
            a.level,
            a.title,
            f"{a.org_name} {a.worker_name}：{a.detail}",
            a.url,
            a.due,
        )
        for a in alerts.collect(user, today)
    ]


SOURCES = [_plans, _promotions, _objections, _host_evaluations, _filing, _alerts]


def collect(user, today: date, *, include_hidden: bool = False) -> list[TodoItem]:
    from .selectors import hidden_todo_keys

    items = [item for source in SOURCES for item in source(user, today)]
    if not include_hidden:
        hidden = hidden_todo_keys(user, today)
        items = [i for i in items if i.key not in hidden]
    return sorted(items, key=lambda i: (LEVEL_ORDER.get(i.level, 9), i.due or date.max, i.title, i.key))
