"""Alerts for the employment app's collector: two consecutive 不合格 flag the contract (seed 001)."""

from __future__ import annotations

from django.urls import reverse

from unionsw.employment.alerts import consecutive_fail_alert
from unionsw.workers.models import WorkerStatus

from . import rules
from .models import Grade, Result
from .selectors import results_visible_to


def alerts_for(user, today) -> list:
    """employment.alerts.Alert rows (shown in the alert centre) for active workers in the user's scope whose latest two published
    results are both 不合格 (the latest result year must be today's year or the year before)."""
    latest_fail_workers = (
        results_visible_to(user)
        .filter(grade=Grade.FAIL, year__gte=today.year - 1, worker__status=WorkerStatus.ACTIVE)
        .values("worker_id")
    )
    rows = (
        Result.objects.filter(worker_id__in=latest_fail_workers)
        .select_related("worker", "worker__org")
        .order_by("worker_id", "-year")
    )
    by_worker: dict[int, dict] = {}
    for r in rows:
        item = by_worker.setdefault(r.worker_id, {"worker": r.worker, "grades": {}, "last": r})
        item["grades"][r.year] = r.grade
    out = []
    for item in by_worker.values():
        run = rules.consecutive_fails(item["grades"])
        if run >= 2:
            last = item["last"]
            out.append(
                consecutive_fail_alert(
                    worker=item["worker"],
                    years=[last.year - 1, last.year],
                    url=reverse("assessment:admonition", args=[last.pk]),
                )
            )
    return out
