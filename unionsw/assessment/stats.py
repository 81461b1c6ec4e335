"""Breakdowns of the assessment app for /stats/ (the stats plug-in, docs/architecture.md): the grade
distribution of the latest assessment year published by the day, in the org's subtree."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from urllib.parse import urlencode

from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from unionsw.core.i18n import choice_label
from unionsw.core.scope import visible_orgs

from .models import Grade
from .selectors import results_visible_to


def grade_distribution(user, on, org):
    from unionsw.stats.engine import Breakdown, Label, Row

    if not user.can("assessment.view"):
        return None
    cutoff = timezone.make_aware(datetime.combine(on + timedelta(days=1), time.min))
    qs = results_visible_to(user).filter(worker__org__path__startswith=org.path, published_at__lt=cutoff)
    year = qs.aggregate(y=Max("year"))["y"]
    if year is None:
        return None
    counts = {r["grade"]: r["n"] for r in qs.filter(year=year).values("grade").annotate(n=Count("*")).order_by()}
    # the results page filters by year and grade over the whole scope: link only when the org is the scope's top
    top = visible_orgs(user).order_by("path").values_list("pk", flat=True).first() == org.pk
    rows = [
        Row(
            value,
            label,
            counts.get(value, 0),
            f"{reverse('assessment:results')}?{urlencode({'year': year, 'grade': value})}" if top else None,
        )
        for value, label in Grade.choices
    ]
    title = Label(gettext_noop("年度考核等次（%(year)s年度）"), year=year)
    return Breakdown("assessment.grades", title, rows, section=choice_label("考核管理"), chart="pie")


BREAKDOWNS = [grade_distribution]
