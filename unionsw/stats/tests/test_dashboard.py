"""The dashboard (统计首页): its figures, its scope, and a constant number of queries whatever the rows."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import make_id
from unionsw.workers import services
from unionsw.workers.models import FilingStatus, Worker, WorkerStatus

pytestmark = pytest.mark.django_db

_n = itertools.count()


def bulk_workers(org, count, *, status=WorkerStatus.ACTIVE, filing=FilingStatus.UNFILED, rank="见习干事", template):
    """Rows straight into the table (speed); the figures only read org, status, filing status and rank."""
    rows = []
    for _ in range(count):
        number = make_id(org.region_code or "370102")
        rows.append(
            Worker(
                name=f"批量{next(_n)}",
                id_number_enc="",
                id_number_index=number,
                id_number_masked=number,
                birth_date=template.birth_date,
                gender="M",
                political_status="masses",
                education="bachelor",
                employment_mode="public_hire",
                org=org,
                hired_on=template.hired_on,
                status=status,
                filing_status=filing,
                rank=rank,
            )
        )
    Worker.objects.bulk_create(rows)


def _dashboard(client):
    with CaptureQueriesContext(connection) as ctx:
        r = client.get("/dashboard/")
    assert r.status_code == 200
    return len(ctx.captured_queries), r


def test_anonymous_is_sent_to_login(client, world):
    r = client.get("/dashboard/")
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]


def test_a_worker_without_the_dashboard_permission_gets_403(world, login):
    assert login(world.worker_a_user).get("/dashboard/").status_code == 403


def test_the_dashboard_does_the_same_number_of_queries_for_10_and_500_workers(world, login):
    c = login(world.province_admin)
    c.get("/dashboard/")  # the session's first request does one-off work; compare steady requests
    bulk_workers(world.street_a, 8, template=world.worker_a)
    small, _ = _dashboard(c)
    bulk_workers(world.street_a2, 300, filing=FilingStatus.FILED, template=world.worker_a)
    bulk_workers(world.street_b, 150, rank="初级干事", template=world.worker_a)
    bulk_workers(world.street_b, 40, status=WorkerStatus.RESIGNED, template=world.worker_a)
    large, r = _dashboard(c)
    assert Worker.objects.count() == 500
    assert r.context["summary"]["totals"]["total"] == 460
    assert small == large, f"{small} queries for 10 workers, {large} for 500"


def test_it_counts_active_workers_by_city_split_into_filed_and_unfiled(world, login):
    services.worker_file(by=world.province_admin, worker=world.worker_b)
    bulk_workers(world.street_a2, 3, filing=FilingStatus.FILED, template=world.worker_a)
    bulk_workers(world.street_a2, 2, status=WorkerStatus.RETIRED, filing=FilingStatus.FILED, template=world.worker_a)
    bulk_workers(world.street_b, 4, template=world.worker_a)
    bulk_workers(world.county_a, 1, template=world.worker_a)  # at the county itself, still under 济南
    _, r = _dashboard(login(world.province_admin))
    summary = r.context["summary"]
    # active only: 张三 (unfiled) + 3 filed + 1 unfiled in 济南; 李四 (filed) + 4 unfiled in 青岛
    assert summary["totals"] == {"total": 10, "filed": 4, "unfiled": 6}
    by_org = {row["org"].name: (row["filed"], row["unfiled"]) for row in r.context["by_org"]}
    assert by_org == {"济南市总工会": (3, 2), "青岛市总工会": (1, 4)}


def test_the_rank_chart_counts_only_filed_active_workers(world, login):
    bulk_workers(world.street_a, 2, filing=FilingStatus.FILED, rank="初级干事", template=world.worker_a)
    bulk_workers(world.street_a, 5, filing=FilingStatus.UNFILED, rank="初级干事", template=world.worker_a)
    bulk_workers(world.street_a, 1, filing=FilingStatus.FILED, rank="", template=world.worker_a)
    bulk_workers(world.street_a, 3, status=WorkerStatus.DISMISSED, filing=FilingStatus.FILED, template=world.worker_a)
    _, r = _dashboard(login(world.province_admin))
    by_rank = {row["rank"]: row["n"] for row in r.context["summary"]["by_rank"]}  # any display order
    assert by_rank == {"": 1, "初级干事": 2}
    assert "未定级" in r.content.decode()


def test_a_county_sees_only_its_own_figures_by_street(world, login):
    bulk_workers(world.street_a2, 2, template=world.worker_a)
    bulk_workers(world.street_b, 7, template=world.worker_a)
    _, r = _dashboard(login(world.county_a_admin))
    assert r.context["summary"]["totals"]["total"] == 3
    by_org = {row["org"].name: row["filed"] + row["unfiled"] for row in r.context["by_org"]}
    assert by_org == {"解放路街道工会": 1, "千佛山街道工会": 2}
