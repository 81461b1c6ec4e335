"""The menu is drawn on every page: the policy it reads (the Beijing-only item) comes from the cache, and a
policy change shows on the very next page."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from unionsw.core.menu import menu_for
from unionsw.orgs.models import PolicyOverride

pytestmark = pytest.mark.django_db


def _labels(user):
    return [item.label for _, items in menu_for(user) for item in items]


def test_the_menu_reads_the_policy_once_then_follows_a_change_at_once(world):
    user = world.county_a_admin
    assert user.can("certification.manage")
    assert "资格认证（北京）" not in _labels(user)
    with CaptureQueriesContext(connection) as queries:
        _labels(user)
    assert not [q for q in queries.captured_queries if "orgs_" in q["sql"]], "the menu re-read the policy"
    PolicyOverride.objects.create(
        org=world.county_a, key="qualification_certification", value=True, effective_from=date(2020, 1, 1), source="测试"
    )
    assert "资格认证（北京）" in _labels(user)


def test_the_cached_org_tree_follows_a_move_written_with_update(world):
    """org_move rewrites paths with update(), which sends no post_save: the service raises the generation
    itself, so the worker list's cached org tree (and every cached policy) is fresh on the next page."""
    from conftest import make_user
    from unionsw.orgs.services import org_move
    from unionsw.workers.selectors import worker_org_tree

    def names(tree):
        out, stack = [], list(tree)
        while stack:
            node = stack.pop()
            out.append(node["org"].name)
            stack.extend(node["children"])
        return set(out)

    sysadmin = make_user("sysadmin-tree", world.province, [world.roles["sysadmin"]])
    assert world.street_a.name not in names(worker_org_tree(world.county_b_admin))
    with CaptureQueriesContext(connection) as queries:
        worker_org_tree(world.county_b_admin)
    assert not queries.captured_queries, "the tree was rebuilt although nothing changed"
    org_move(by=sysadmin, org=world.street_a, new_parent=world.county_b)
    assert world.street_a.name in names(worker_org_tree(world.county_b_admin))
