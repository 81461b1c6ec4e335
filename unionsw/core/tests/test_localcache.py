"""The per-process memo in front of the shared cache (core.localcache): keyed by the policy generation, so a write
or a flushed shared cache is never answered from an old entry."""

import pytest
from django.core.cache import cache

from conftest import make_user
from unionsw.core import localcache
from unionsw.orgs import services as org_services
from unionsw.orgs.policy import policy_generation
from unionsw.workers import selectors


def _names(tree) -> set[str]:
    out, stack = set(), list(tree)
    while stack:
        node = stack.pop()
        out.add(node["org"].name)
        stack.extend(node["children"])
    return out


def test_the_memo_builds_once_and_is_bounded():
    localcache.clear()
    calls = []
    assert localcache.get_or_build("k", lambda: calls.append(1) or "v") == "v"
    assert localcache.get_or_build("k", lambda: calls.append(1) or "w") == "v" and calls == [1]
    for i in range(localcache.MAX_ENTRIES + 1):
        localcache.get_or_build(f"n{i}", lambda i=i: i)
    assert len(localcache._entries) <= localcache.MAX_ENTRIES


@pytest.mark.django_db
def test_a_renamed_org_shows_in_the_tree_at_once(world):
    sysadmin = make_user("sysadmin", world.province, [world.roles["sysadmin"]])
    user = world.county_a_admin
    assert world.street_a.name in _names(selectors.worker_org_tree(user))
    org = world.street_a
    org_services.org_update(by=sysadmin, org=org, data={"name": "改名后的街道工会"}, version=org.version)
    assert "改名后的街道工会" in _names(selectors.worker_org_tree(user))


@pytest.mark.django_db
def test_a_flushed_shared_cache_starts_a_new_generation(world):
    before = policy_generation()
    selectors.worker_org_tree(world.county_a_admin)
    cache.clear()  # e.g. Redis restarted: the counter must not start again at a value an old memo entry used
    assert policy_generation() != before
