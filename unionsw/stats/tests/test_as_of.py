"""截至 a past day: figures recomputed from the registry's history, hand-counted."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from conftest import make_id, worker_data
from unionsw.stats.population import history_model
from unionsw.workers import services
from unionsw.workers.models import Worker

pytestmark = pytest.mark.django_db


def _at(day: date):
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=timezone.get_current_timezone())


def _stamp_last(worker, day: date):
    """Date the worker's latest history row on `day` (the change happened then)."""
    h = history_model().objects.filter(id=worker.pk).order_by("-history_id").first()
    history_model().objects.filter(history_id=h.history_id).update(history_date=_at(day))


def _update(world, by, worker, day, reason, **data):
    worker = Worker.objects.get(pk=worker.pk)
    services.worker_update(by=by, worker=worker, data=data, version=worker.version, reason=reason)
    _stamp_last(worker, day)
    return Worker.objects.get(pk=worker.pk)


def _new(world, name, org, hired, born=date(1990, 5, 1), **kw):
    w = services.worker_create(
        by=world.province_admin,
        data=worker_data(org, name=name, id_number=make_id("370102", born), hired_on=hired, **kw),
    )
    _stamp_last(w, hired)
    w = Worker.objects.get(pk=w.pk)
    services.worker_file(by=world.province_admin, worker=w, filed_on=date(hired.year, hired.month, 20))
    _stamp_last(w, date(hired.year, hired.month, 20))
    return Worker.objects.get(pk=w.pk)


@pytest.fixture
def story(world):
    """2022: 甲, 乙, 丙 hired in 历下区 as 见习干事. 2023-12-31 丙 resigns. 2024-02 丁 hired.
    2024-03-01 甲 becomes 初级干事. 2024-05-01 乙 moves to 市南区 (青岛)."""
    a = _new(world, "甲", world.street_a, date(2022, 1, 10))
    b = _new(world, "乙", world.street_a2, date(2022, 1, 10), born=date(1985, 3, 1))
    c = _new(world, "丙", world.street_a, date(2022, 1, 10))
    _update(world, world.province_admin, c, date(2024, 1, 2), "辞职", status="resigned", left_on=date(2023, 12, 31))
    d = _new(world, "丁", world.street_a, date(2024, 2, 1))
    _update(world, world.province_admin, a, date(2024, 3, 1), "晋升", rank="初级干事", rank_since=date(2024, 3, 1))
    _update(world, world.province_admin, b, date(2024, 5, 1), "调动", org=world.street_b)
    return {"甲": a, "乙": b, "丙": c, "丁": d}


def _tables(client, **params):
    r = client.get("/stats/", params)
    assert r.status_code == 200, r.content[:300]
    return r, {t.key: {row.label: row.value for row in t.rows} for t in r.context["tables"]}


def test_the_city_on_a_past_day_differs_from_today(story, world, login):
    c = login(world.city_admin)
    _, past = _tables(c, on="2023-06-30")
    # 甲 乙 丙 filed and active in 历下区; 张三 (world) is unfiled: not counted under the Shandong profile
    assert past["org"] == {"历下区总工会": 3}
    assert past["rank"]["见习干事"] == 3 and past["rank"]["初级干事"] == 0
    # 张三 was entered today but hired 2022-03-01: his first record stands for that day, unfiled
    assert past["filing"] == {"已备案": 3, "未备案": 1}
    _, today = _tables(c)
    assert today["org"] == {"历下区总工会": 2}  # 甲, 丁 (丙 left, 乙 moved)
    assert today["rank"]["初级干事"] == 1 and today["rank"]["见习干事"] == 1


def test_a_worker_who_moved_counts_where_they_were_that_day(story, world, login):
    _, past = _tables(login(world.province_admin), on="2024-04-30")
    assert past["org"] == {"济南市总工会": 3, "青岛市总工会": 0}  # 甲 乙 丁 (丙 left 2023-12-31)
    _, later = _tables(login(world.province_admin), on="2024-05-31")
    assert later["org"] == {"济南市总工会": 2, "青岛市总工会": 1}


def test_the_day_of_leaving_still_counts_and_the_day_after_does_not(story, world, login):
    c = login(world.county_a_admin)
    assert _tables(c, on="2023-12-31")[0].context["total"] == 3
    assert _tables(c, on="2024-01-01")[0].context["total"] == 2


def test_a_month_means_its_last_day(story, world, login):
    r, _ = _tables(login(world.city_admin), on="2024-02")
    assert r.context["on"] == date(2024, 2, 29) and r.context["total"] == 3  # 甲 乙 丁


def test_every_past_figure_links_to_a_list_of_the_same_count(story, world, login):
    c = login(world.city_admin)
    r, _ = _tables(c, on="2024-04-30")
    checked = 0
    for t in r.context["tables"]:
        for row in t.rows:
            assert row.url.startswith("/stats/records/?"), row.url
            listed = c.get(row.url)
            assert listed.status_code == 200
            assert listed.context["page"].paginator.count == row.value, (t.key, row.label, row.url)
            checked += 1
    assert checked > 30


def test_a_county_never_sees_another_countys_past_figures(story, world, login):
    c = login(world.county_b_admin)
    r, past = _tables(c, on="2024-04-30")
    assert r.context["total"] == 0
    listed = c.get("/stats/records/", {"on": "2024-04-30", "status": "active"})
    assert "甲" not in listed.content.decode()
    assert c.get("/stats/records/", {"on": "2024-04-30", "org": world.county_a.pk}).context["page"].paginator.count == 0


def test_the_records_page_needs_a_login_and_the_permission(world, login, client):
    assert client.get("/stats/records/").status_code == 302
    assert login(world.worker_a_user).get("/stats/records/").status_code == 403
    assert login(world.city_admin).get("/stats/records/", {"on": "2023-13-01"}).status_code == 400


def test_the_roster_of_a_past_day_lists_the_same_people(story, world, login):
    import io

    from openpyxl import load_workbook

    c = login(world.city_admin)
    r = c.get(
        "/stats/records/",
        {"on": "2023-06-30", "status": "active", "org": world.city_a.pk, "filing_status": "filed", "export": "xlsx"},
    )
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(r.content)).active
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert sorted(row[1] for row in rows) == sorted(["甲", "乙", "丙"])
    assert all("*" in row[7] for row in rows)  # ID numbers masked
    from unionsw.core.models import AuditEvent

    assert AuditEvent.objects.filter(action="stats.roster_export").exists()
