"""Cross-tabs: cells add up to the margins and each links to a list of the same count."""

import pytest

from unionsw.workers.models import FilingStatus

from .test_dashboard import bulk_workers

pytestmark = pytest.mark.django_db


def test_rank_by_county_and_education_by_age(world, login):
    bulk_workers(world.street_a, 2, filing=FilingStatus.FILED, rank="初级干事", template=world.worker_a)
    bulk_workers(world.street_b, 3, filing=FilingStatus.FILED, rank="中级干事", template=world.worker_a)
    bulk_workers(world.street_b, 1, filing=FilingStatus.FILED, rank="", template=world.worker_a)
    c = login(world.province_admin)
    r = c.get("/stats/cross/")
    assert r.status_code == 200
    rank_org, edu_age = r.context["tabs"]
    grid = {row["label"]: [cell["n"] for cell in row["cells"]] for row in rank_org["table"]}
    labels = [label for _k, label, _p in rank_org["cols"].labels]
    assert labels == ["山东省总工会（本级）", "济南市总工会", "青岛市总工会"]
    assert grid["初级干事"] == [0, 2, 0] and grid["中级干事"] == [0, 0, 3] and grid["未定级"] == [0, 0, 1]
    assert rank_org["total"] == edu_age["total"] == 6
    for tab in r.context["tabs"]:
        for row in tab["table"]:
            for cell in row["cells"]:
                assert c.get(cell["url"]).context["page"].paginator.count == cell["n"], cell["url"]
    assert c.get("/stats/cross/", {"export": "xlsx"}).status_code == 200
    assert login(world.county_a_admin).get("/stats/cross/", {"org": world.city_b.pk}).status_code == 404
