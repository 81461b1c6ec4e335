"""Training compliance (slice 3): has each worker done the training the profile requires by its deadline?

Shandong (seed 000): 新任……须在半年内……进行系统的上岗资格和业务培训 — 6 months, kinds 资格培训/业务培训;
Jiangsu (seed 001): 自录用之日起一年内应当参加业务培训 — 12 months, kind 业务培训. Each worker is judged by
the policy in force on their hire date (a rule does not reach back before it existed), and only from the
first year a training plan exists above them on the platform (before that there are no records to judge).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Min

from unionsw.orgs.policy import effective_policies
from unionsw.workers.selectors import worker_list_visible_to

from . import rules
from .models import Enrolment, TrainingPlan


def _attended(worker_ids) -> dict[int, list[tuple[str, date]]]:
    out: dict[int, list[tuple[str, date]]] = {}
    rows = Enrolment.objects.filter(worker_id__in=worker_ids, attended_at__isnull=False).values_list(
        "worker_id", "session__kind", "session__ends_on"
    )
    for wid, kind, day in rows:
        out.setdefault(wid, []).append((kind, day))
    return out


def _first_plan_years(workers) -> dict[int, int]:
    """{org id: first plan year} of every org above the workers that has a training plan (1 query)."""
    ids = {i for w in workers for i in w.org.ancestor_ids()}
    rows = TrainingPlan.objects.filter(org_id__in=ids).values("org_id").annotate(first=Min("year")).values_list("org_id", "first")
    return dict(rows)


def _tracked_from(worker, first_years: dict[int, int]) -> int | None:
    years = [first_years[i] for i in worker.org.ancestor_ids() if i in first_years]
    return min(years) if years else None


def _judge(workers, today: date) -> list[dict]:
    workers = list(workers)
    if not workers:
        return []
    policies = effective_policies([], dates={w.pk: (w.org, w.hired_on) for w in workers})
    attended = _attended([w.pk for w in workers])
    first_years = _first_plan_years(workers)
    rows = []
    for w in workers:
        p = policies[w.pk]
        c = rules.compliance(
            hired_on=w.hired_on,
            months=p.get("training_deadline_months"),
            kinds=p.get("training_deadline_kinds"),
            attended=attended.get(w.pk, []),
            today=today,
            tracked_from_year=_tracked_from(w, first_years),
        )
        rows.append({"w": w, "c": c, "pretraining_required": p.get("pretraining_required")})
    return rows


def for_worker(worker, today: date) -> dict:
    return _judge([worker], today)[0]


def rows_for(user, today: date, *, worker_ids=None) -> list[dict]:
    """Every active worker in the user's scope, judged: a fixed number of queries whatever the count."""
    qs = worker_list_visible_to(user).filter(status="active").select_related("org").order_by("hired_on", "pk")
    if worker_ids is not None:
        qs = qs.filter(pk__in=worker_ids)
    order = {"overdue": 0, "pending": 1, "done_late": 2, "done": 3, "untracked": 4, "not_set": 5}
    rows = _judge(qs, today)
    return sorted(rows, key=lambda r: (order[r["c"].state], r["c"].deadline or date.max))
