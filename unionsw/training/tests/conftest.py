from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest


@pytest.fixture
def plan_a(world):
    from unionsw.training import services

    return services.plan_create(by=world.county_a_admin, org=world.county_a, year=date.today().year, title="历下区年度培训计划")


@pytest.fixture
def make_session(world, plan_a):
    from unionsw.training import services

    def make(**kw):
        today = date.today()
        data = {
            "kind": "业务培训",
            "title": "业务培训班",
            "starts_on": today,
            "ends_on": today,
            "hours": Decimal("8"),
            "place": "历下区职工之家",
            "self_enrol": False,
        } | kw
        return services.session_create(by=world.county_a_admin, plan=kw.pop("plan", plan_a), data=data)

    return make
