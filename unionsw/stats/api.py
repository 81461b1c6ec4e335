"""Statistics API: the breakdowns of /stats/ (same figures, same scope) and the to-do list."""

from __future__ import annotations

from django.utils import timezone
from ninja import Router, Schema

from unionsw.core.errors import NotAllowed

from . import engine, selectors, todo
from .population import population

router = Router(tags=["统计与待办"])


class RowOut(Schema):
    key: str
    label: str
    value: float
    share: str
    url: str | None


class BreakdownOut(Schema):
    key: str
    title: str
    unit: str
    total: float
    rows: list[RowOut]


class StatsOut(Schema):
    org_id: int
    org: str
    on: str
    filed_only: bool
    breakdowns: list[BreakdownOut]


class TodoOut(Schema):
    key: str
    source: str
    level: str
    title: str
    detail: str
    url: str
    due: str | None


@router.get("/breakdowns", url_name="stats_breakdowns", response=StatsOut, summary="队伍结构统计（截至任一日期）")
def breakdowns(request, org: int | None = None, on: str = ""):
    """`org` is an org id within the caller's scope (default: the top of the scope), `on` a day
    (YYYY-MM-DD) or a month (YYYY-MM); blank is today."""
    if not request.user.can("stats.view"):
        raise NotAllowed()
    target = selectors.stats_org(request.user, str(org) if org is not None else None)
    day = selectors.stats_day(on)
    pop = population(request.user, day, target)
    tables = engine.collect(request.user, pop.on, target)
    return {
        "org_id": target.pk,
        "org": target.name,
        "on": pop.on.isoformat(),
        "filed_only": bool(pop.filed_only),
        "breakdowns": [
            {
                "key": t.key,
                "title": t.title,
                "unit": t.unit,
                "total": float(t.total),
                "rows": [
                    {"key": r.key, "label": r.label, "value": float(r.value), "share": f"{r.share:.2f}", "url": r.url}
                    for r in t.rows
                ],
            }
            for t in tables
        ],
    }


@router.get("/todo", url_name="stats_todo", response=list[TodoOut], summary="我的待办")
def todo_list(request):
    if not request.user.can("todo.view"):
        raise NotAllowed()
    return [{**i.__dict__, "due": i.due.isoformat() if i.due else None} for i in todo.collect(request.user, timezone.localdate())]
