"""Reads of the statistics: which org a user may look at, on which day."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from unionsw.core.parsing import parse_date
from unionsw.core.scope import visible_orgs


def root_org(user):
    return visible_orgs(user).order_by("path").first()


def stats_org(user, raw: str | None):
    """The org of a statistics page: the one asked for if the user may see it (else 404), or the top of
    the user's scope."""
    raw = (raw or "").strip()
    if not raw:
        org = root_org(user)
        if org is None:
            raise Http404
        return org
    if not raw.isdigit():
        raise Http404
    org = visible_orgs(user).filter(pk=int(raw)).first()
    if org is None:
        raise Http404
    return org


def stats_day(raw: str | None) -> date:
    """截至 a day: blank is today; a month (2023-06) is its last day; a later day than today is today.
    A malformed or impossible date raises ValidationError (a 400 with the message)."""
    today = timezone.localdate()
    text = (raw or "").strip()
    if not text:
        return today
    if len(text) <= 7 and text.count("-") == 1:  # <input type="month">
        year, _, month = text.partition("-")
        if not (year.isdigit() and month.isdigit() and 1 <= int(month) <= 12 and 1900 <= int(year) <= 2100):
            raise ValidationError(gettext("月份格式不正确：“%(text)s”，应为 2023-06") % {"text": text[:10]})
        y, m = int(year), int(month)
        first_next = date(y + (m == 12), m % 12 + 1, 1)
        day = date.fromordinal(first_next.toordinal() - 1)
    else:
        day = parse_date(text, label=gettext("统计日期"))
    return min(day, today)


def hidden_todo_keys(user, today: date) -> set[str]:
    from django.db.models import Q

    from .models import TodoDismissal

    return set(
        TodoDismissal.objects.filter(user=user).filter(Q(until__isnull=True) | Q(until__gt=today)).values_list("key", flat=True)
    )


def dismissals_of(user):
    from .models import TodoDismissal

    return TodoDismissal.objects.filter(user=user).order_by("-created_at")


def submissions_visible_to(user):
    from unionsw.core.scope import scoped

    from .models import FilingSubmission

    return scoped(FilingSubmission.objects.all(), user, org_field="org")


def submissions_to_file(user):
    from .models import SubmissionStatus

    return submissions_visible_to(user).filter(status=SubmissionStatus.SUBMITTED)


def workers_to_submit(user):
    """Active, unfiled workers in scope that are not in a submission waiting for the province."""
    from unionsw.workers.models import FilingStatus, WorkerStatus
    from unionsw.workers.selectors import worker_list_visible_to

    from .models import SubmissionStatus

    return (
        worker_list_visible_to(user)
        .filter(status=WorkerStatus.ACTIVE, filing_status=FilingStatus.UNFILED)
        .exclude(filing_submissions__status=SubmissionStatus.SUBMITTED)
    )
