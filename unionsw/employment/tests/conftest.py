"""Fixtures of the employment tests: posts, a contract, a rehired worker, made through the services."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import make_id, worker_data


@pytest.fixture
def kinds(db):
    """The default post kinds (seeded by migration 0002; re-created here because transactional tests,
    such as the browser tests, flush migration data)."""
    from unionsw.employment.models import PostKind
    from unionsw.employment.services import ensure_default_post_kinds

    ensure_default_post_kinds()
    return {k.name: k for k in PostKind.objects.all()}


@pytest.fixture
def post_a(world, kinds):
    from unionsw.employment.services import post_create

    return post_create(by=world.county_a_admin, unit=world.street_a, kind=kinds["组建指导岗"], rank_band="见习干事")


@pytest.fixture
def post_a2(world, kinds):
    from unionsw.employment.services import post_create

    return post_create(by=world.county_a_admin, unit=world.street_a2, kind=kinds["维权服务岗"])


@pytest.fixture
def post_b(world, kinds):
    from unionsw.employment.services import post_create

    return post_create(by=world.county_b_admin, unit=world.street_b, kind=kinds["组建指导岗"])


@pytest.fixture
def filled_a(world, post_a):
    from unionsw.employment.services import post_fill

    post_fill(by=world.county_a_admin, post=post_a, worker=world.worker_a, on=date(2022, 3, 1), reason="公开招聘录用")
    post_a.refresh_from_db()
    world.worker_a.refresh_from_db()
    return post_a


@pytest.fixture
def contract_a(world):
    from unionsw.employment.services import contract_draft_create, contract_sign

    c = contract_draft_create(
        by=world.county_a_admin, worker=world.worker_a, kind="labour", start=date(2022, 3, 1), end=date(2025, 2, 28)
    )
    return contract_sign(by=world.county_a_admin, contract=c, signed_on=date(2022, 3, 1))


@pytest.fixture
def rehired(world):
    from unionsw.workers.services import worker_create

    return worker_create(
        by=world.county_a_admin,
        data=worker_data(
            world.street_a2, name="老王", id_number=make_id("370102", date(1962, 4, 1)), employment_mode="rehired", rank=""
        ),
    )


@pytest.fixture
def another_worker(world):
    from unionsw.workers.services import worker_create

    return worker_create(by=world.county_a_admin, data=worker_data(world.street_a2, name="王五", id_number=make_id("370102")))
