"""Breakdowns of the training app for /stats/ (the stats plug-in, stats/engine.py): the year's credited training
hours and the workers trained, by session kind, and the completion rate of the year's finished sessions, for
the workers in the org's subtree, up to the day."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Sum
from django.utils.translation import gettext_noop

from unionsw.core.i18n import choice_label

from .selectors import enrolments_visible_to


def hours_by_kind(user, on, org):
    from unionsw.stats.engine import Breakdown, Label, Row

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
        Label(gettext_noop("培训学时（%(year)s年，按培训类别）"), year=on.year),
        [Row(kind, kind, h or Decimal("0")) for kind, h, _ in rows],
        unit=choice_label("学时"),
        section=choice_label("教育培训"),
        note=Label(
            gettext_noop("已签到班次的认定学时；参训人次：%(kinds)s（合计 %(people)s 人次）"),
            kinds="，".join(f"{kind} {p} 人" for kind, _, p in rows),  # kinds are policy data (Chinese)
            people=people,
        ),
    )


def completion(user, on, org):
    """The year's enrolments in the subtree and how many were completed (signed in, hours credited), as
    stages of the enrolments: the completion rate of the plans."""
    from django.db.models import Q

    from unionsw.stats.engine import Breakdown, Label, Row

    if not user.can("training.view"):
        return None
    figures = (
        enrolments_visible_to(user)
        .filter(worker__org__path__startswith=org.path, session__starts_on__year=on.year, session__ends_on__lte=on)
        .aggregate(enrolled=Count("id"), attended=Count("id", filter=Q(attended_at__isnull=False)))
    )
    if not figures["enrolled"]:
        return None
    return Breakdown(
        "training.completion",
        Label(gettext_noop("培训完成情况（%(year)s年已结束的班次）"), year=on.year),
        [
            Row("enrolled", choice_label("报名人次"), figures["enrolled"]),
            Row("attended", choice_label("完成（已签到、认定学时）"), figures["attended"]),
        ],
        unit=choice_label("人次"),
        section=choice_label("教育培训"),
        stages=True,
        total_label=choice_label("报名人次"),
        note=choice_label("占比为完成人次占报名人次的比例（完成率）"),
    )


BREAKDOWNS = [hours_by_kind, completion]
