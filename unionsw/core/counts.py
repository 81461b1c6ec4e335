"""List counts that do not count the whole scope on every page view (issue 13).

A list page needs the number of matching rows (for "共 N 条" and the last-page link). At national scale that
COUNT(*) over the user's whole scope costs more than the page itself. `cached_count(qs)` keeps the count in
the cache under the exact SQL of the count query (so every scope, filter and search has its own entry) and a
per-model *generation*; any save or delete of a row of that model bumps the generation (at once, and again
when the transaction commits), so a count is never stale after a write — the user's own or anybody's. With
the shared cache (REDIS_URL) that holds across app servers; with the default per-process cache, one process.

`CountCachingPaginator` is a Paginator whose `count` goes through it; list pages use it (or mix it into their
own paginator, as the worker list does). Register the models whose lists are cached with `track(label)`
(done below for the worker list), and give the model `objects = CountedQuerySet.as_manager()` so that
`update()`, `bulk_create()` and `bulk_update()` (which send no signal) bump it too; only raw SQL must call
`bump(label)` itself.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.utils.functional import cached_property

TTL = 600  # a safety net only; correctness comes from the generation
_TRACKED: set[str] = set()


def _gen_key(label: str) -> str:
    return f"count-gen:{label}"


def generation(label: str) -> int:
    value = cache.get(_gen_key(label))
    if value is None:
        cache.add(_gen_key(label), 1, None)
        value = cache.get(_gen_key(label)) or 1
    return int(value)


def bump(label: str, *, after_commit: bool = True) -> None:
    """Invalidate every cached count of `label` rows (now, and once more after the transaction commits, so a
    count cached by another request between the write and the commit is dropped too)."""

    def _incr():
        try:
            cache.incr(_gen_key(label))
        except ValueError:  # not set yet (or evicted)
            cache.set(_gen_key(label), 2, None)

    _incr()
    if after_commit:
        transaction.on_commit(_incr)


def _on_change(sender, **kwargs):
    bump(sender._meta.label)


def track(label: str) -> None:
    """Bump `label`'s generation on every save and delete of its rows (and of rows of the models its lists
    filter by, e.g. the org tree, which changes a scope's members)."""
    if label in _TRACKED:
        return
    _TRACKED.add(label)
    post_save.connect(_on_change, sender=label, weak=False, dispatch_uid=f"counts-{label}-save")
    post_delete.connect(_on_change, sender=label, weak=False, dispatch_uid=f"counts-{label}-delete")


def cached_count(qs, *, depends_on: tuple[str, ...] = ()) -> int:
    """COUNT(*) of `qs`, cached until a row of its model (or of `depends_on`) changes."""
    labels = (qs.model._meta.label, *depends_on)
    try:
        sql, params = qs.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # qs.none() or an empty IN list: nothing to count
        return 0
    gens = ":".join(f"{label}={generation(label)}" for label in labels)
    key = "count:" + hashlib.sha256(f"{qs.db}|{sql}|{params!r}|{gens}".encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = qs.count()
        cache.set(key, value, TTL)
    return value


class CountedQuerySet(models.QuerySet):
    """The manager of a tracked model: the bulk paths that send no signal bump the generation too."""

    def update(self, **kwargs):
        bump(self.model._meta.label)
        return super().update(**kwargs)

    def bulk_create(self, *args, **kwargs):
        bump(self.model._meta.label)
        return super().bulk_create(*args, **kwargs)

    def bulk_update(self, *args, **kwargs):
        bump(self.model._meta.label)
        return super().bulk_update(*args, **kwargs)


def cached(key: str, labels: tuple[str, ...], compute):
    """Any derived value (e.g. a round's statistics) cached until a row of one of `labels` changes."""
    gens = ":".join(f"{label}={generation(label)}" for label in labels)
    full = "derived:" + hashlib.sha256(f"{key}|{gens}".encode()).hexdigest()
    value = cache.get(full)
    if value is None:
        value = compute()
        cache.set(full, value, TTL)
    return value


class CountCachingPaginator(Paginator):
    depends_on: tuple[str, ...] = ("orgs.Org",)

    @cached_property
    def count(self):
        if hasattr(self.object_list, "query"):
            return cached_count(self.object_list, depends_on=self.depends_on)
        return super().count


def reset() -> None:
    """Drop every cached count (tests: a rolled-back transaction changes rows without a signal)."""
    for label in _TRACKED:
        bump(label, after_commit=False)


# the registry list reaches national scale; the org tree changes who is in a scope (org_move bumps it)
for _label in ("workers.Worker", "orgs.Org", "recruitment.Application"):
    track(_label)
