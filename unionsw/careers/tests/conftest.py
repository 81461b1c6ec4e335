from datetime import date

import pytest

from conftest import make_id, worker_data


@pytest.fixture
def add_worker(world):
    """add_worker(org, rank=..., rank_since=..., results={year: grade}, **fields) → a worker made
    through the registry service, with published results recorded."""
    from unionsw.assessment.models import Result
    from unionsw.workers.services import worker_create

    def _add(org=None, *, results=None, **fields):
        org = org or world.street_a
        fields.setdefault("hired_on", date(2018, 1, 1))
        data = worker_data(org, id_number=make_id(org.parent.region_code or "370102"), **fields)
        w = worker_create(
            by=world.county_a_admin if org.path.startswith(world.county_a.path) else world.county_b_admin, data=data
        )
        for year, grade in (results or {}).items():
            Result.objects.create(worker=w, year=year, grade=grade)
        return w

    return _add
