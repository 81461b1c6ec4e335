"""Reads for careers, all through the scope filter; list pages use a constant number of queries."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import QuerySet
from django.utils import timezone

from unionsw.core.scope import scoped
from unionsw.orgs.policy import effective_policies
from unionsw.workers.models import Worker, WorkerStatus

from . import services
from .models import Promotion, Recommendation


def workers_visible_to(user) -> QuerySet[Worker]:
    return scoped(Worker.objects.all(), user, org_field="org", self_field="user")


def promotions_visible_to(user) -> QuerySet[Promotion]:
    return scoped(Promotion.objects.all(), user, org_field="worker__org", self_field="worker__user")


def recommendations_visible_to(user) -> QuerySet[Recommendation]:
    return scoped(Recommendation.objects.all(), user, org_field="worker__org", self_field="worker__user")


def eligibility_rows(user, *, on=None) -> list[dict]:
    """Every active worker in scope with the verdict and the reason: one query for workers, one for
    results, one for certificates, and the policies of all their units at once (3 queries)."""
    from unionsw.assessment.models import Result

    on = on or timezone.localdate()
    workers = list(workers_visible_to(user).filter(status=WorkerStatus.ACTIVE).select_related("org"))
    ids = [w.pk for w in workers]
    results: dict[int, dict[int, str]] = defaultdict(dict)
    for wid, year, grade in Result.objects.filter(worker_id__in=ids).values_list("worker_id", "year", "grade"):
        results[wid][year] = grade
    certs: dict[int, set] = defaultdict(set)
    from unionsw.workers.models import Certificate

    for wid, level in Certificate.objects.filter(worker_id__in=ids, status="confirmed").values_list("worker_id", "level"):
        certs[wid].add(level)
    policies = effective_policies({w.org_id: w.org for w in workers}.values(), on=on)
    rows = []
    for w in workers:
        e = services.eligibility_for(w, on=on, results=results[w.pk], certs=certs[w.pk], policy=policies[w.org_id])
        rows.append({"worker": w, "e": e})
    return rows
