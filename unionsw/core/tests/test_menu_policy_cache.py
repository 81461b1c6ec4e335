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
