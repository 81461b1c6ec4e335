"""Reads of training. Every function starts from the scope filter."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear

from unionsw.core.scope import scope_q, scoped
from unionsw.workers.selectors import self_worker, worker_list_visible_to  # noqa: F401 — self_worker: the views'

from . import rules
from .models import Enrolment, TrainingPlan, TrainingSession


def plans_visible_to(user) -> QuerySet[TrainingPlan]:
    return scoped(TrainingPlan.objects.all(), user, org_field="org")


def sessions_visible_to(user) -> QuerySet[TrainingSession]:
    return scoped(TrainingSession.objects.all(), user, org_field="plan__org")


def enrolments_visible_to(user) -> QuerySet[Enrolment]:
    """The organiser sees the enrolments of its sessions; the county sees its workers' enrolments in any
    session (a province class attended by its worker); a worker sees their own."""
    q = scope_q(user, org_field="worker__org", self_field="worker__user") | scope_q(user, org_field="session__plan__org")
    return Enrolment.objects.filter(q)


def open_sessions_for(worker, today: date) -> QuerySet[TrainingSession]:
    """Sessions a worker may join themselves: self-enrolment allowed, not yet over, and planned by an
    org above (or at) the worker's unit."""
    return (
        TrainingSession.objects.filter(self_enrol=True, ends_on__gte=today, plan__org_id__in=worker.org.ancestor_ids())
        .exclude(enrolments__worker=worker)
        .select_related("plan__org")
        .annotate(taken=Count("enrolments"))
    )


def worker_history(user, worker) -> QuerySet[Enrolment]:
    return enrolments_visible_to(user).filter(worker=worker).select_related("session__plan__org").order_by("-session__starts_on")


def worker_hours_by_year(user, worker) -> dict:
    rows = (
        enrolments_visible_to(user)
        .filter(worker=worker, attended_at__isnull=False)
        .annotate(year=ExtractYear("session__starts_on"))
        .values("year")
        .annotate(hours=Sum("hours_credited"))
        .values_list("year", "hours")
    )
    return rules.hours_by_year(list(rows))


def plan_sessions(plan) -> QuerySet[TrainingSession]:
    return plan.sessions.annotate(
        enrolled=Count("enrolments"), attended=Count("enrolments", filter=Q(enrolments__attended_at__isnull=False))
    )


def plan_completion(plan) -> dict:
    """Completion of one plan: attended / enrolled places, and workers of the planning org's subtree
    (active) who attended at least one of its sessions (2 queries)."""
    from unionsw.workers.models import Worker

    agg = Enrolment.objects.filter(session__plan=plan).aggregate(
        enrolled=Count("id"),
        attended=Count("id", filter=Q(attended_at__isnull=False)),
        workers=Count("worker", filter=Q(attended_at__isnull=False), distinct=True),
    )
    headcount = Worker.objects.filter(org__path__startswith=plan.org.path, status="active").count()
    return {
        **agg,
        "headcount": headcount,
        "attendance_rate": rules.rate(agg["attended"], agg["enrolled"]),
        "coverage_rate": rules.rate(agg["workers"], headcount),
    }


def enrolment_candidates(user, session, q: str = "", limit: int = 200):
    """Workers the organiser may enrol: active, in the user's scope and in the planning org's subtree."""
    qs = (
        worker_list_visible_to(user)
        .filter(status="active", org__path__startswith=session.plan.org.path)
        .exclude(training_enrolments__session=session)
        .select_related("org")
        .order_by("org__path", "name")
    )
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(org__name__contains=q))
    return qs[:limit]


def sessions_for_worker(worker) -> QuerySet[TrainingSession]:
    """Sessions a (scoped) worker record may act on: enrolled in, or open to self-enrolment from above."""
    return (
        TrainingSession.objects.filter(
            Q(enrolments__worker=worker) | Q(self_enrol=True, plan__org_id__in=worker.org.ancestor_ids())
        )
        .distinct()
        .select_related("plan__org")
    )


def exam_sittings_visible_to(user) -> QuerySet:
    from .models import ExamSitting

    return scoped(ExamSitting.objects.all(), user, org_field="worker__org", self_field="worker__user")


def exam_summary(user) -> list[dict]:
    """Per year and level: sittings, passes, pass rate (1 query)."""
    from .models import ExamLevel, ExamResult

    rows = (
        exam_sittings_visible_to(user)
        .values("year", "level")
        .annotate(sat=Count("id", filter=~Q(result=ExamResult.ABSENT)), passed=Count("id", filter=Q(result=ExamResult.PASSED)))
        .order_by("-year", "level")
    )
    labels = dict(ExamLevel.choices)
    return [{**r, "level_label": labels.get(r["level"], r["level"]), "rate": rules.rate(r["passed"], r["sat"])} for r in rows]
