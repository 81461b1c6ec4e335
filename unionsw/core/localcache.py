"""A per-process memo in front of the shared cache, for hot read-only values whose key already carries a
generation counter held in the shared cache (orgs.policy.policy_generation): a write anywhere raises the
counter, every process then asks for a new key, so nothing here is served stale. It saves the shared cache's
round trip and unpickling (a province's 1,650 org rows and its tree on every list page, issue 13).

Values must be treated as read-only by their users: the same object is handed to every request of the process."""

from collections.abc import Callable
from typing import Any

MAX_ENTRIES = 512
_entries: dict[str, Any] = {}


def get_or_build(key: str, build: Callable[[], Any]) -> Any:
    try:
        return _entries[key]
    except KeyError:
        pass
    value = build()
    if len(_entries) >= MAX_ENTRIES:  # bounded: old generations are never asked for again
        _entries.clear()
    _entries[key] = value
    return value


def clear() -> None:
    _entries.clear()
