"""Breakdowns of the activity app for /stats/ (the stats plug-in, stats/engine.py): the year's confirmed
work-log entries by category, and confirmed volunteer hours per org one level below, up to the day."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.translation import gettext_noop

from unionsw.core.i18n import ShownText, choice_label
from unionsw.core.scope import visible_orgs
from unionsw.orgs.models import Org

from . import rules
from .models import Review
from .selectors import hours_visible_to, worklog_visible_to


def worklog_by_category(user, on, org):
    from unionsw.stats.engine import Breakdown, Row

    if not user.can("worklog.view"):
        return None
    rows = list(
        worklog_visible_to(user)
        .filter(org__path__startswith=org.path, status=Review.CONFIRMED, day__year=on.year, day__lte=on)
        .values("category")
        .annotate(n=Count("id"), people=Sum("beneficiaries"))
        .order_by("-n", "category")
        .values_list("category", "n", "people")
    )
    if not rows:
        return None
    people = sum(p or 0 for _, _, p in rows)
    link = f"{reverse('activity:worklog')}?{urlencode({'year': on.year})}"
    return Breakdown(
        "activity.worklog_by_category",
        ShownText(gettext_noop("工作日志（%(year)s年，已确认，按类别）"), year=on.year),
        [Row(cat, cat, n, url=link) for cat, n, _ in rows],
        unit=choice_label("件"),
        section=choice_label("工作日志与志愿服务"),
        note=ShownText(gettext_noop("受益 %(people)s 人次"), people=people),
    )


def volunteer_hours_by_org(user, on, org):
    from unionsw.stats.engine import Breakdown, Row

    if not user.can("volunteer.view"):
        return None
    qs = hours_visible_to(user).filter(
        org__path__startswith=org.path, status=Review.CONFIRMED, day__year=on.year, day__lte=on
    )
    by_org = {r["org_id"]: r["h"] or Decimal("0") for r in qs.values("org_id").annotate(h=Sum("hours")).order_by()}
    if not by_org:
        return None
    paths = dict(Org.objects.filter(pk__in=list(by_org)).values_list("pk", "path"))
    rolled = rules.roll_up(by_org, paths)
    children = list(visible_orgs(user).filter(parent=org).order_by("sort", "name"))
    rows = [Row(str(c.pk), c.name, rolled.get(c.pk, Decimal("0"))) for c in children]
    own = by_org.get(org.pk, Decimal("0"))
    if own or not rows:
        rows.append(Row(str(org.pk), ShownText(gettext_noop("%(org)s（本级）"), org=org.name), own))
    return Breakdown(
        "activity.volunteer_hours",
        ShownText(gettext_noop("志愿服务时长（%(year)s年，已确认）"), year=on.year),
        rows,
        unit=choice_label("小时"),
        section=choice_label("工作日志与志愿服务"),
    )


BREAKDOWNS = [worklog_by_category, volunteer_hours_by_org]
