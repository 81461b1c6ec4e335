"""Who is counted: the active workers under an org on a day, today from the registry, on a past day
from the registry's history (django-simple-history rows of Worker).

A past day's state of a worker is their latest history row recorded by the end of that day. A worker
entered into the platform after that day (rosters imported long after the hire) has no such row: their
first recorded row stands for the time before it (docs/decisions.md). Active on the day: hired on or
before it, and in post that day (see active_q).

Scope on a past day follows the org the worker belonged to on that day (a city's past figures are the
sum of its counties' past figures, even for workers who moved since).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property
from urllib.parse import urlencode

from django.db.models import BooleanField, Case, Max, Min, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from unionsw.core.scope import scoped
from unionsw.orgs.policy import effective_policy
from unionsw.workers import selectors as worker_selectors
from unionsw.workers.models import FilingStatus, Worker, WorkerStatus

FILED_ONLY_KEY = "stats_filed_only"
ROW_FIELDS = (
    "id",
    "org_id",
    "rank",
    "post_title",
    "employment_mode",
    "org__kind",
    "birth_date",
    "gender",
    "ethnicity",
    "education",
    "major",
    "political_status",
    "hired_on",
)
FIELD = {name: i for i, name in enumerate(ROW_FIELDS)}
FILED = len(ROW_FIELDS)  # the index of the filed flag in a row


@dataclass
class Population:
    user: object
    org: object
    on: date
    is_today: bool
    filed_only: bool | None  # True: the policy counts only filed workers; None: the policy does not say
    ladder: list[str]
    make_everyone: object  # () -> QuerySet of the active on the day, filed or not (built when first used)
    policy: object = None  # the effective policy of the org on the day
    base_params: dict = field(default_factory=dict)

    @cached_property
    def everyone(self) -> QuerySet:
        return self.make_everyone()

    @cached_property
    def rows(self) -> list[tuple]:
        """Every active worker of the day as a tuple of ROW_FIELDS plus the filed flag (index FILED), fetched
        once: the built-in breakdowns count these in memory instead of grouping the table once each."""
        qs = self.everyone.annotate(
            is_filed=Case(When(self.filed(), then=Value(True)), default=Value(False), output_field=BooleanField())
        )
        return list(qs.values_list(*ROW_FIELDS, "is_filed").order_by())

    @cached_property
    def counted(self) -> list[tuple]:
        return [r for r in self.rows if r[FILED]] if self.filed_only else self.rows

    def count_by(self, key, rows: list[tuple] | None = None) -> dict:
        """{value: count} over the counted rows; `key` is a ROW_FIELDS name or a function of a row tuple."""
        out: dict = {}
        source = self.counted if rows is None else rows
        if callable(key):
            for r in source:
                k = key(r)
                out[k] = out.get(k, 0) + 1
        else:
            i = FIELD[key]
            for r in source:
                out[r[i]] = out.get(r[i], 0) + 1
        return out

    @property
    def qs(self) -> QuerySet:
        """The counted workers: only the filed ones where the policy says so."""
        return self.everyone.filter(self.filed()) if self.filed_only else self.everyone

    def filed(self) -> Q:
        return filed_q(self.on, past=not self.is_today)

    def link(self, **params) -> str:
        query = {**self.base_params, **{k: v for k, v in params.items() if v is not None}}
        if self.is_today:
            return f"{reverse('workers:list')}?{urlencode(query)}"
        return f"{reverse('stats:records')}?{urlencode({**query, 'on': self.on.isoformat()})}"

    def page_link(self, org) -> str:
        query = {"org": org.pk}
        if not self.is_today:
            query["on"] = self.on.isoformat()
        return f"{reverse('stats:index')}?{urlencode(query)}"


def filed_q(on: date, *, past: bool = False) -> Q:
    """Filed with the province by the day: the row says so and its filing date is not later. On a past
    day also a worker whose record today carries a filing date on or before the day (a roster entered
    after that day shows the filing only in a later history row)."""
    q = Q(filing_status=FilingStatus.FILED) & (Q(filed_at__isnull=True) | Q(filed_at__lte=on))
    if past:
        q |= Q(id__in=Worker.objects.filter(filing_status=FilingStatus.FILED, filed_at__lte=on).values("pk"))
    return q


def active_q(on: date) -> Q:
    """In post on a past day: hired by then and, in that day's row, 在岗 or leaving that day or later
    (离职日期 is the last day in post) — unless today's record says they had left before the day (a
    resignation entered after the fact)."""
    left_before = Worker.objects.filter(left_on__lt=on).exclude(status=WorkerStatus.ACTIVE).values("pk")
    return Q(hired_on__lte=on) & (Q(status=WorkerStatus.ACTIVE) | Q(left_on__gte=on)) & ~Q(id__in=left_before)


def history_model():
    return Worker.history.model


def snapshot(on: date) -> QuerySet:
    """One history row per worker: their state at the end of `on` (see the module docstring). History
    rows of a worker are appended in time order, so the latest by the day is the largest history id
    recorded before the next midnight, and the first row the smallest: one grouped pass over the table."""
    history = history_model()
    cutoff = timezone.make_aware(datetime.combine(on + timedelta(days=1), time.min))
    rows = (
        history.objects.order_by()
        .values("id")
        .annotate(h=Coalesce(Max("history_id", filter=Q(history_date__lt=cutoff)), Min("history_id")))
        .values("h")
    )
    return history.objects.filter(history_id__in=rows).exclude(history_type="-")


def snapshot_rows(on: date) -> QuerySet:
    """The snapshot with its row ids worked out once (one grouped pass over the history table) instead of
    inside every breakdown's query: on PostgreSQL the ids travel as one array parameter."""
    from django.db import connection
    from django.db.models.expressions import RawSQL

    history = history_model()
    ids = list(snapshot(on).values_list("history_id", flat=True))
    if connection.vendor == "postgresql":
        return history.objects.filter(history_id__in=RawSQL("SELECT unnest(%s::bigint[])", [ids]))
    return history.objects.filter(history_id__in=ids)


