"""Breakdowns of the training app for /stats/ (the stats plug-in, stats/engine.py): the year's credited training
hours and the workers trained, by session kind, for the workers in the org's subtree, up to the day."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Sum

from .selectors import enrolments_visible_to


def hours_by_kind(user, on, org):
    from unionsw.stats.engine import Breakdown, Row

    if not user.can("training.view"):
        return None
    rows = list(
        enrolments_visible_to(user)
        .filter(
            worker__org__path__startswith=org.path,
            attended_at__isnull=False,
            session__starts_on__year=on.year,
            session__starts_on__lte=on,
        )
        .values("session__kind")
        .annotate(h=Sum("hours_credited"), people=Count("worker", distinct=True))
        .order_by("-h", "session__kind")
        .values_list("session__kind", "h", "people")
    )
    if not rows:
        return None
    people = sum(p for _, _, p in rows)
    return Breakdown(
        "training.hours_by_kind",
        f"培训学时（{on.year}年，按培训类别）",
        [Row(kind, kind, h or Decimal("0")) for kind, h, _ in rows],
        unit="学时",
        section="教育培训",
        note="已签到班次的认定学时；参训人次："
        + "，".join(f"{kind} {p} 人" for kind, _, p in rows)
        + f"（合计 {people} 人次）",
    )


BREAKDOWNS = [hours_by_kind]
