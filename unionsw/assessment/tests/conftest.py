"""A Hebei-style city round on the test province: 济南 (city_a) is switched to 一述三评一量化 by a
policy override, gets a second county (槐荫区) and a panel of four judges, two from each county."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from conftest import make_id, make_user, worker_data

WEIGHTS = {"w_report": "40", "w_host": "20", "w_city": "20", "w_workload": "20"}
SETUP = WEIGHTS | {"pass_line": "70", "basic_line": "60", "excellent_ratio": "20", "bonus_city": "2", "bonus_provincial": "3"}


@dataclass
class Hebei:
    county_a2: object
    street_a3: object
    judges: list
    workers_a: list
    workers_a2: list


def switch_to_hebei(world):
    from unionsw.orgs.services import policy_override_add

    for key, value in (
        ("assessment_scheme", "hebei_1s3p1q"),
        ("excellent_reallocation", {"bottom": 3, "slots": 1, "reward": "service_quality"}),
    ):
        policy_override_add(
            by=world.province_admin,
            org=world.city_a,
            key=key,
            value=value,
            effective_from=date(2020, 1, 1),
            source="测试：秦皇岛式",
        )


def build_hebei(world) -> Hebei:
    from unionsw.assessment.services import ensure_judge_role
    from unionsw.orgs.models import OrgLevel
    from unionsw.orgs.services import org_create
    from unionsw.workers.services import worker_create

    switch_to_hebei(world)
    county_a2 = org_create(
        by=None,
        parent=world.city_a,
        level=OrgLevel.COUNTY,
        skip_scope=True,
        data={"name": "槐荫区总工会", "region_code": "370104"},
    )
    street_a3 = org_create(
        by=None, parent=county_a2, level=OrgLevel.TOWNSHIP, skip_scope=True, data={"name": "振兴街街道工会", "kind": "street"}
    )
    role = ensure_judge_role()
    judges = [
        make_user(f"judge_{i}", org, [role]) for i, org in enumerate([world.county_a, world.county_a, county_a2, county_a2])
    ]
    workers_a = [world.worker_a] + [
        worker_create(by=world.county_a_admin, data=worker_data(world.street_a2, name=f"历下{i}", id_number=make_id("370102")))
        for i in range(3)
    ]
    workers_a2 = [
        worker_create(by=world.city_admin, data=worker_data(street_a3, name=f"槐荫{i}", id_number=make_id("370104")))
        for i in range(4)
    ]
    return Hebei(county_a2, street_a3, judges, workers_a, workers_a2)


@pytest.fixture
def hebei(world):
    return build_hebei(world)


@pytest.fixture
def hebei_round(world, hebei):
    from unionsw.assessment import services

    rnd = services.round_create(by=world.city_admin, org=world.city_a, year=2025, data=SETUP)
    for j in hebei.judges:
        services.judge_add(by=world.city_admin, round=rnd, user=j)
    return rnd


@pytest.fixture
def drawn_round(world, hebei_round):
    from unionsw.assessment import services

    services.lots_commit(by=world.city_admin, round=hebei_round)
    services.lots_draw(by=world.city_admin, round=hebei_round)
    hebei_round.refresh_from_db()
    return hebei_round
