"""Breakdowns of the recruitment app for /stats/ (the stats plug-in, stats/engine.py): the funnel of the year's
rounds in the org's subtree — applicants, passed review, sat the written exam, interviewed, selected, hired —
and the 报录比 (applicants per planned place), by the year the registration opened, up to the day."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_noop

from unionsw.core.i18n import ShownText, choice_label

from .models import Post, Review
from .selectors import applications_visible_to, rounds_visible_to


def funnel(user, on, org):
    from unionsw.stats.engine import Breakdown, Row

    if not user.can("recruitment.view"):
        return None
    # counted by the org of each post's plan, so a county's posts in a city's unified round count for it
    rounds = rounds_visible_to(user).filter(registration_start__year=on.year, registration_start__lte=on)
    cutoff = timezone.make_aware(datetime.combine(on + timedelta(days=1), time.min))
    figures = applications_visible_to(user).filter(
        round__in=rounds, post__plan__org__path__startswith=org.path, submitted_at__lt=cutoff
    ).aggregate(
        applied=Count("id"),
        passed=Count("id", filter=Q(review=Review.PASSED)),
        wrote=Count("id", filter=Q(written_score__isnull=False)),
        interviewed=Count("id", filter=Q(in_interview=True)),
        selected=Count("id", filter=Q(selected=True)),
        hired=Count("id", filter=Q(worker__isnull=False, hired_on__lte=on)),
    )
    if not figures["applied"]:
        return None
    places = (
        Post.objects.filter(Q(plan__round__in=rounds) | Q(plan__unified_round__in=rounds), plan__org__path__startswith=org.path)
        .aggregate(n=Sum("count"))["n"]
        or 0
    )
    ratio = f"{figures['applied'] / places:.1f}:1" if places else choice_label("未设招录人数")
    labels = [
        ("applied", choice_label("报名")),
        ("passed", choice_label("资格审查通过")),
        ("wrote", choice_label("参加笔试")),
        ("interviewed", choice_label("进入面试")),
        ("selected", choice_label("拟录用（进入体检）")),
        ("hired", choice_label("录用")),
    ]
    return Breakdown(
        "recruitment.funnel",
        ShownText(gettext_noop("公开招聘（%(year)s年启动的批次）"), year=on.year),
        [Row(key, label, figures[key]) for key, label in labels],
        section=choice_label("招聘录用"),
        note=ShownText(
            gettext_noop("计划招录 %(places)s 人，报录比（报名人数∶计划招录人数）%(ratio)s。占比为各环节人数占报名人数的比例"),
            places=places,
            ratio=ratio,
        ),
        stages=True,
        total_label=choice_label("报名人数"),
        extra={"places": places, "ratio": ratio},
    )


BREAKDOWNS = [funnel]
