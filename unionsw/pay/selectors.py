"""Reads for pay, all through the scope filter. Amounts are shown only to pay.view (views check it);
a worker reads only their own lines of approved runs."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import QuerySet, Sum

from unionsw.core.scope import scoped, visible_orgs
from unionsw.workers.models import Worker

from .models import (
    Allowance,
    ContributionTable,
    GradeAssignment,
    PayLine,
    PayrollRun,
    PayShare,
    PayTable,
    PerformanceRatio,
    RunStatus,
)


def workers_visible_to(user) -> QuerySet[Worker]:
    return scoped(Worker.objects.all(), user, org_field="org", self_field="user")


def runs_visible_to(user) -> QuerySet[PayrollRun]:
    return scoped(PayrollRun.objects.all(), user, org_field="org")


def lines_visible_to(user) -> QuerySet[PayLine]:
    """Lines in the user's scope; a worker's own lines (SELF) only once the run is approved."""
    qs = PayLine.objects.all()
    mine = (
        PayLine.objects.filter(worker__user=user, run__status=RunStatus.APPROVED)
        if user.is_authenticated
        else PayLine.objects.none()
    )
    return (scoped(qs, user, org_field="org") | mine).distinct() if user.can("pay.view") else mine


def my_lines(user) -> QuerySet[PayLine]:
    if not user.is_authenticated:
        return PayLine.objects.none()
    return PayLine.objects.filter(worker__user=user, run__status=RunStatus.APPROVED)


def tables_visible_to(user) -> QuerySet[PayTable]:
    return _up_and_down(PayTable.objects.all(), user)


def contribution_tables_visible_to(user) -> QuerySet[ContributionTable]:
    return _up_and_down(ContributionTable.objects.all(), user)


def allowances_visible_to(user) -> QuerySet[Allowance]:
    return _up_and_down(Allowance.objects.all(), user)


def ratios_visible_to(user) -> QuerySet[PerformanceRatio]:
    return scoped(PerformanceRatio.objects.all(), user, org_field="org")


def links_visible_to(user):
    from .models import AssessmentLink

    return scoped(AssessmentLink.objects.all(), user, org_field="org")


def _up_and_down(qs, user):
    """Tables of orgs in scope, and those set above the user's org (a county reads the province's table,
    which applies to it, but cannot change it)."""
    own = scoped(qs, user, org_field="org")
    if user.org_id:
        return (own | qs.filter(org_id__in=user.org.ancestor_ids())).distinct()
    return own


def grade_history(worker) -> QuerySet[GradeAssignment]:
    return worker.pay_grades.select_related("set_by").order_by("-effective_from", "-id")


def register_lines(user, run: PayrollRun) -> QuerySet[PayLine]:
    return (
        scoped(run.lines.all(), user, org_field="org")
        .select_related("worker", "org")
        .order_by("org__path", "worker__name", "worker_id")
    )


def cost_by_payer(user, year: int) -> dict:
    """What each payer owes for the workers in the user's scope, by month of `year` (approved runs only):
    {"payers": [...], "months": [1..12], "rows": {payer: [12 amounts]}, "totals": {payer: amount}, "total": amount}.
    One aggregate query over PayShare, filtered by the unit's scope."""
    qs = scoped(PayShare.objects.all(), user, org_field="org").filter(run__status=RunStatus.APPROVED, month__year=year)
    rows: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal("0.00")] * 12)
    for month, payer, amount in (
        qs.values_list("month", "payer").annotate(total=Sum("amount")).values_list("month", "payer", "total")
    ):
        rows[payer][month.month - 1] += Decimal(amount).quantize(Decimal("0.01"))
    payers = sorted(rows, key=lambda p: _payer_order(user).get(p, 99))
    totals = {p: sum(rows[p], Decimal("0.00")) for p in payers}
    return {
        "year": year,
        "payers": payers,
        "months": list(range(1, 13)),
        "rows": {p: rows[p] for p in payers},
        "totals": totals,
        "total": sum(totals.values(), Decimal("0.00")),
        "monthly_total": [sum((rows[p][i] for p in payers), Decimal("0.00")) for i in range(12)],
    }


def _payer_order(user) -> dict[str, int]:
    from unionsw.orgs.policy import effective_policy

    if not user.org_id:
        return {}
    payers = effective_policy(user.org).get("cost_payers") or []
    return {p: i for i, p in enumerate(payers)}


def visible_counties(user):
    from unionsw.orgs.models import OrgLevel

    return visible_orgs(user).filter(level=OrgLevel.COUNTY).order_by("path")
