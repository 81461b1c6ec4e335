from datetime import date

import pytest

from conftest import make_id, worker_data


@pytest.fixture
def pay_world(world):
    """The example tables at the province, a 2026 ratio of 80 % for 历下区, worker_a a 中级干事 on 薪级 20."""
    from unionsw.pay import examples, services
    from unionsw.workers.models import Worker

    examples.install(by=world.province_admin, org=world.province)
    services.performance_ratio_set(by=world.county_a_admin, org=world.county_a, year=2026, ratio="80%", reason="县总工会会议纪要")
    Worker.objects.filter(pk=world.worker_a.pk).update(rank="中级干事", rank_since=date(2020, 7, 1), hired_on=date(2020, 7, 1))
    Worker.history.model.objects.filter(id=world.worker_a.pk).update(
        rank="中级干事", rank_since=date(2020, 7, 1), hired_on=date(2020, 7, 1)
    )
    world.worker_a.refresh_from_db()
    services.grade_set(
        by=world.county_a_admin, worker=world.worker_a, level=20, effective_from=date(2020, 7, 1), reason="比照同等条件人员确定"
    )
    return world


@pytest.fixture
def add_worker(world):
    from unionsw.workers.services import worker_create

    def _add(org=None, **fields):
        org = org or world.street_a
        data = worker_data(org, id_number=make_id("370102"), **fields)
        return worker_create(by=world.county_a_admin, data=data)

    return _add


@pytest.fixture
def run_jan(pay_world):
    from unionsw.pay import runs

    return runs.run_open(by=pay_world.county_a_admin, org=pay_world.county_a, month=date(2026, 1, 1))
