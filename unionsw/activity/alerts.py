"""Alerts of the activity app: a part-time post (兼任) without the employer's consent where the profile requires it."""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_noop

from unionsw.core.i18n import ShownText, choice_label
from unionsw.core.scope import scoped
from unionsw.orgs.policy import effective_policies

from .models import PartTimePost


def alerts_for(user, today: date) -> list:
    from unionsw.employment.alerts import Alert

    if not user.can("worklog.view"):
        return []
    posts = list(
        scoped(PartTimePost.objects.all(), user, org_field="worker__org")
        .filter(consent=False, worker__status="active", starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("worker__org")
    )
    if not posts:
        return []
    policies = effective_policies({p.worker.org_id: p.worker.org for p in posts}.values(), on=today)
    return [
        Alert(
            "parttime.no_consent",
            "warn",
            p.worker_id,
            p.worker.name,
            p.worker.org.name,
            choice_label("兼任未经同意"),
            ShownText(
                gettext_noop("兼任%(organisation)s%(title)s，未记录聘用单位同意（未经聘用单位同意，不得兼任其他职务）"),
                organisation=p.organisation,
                title=p.title,
            ),
            p.starts_on,
            reverse("activity:worker", args=[p.worker_id]),
        )
        for p in posts
        if policies[p.worker.org_id].get("part_time_needs_consent")
    ]