def population(user, on: date, org) -> Population:
    """Memoised on the user object (one request): every breakdown of a page shares one population."""
    cache = user.__dict__.setdefault("_stats_population", {})
    key = (on, org.pk)
    if key not in cache:
        cache[key] = _build(user, on, org)
    return cache[key]


def _build(user, on: date, org) -> Population:
    today = timezone.localdate()
    is_today = on >= today
    if is_today:
        on = today

    def everyone():
        if is_today:
            qs = worker_selectors.worker_list_visible_to(user).filter(status=WorkerStatus.ACTIVE)
        else:
            qs = scoped(snapshot_rows(on), user, org_field="org").filter(active_q(on))
        return qs.filter(org__path__startswith=org.path)

    policy = effective_policy(org, on=on)
    filed_only = True if policy.get(FILED_ONLY_KEY) else None
    base = {"status": WorkerStatus.ACTIVE.value, "org": org.pk}
    if filed_only:
        base["filing_status"] = FilingStatus.FILED.value
    return Population(
        user=user,
        org=org,
        on=on,
        is_today=is_today,
        filed_only=filed_only,
        ladder=policy.get("ladder") or [],
        make_everyone=everyone,
        policy=policy,
        base_params=base,
    )


def apply_params(pop: Population, params: dict) -> QuerySet:
    """The records behind a link of `pop` (the past-day list, stats:records): the same lookups as the
    worker list applies to today's records (workers.selectors.worker_search + worker_filter)."""
    from unionsw.core.scope import visible_orgs

    qs = pop.everyone
    if params.get("filing_status") == FilingStatus.FILED:
        qs = qs.filter(pop.filed())
    elif params.get("filing_status") == FilingStatus.UNFILED:
        qs = qs.exclude(pop.filed())
    org_id = str(params.get("org") or "")
    if org_id:
        sub = visible_orgs(pop.user).filter(pk=org_id).first() if org_id.isdigit() else None
        qs = qs.filter(org__path__startswith=sub.path) if sub else qs.none()
    rank = params.get("rank") or ""
    if rank:
        qs = qs.filter(rank="" if rank == worker_selectors.BLANK else rank)
    if params.get("employment_mode"):
        qs = qs.filter(employment_mode=params["employment_mode"])
    return worker_selectors.worker_filter(qs, params, on=pop.on)
