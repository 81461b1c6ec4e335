"""Training compliance (slice 3): has each worker done the training the profile requires by its deadline?

Shandong (seed 000): 新任……须在半年内……进行系统的上岗资格和业务培训 — 6 months, kinds 资格培训/业务培训;
Jiangsu (seed 001): 自录用之日起一年内应当参加业务培训 — 12 months, kind 业务培训. Each worker is judged by
the policy in force on their hire date (a rule does not reach back before it existed), and only from the
first year a training plan exists above them on the platform (before that there are no records to judge).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Min, Q

from unionsw.orgs.models import Org
from unionsw.orgs.policy import effective_policies
from unionsw.workers.selectors import worker_list_visible_to

from . import rules
from .models import Enrolment, TrainingPlan


@dataclass(frozen=True)
class WorkerRow:
    """The little of a worker that judging needs (lists of 100,000 workers stay cheap: no model instances)."""

    pk: int
    name: str
    hired_on: date
    org: Org


def _attended(worker_filter) -> dict[int, list[tuple[str, date]]]:
    out: dict[int, list[tuple[str, date]]] = {}
    rows = Enrolment.objects.filter(worker_filter, attended_at__isnull=False).values_list("worker_id", "session__kind", "session__ends_on")
    for wid, kind, day in rows:
        out.setdefault(wid, []).append((kind, day))
    return out


def _first_plan_years(orgs) -> dict[int, int]:
    """{org id: first plan year} of every org above the given orgs that has a training plan (1 query)."""
    ids = {i for o in orgs for i in o.ancestor_ids()}
    rows = TrainingPlan.objects.filter(org_id__in=ids).values("org_id").annotate(first=Min("year")).values_list("org_id", "first")
    return dict(rows)


def _tracked_from(org, first_years: dict[int, int]) -> int | None:
    years = [first_years[i] for i in org.ancestor_ids() if i in first_years]
    return min(years) if years else None


def _judge(workers: list[WorkerRow], attended: dict, today: date) -> list[dict]:
    if not workers:
        return []
    orgs = {w.org.pk: w.org for w in workers}
    # one policy per (unit, hire date), not per worker
    policies = effective_policies([], dates={(w.org.pk, w.hired_on): (w.org, w.hired_on) for w in workers})
    values = {
        key: (p.get("training_deadline_months"), p.get("training_deadline_kinds"), p.get("pretraining_required"))
        for key, p in policies.items()
    }
    first_years = _first_plan_years(orgs.values())
    tracked = {pk: _tracked_from(o, first_years) for pk, o in orgs.items()}
    memo: dict = {}
    rows = []
    for w in workers:
        months, kinds, pre = values[(w.org.pk, w.hired_on)]
        mine = attended.get(w.pk)
        key = (w.hired_on, months, tuple(kinds or ()), tracked[w.org.pk])
        if mine is None and key in memo:  # most workers have no record: same inputs, same answer
            c = memo[key]
        else:
            c = rules.compliance(
                hired_on=w.hired_on, months=months, kinds=kinds, attended=mine or [], today=today, tracked_from_year=key[3]
            )
            if mine is None:
                memo[key] = c
        missing = rules.pretraining_missing(required=pre, hired_on=w.hired_on, attended=mine or [], tracked_from_year=key[3])
        rows.append({"w": w, "c": c, "pretraining_required": pre, "pretraining_missing": missing})
    return rows


def for_worker(worker, today: date) -> dict:
    row = WorkerRow(worker.pk, worker.name, worker.hired_on, worker.org)
    return _judge([row], _attended(Q(worker_id=worker.pk)), today)[0]


def rows_for(user, today: date) -> list[dict]:
    """Every active worker in the user's scope, judged: a fixed number of queries whatever the count
    (workers as tuples, their units once each, attended sessions through a subquery)."""
    qs = worker_list_visible_to(user).filter(status="active")
    raw = list(qs.order_by("hired_on", "pk").values_list("pk", "name", "hired_on", "org_id"))
    orgs = {o.pk: o for o in Org.objects.filter(pk__in={r[3] for r in raw})}
    workers = [WorkerRow(pk, name, hired, orgs[org_id]) for pk, name, hired, org_id in raw]
    attended = _attended(Q(worker_id__in=qs.values("pk")))
    order = {"overdue": 0, "pending": 1, "done_late": 2, "done": 3, "untracked": 4, "not_set": 5}
    rows = _judge(workers, attended, today)
    return sorted(rows, key=lambda r: (order[r["c"].state], r["c"].deadline or date.max))
