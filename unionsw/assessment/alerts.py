"""Alerts for the employment app's collector: N consecutive 不合格 flag the contract — only where the worker's
policy sets `consecutive_fail_dissolve` (Jiangsu: 连续两年考核不合格…可依据有关规定解除合同); elsewhere the
seeds say nothing and no alert fires. A recent 不合格 without a 诫勉谈话 record is flagged where the policy sets
`fail_requires_admonition` (Jiangsu: 对考核不合格的社会化工会工作者，应对其进行诫勉谈话). Both link to the
admonition page, so they go only to users who may record one (assessment.county)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext

from unionsw.employment.alerts import Alert, consecutive_fail_alert
from unionsw.orgs.policy import effective_policies, effective_policy
from unionsw.workers.models import WorkerStatus

from . import rules
from .models import Grade, Result
from .selectors import results_visible_to


def alerts_for(user, today) -> list:
    """employment.alerts.Alert rows (shown in the alert centre) for active workers in the user's scope whose latest
    published results are 不合格 as many years running as their policy's `consecutive_fail_dissolve` (the latest
    result year must be today's year or the year before). One policy lookup per org, not per worker."""
    if not user.can("assessment.county"):
        return []
    return _consecutive_fails(user, today) + _admonitions_missing(user, today)


def _admonitions_missing(user, today) -> list:
    """不合格 results of the last two years (of active workers in scope) with no 诫勉谈话 record, where the
    worker's policy requires one: 2 queries + the policies of their units (3)."""
    fails = list(
        results_visible_to(user)
        .filter(grade=Grade.FAIL, year__gte=today.year - 1, worker__status=WorkerStatus.ACTIVE, admonitions__isnull=True)
        .select_related("worker", "worker__org")
        .order_by("worker__org__path", "worker__name", "year")
    )
    if not fails:
        return []
    policies = effective_policies({r.worker.org_id: r.worker.org for r in fails}.values(), on=today)
    return [
        Alert(
            "assessment.admonition_missing",
            "warn",
            r.worker_id,
            r.worker.name,
            r.worker.org.name,
            gettext("不合格未诫勉谈话"),
            gettext("%(year)s年度考核不合格，尚无诫勉谈话记录（考核不合格的，应对其进行诫勉谈话）") % {"year": r.year},
            None,
            reverse("assessment:admonition", args=[r.pk]),
        )
        for r in fails
        if policies[r.worker.org_id].get("fail_requires_admonition")
    ]


def _consecutive_fails(user, today) -> list:
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
    needed_by_org: dict[int, int | None] = {}
    for item in by_worker.values():
        worker = item["worker"]
        if worker.org_id not in needed_by_org:
            needed_by_org[worker.org_id] = effective_policy(worker.org, today).get("consecutive_fail_dissolve")
        needed = needed_by_org[worker.org_id]
        if not needed:
            continue
        run = rules.consecutive_fails(item["grades"])
        if run >= needed:
            last = item["last"]
            out.append(
                consecutive_fail_alert(
                    worker=worker,
                    years=list(range(last.year - needed + 1, last.year + 1)),
                    url=reverse("assessment:admonition", args=[last.pk]),
                )
            )
    return out
