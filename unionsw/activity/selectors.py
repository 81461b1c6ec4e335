"""Reads of the work log, volunteer service and honours. Every function starts from the scope filter."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth

from unionsw.core.scope import scope_q, scoped, visible_orgs
from unionsw.orgs.models import Org, OrgLevel

from . import rules
from .models import Evidence, Honour, Nomination, Review, Selection, VolunteerActivity, VolunteerHours, WorkLogEntry


def worklog_visible_to(user) -> QuerySet[WorkLogEntry]:
    return scoped(WorkLogEntry.objects.all(), user, org_field="org", self_field="worker__user")


def evidence_visible_to(user) -> QuerySet[Evidence]:
    return scoped(Evidence.objects.all(), user, org_field="worker__org", self_field="worker__user")


def activities_visible_to(user) -> QuerySet[VolunteerActivity]:
    return scoped(VolunteerActivity.objects.all(), user, org_field="org")


def hours_visible_to(user) -> QuerySet[VolunteerHours]:
    """The organiser sees its activities' participants; the unit and county see their workers' hours."""
    q = scope_q(user, org_field="org", self_field="worker__user") | scope_q(user, org_field="activity__org")
    return VolunteerHours.objects.filter(q)


def hours_reviewable_q(user) -> Q:
    """The hours `services.hours_review` lets this user confirm (scope only; the permission is the caller's):
    its own activities' participants or, without an activity, its own workers' self-logged hours."""
    return scope_q(user, org_field="activity__org") | (Q(activity__isnull=True) & scope_q(user, org_field="org"))


def honours_visible_to(user) -> QuerySet[Honour]:
    return scoped(Honour.objects.all(), user, org_field="worker__org", self_field="worker__user")


def selections_visible_to(user) -> QuerySet[Selection]:
    """A city's selection is seen in the city's scope, and by the counties below it that nominate into it."""
    q = scope_q(user, org_field="org")
    if user.is_authenticated and user.org_id and user.can("selection.nominate"):
        q |= Q(org_id__in=user.org.ancestor_ids())
    return Selection.objects.filter(q)


def nominations_visible_to(user) -> QuerySet[Nomination]:
    return Nomination.objects.filter(scope_q(user, org_field="org") | scope_q(user, org_field="selection__org"))


# ---- summaries (constant queries) ---------------------------------------------------------------


def worklog_summary(user, *, year: int, org: Org | None = None, worker=None) -> dict:
    """Confirmed entries of a year in the user's scope: by month × category, and totals (2 queries)."""
    qs = worklog_visible_to(user).filter(status=Review.CONFIRMED, day__year=year)
    if org is not None:
        qs = qs.filter(org__path__startswith=org.path)
    if worker is not None:
        qs = qs.filter(worker=worker)
    by_month: dict[int, dict[str, int]] = {}
    totals: dict[str, list[int]] = {}
    for month, cat, n, people in (
        qs.annotate(month=ExtractMonth("day")).values("month", "category").annotate(n=Count("id"), people=Sum("beneficiaries"))
        .values_list("month", "category", "n", "people")
    ):
        by_month.setdefault(month, {})[cat] = n
        t = totals.setdefault(cat, [0, 0])
        t[0] += n
        t[1] += people or 0
    return {
        "by_month": dict(sorted(by_month.items())),
        "totals": {k: tuple(v) for k, v in sorted(totals.items(), key=lambda kv: -kv[1][0])},
        "entries": sum(v[0] for v in totals.values()),
        "people": sum(v[1] for v in totals.values()),
    }


def worklog_by_worker(user, *, year: int, org: Org | None = None, limit: int = 500) -> list[dict]:
    """Per worker: confirmed entries and beneficiaries of the year, plus pending ones (1 query)."""
    qs = worklog_visible_to(user).filter(day__year=year)
    if org is not None:
        qs = qs.filter(org__path__startswith=org.path)
    rows = (
        qs.values("worker_id", "worker__name", "org__name")
        .annotate(
            confirmed=Count("id", filter=Q(status=Review.CONFIRMED)),
            pending=Count("id", filter=Q(status=Review.SUBMITTED)),
            people=Sum("beneficiaries", filter=Q(status=Review.CONFIRMED)),
        )
        .order_by("org__name", "worker__name")[:limit]
    )
    return list(rows)


def volunteer_totals(user, *, start: date, end: date) -> dict:
    """Confirmed volunteer hours in [start, end] by worker, by unit and rolled up to every county, city
    and province above (3 queries whatever the count: hours by org, the orgs, hours by worker top 100)."""
    qs = hours_visible_to(user).filter(status=Review.CONFIRMED, day__gte=start, day__lte=end)
    by_org = {r["org_id"]: r["h"] or Decimal("0") for r in qs.values("org_id").annotate(h=Sum("hours"))}
    orgs = {o.pk: o for o in Org.objects.filter(pk__in=list(by_org))}
    rolled = rules.roll_up(by_org, {pk: o.path for pk, o in orgs.items()})
    visible = {o.pk: o for o in visible_orgs(user).filter(pk__in=list(rolled))}
    levels: dict[int, list[tuple[Org, Decimal]]] = {}
    for pk, total in rolled.items():
        if pk in visible:
            levels.setdefault(visible[pk].level, []).append((visible[pk], total))
    workers = list(
        qs.values("worker_id", "worker__name", "org__name").annotate(h=Sum("hours"), n=Count("id")).order_by("-h")[:100]
    )
    return {
        "total": sum(by_org.values(), Decimal("0")),
        "rows": [
            (dict(OrgLevel.choices).get(lv, ""), org, total)
            for lv, rows in sorted(levels.items())
            for org, total in sorted(rows, key=lambda r: r[0].path)
        ],
        "workers": workers,
    }


def worklog_by_child_org(user, *, year: int, parent: Org) -> list[dict]:
    """Confirmed entries and beneficiaries of a year per child org of `parent` (e.g. per city of the province),
    each including everything below it: one GROUP BY over the entries, one query for the orgs."""
    qs = worklog_visible_to(user).filter(status=Review.CONFIRMED, day__gte=date(year, 1, 1), day__lte=date(year, 12, 31))
    # no path filter here: the roll-up below only credits ancestors, so entries outside `parent` reach no child,
    # and the plan stays one index-only scan per visible org (bench/worklog.py)
    counts, people = {}, {}
    for org_id, n, p in qs.values("org_id").annotate(n=Count("id"), p=Sum("beneficiaries")).values_list("org_id", "n", "p"):
        counts[org_id], people[org_id] = n, p or 0
    paths = dict(Org.objects.filter(pk__in=list(counts)).values_list("pk", "path"))
    n_up, p_up = rules.roll_up(counts, paths), rules.roll_up(people, paths)
    children = visible_orgs(user).filter(parent=parent).order_by("sort", "name")
    return [{"org": c, "entries": n_up.get(c.pk, 0), "people": p_up.get(c.pk, 0)} for c in children]


def part_time_visible_to(user) -> QuerySet:
    from .models import PartTimePost

    return scoped(PartTimePost.objects.all(), user, org_field="worker__org", self_field="worker__user")
