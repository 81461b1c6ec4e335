"""Issue 13: a 1–2 character search (a surname) gives exactly what `name contains` gives, on PostgreSQL through
the character-gram GIN index (migration 0004), and list counts are cached but never stale after a write."""

from __future__ import annotations

import pytest
from django.db import connection

from conftest import make_id, worker_data
from unionsw.workers import selectors
from unionsw.workers.models import Worker
from unionsw.workers.services import worker_create

NAMES = ["王小明", "王芳", "李王", "欧阳娜娜", "张明", "小明王", "欧阳明"]


@pytest.fixture
def people(world):
    for name in NAMES:
        worker_create(by=world.county_a_admin, data=worker_data(world.street_a, name=name, id_number=make_id("370102")))
    return world


@pytest.mark.parametrize("q", ["王", "明", "欧阳", "小明", "阳明", "芳", "赵", "王小明"])
def test_short_queries_match_exactly_what_contains_matches(people, q):
    found = set(selectors.worker_search(people.province_admin, q=q).values_list("name", flat=True))
    expected = {n for n in NAMES + ["张三", "李四"] if q in n}
    assert found == expected


def test_on_postgresql_a_surname_search_goes_through_the_gram_index(people):
    """The plan at 100,000 workers is checked by `make bench` (bench/run.py prints it); here: the index exists
    and the query uses its expression."""
    if connection.vendor != "postgresql":
        pytest.skip("the gram index exists on PostgreSQL only (SQLite keeps LIKE)")
    qs = selectors.worker_search(people.province_admin, q="王")
    assert "unionsw_name_grams" in str(qs.query)
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'workers_worker_name_grams'")
        assert "gin (unionsw_name_grams((name)::text))" in cursor.fetchone()[0]


def test_the_list_count_is_cached_and_recounted_after_any_write(people, django_assert_num_queries):
    qs = selectors.worker_search(people.province_admin, q="王")
    assert selectors.WorkerPaginator(qs, 20).count == 4
    with django_assert_num_queries(0):
        assert selectors.WorkerPaginator(selectors.worker_search(people.province_admin, q="王"), 20).count == 4
    worker_create(by=people.county_a_admin, data=worker_data(people.street_a, name="王五", id_number=make_id("370102")))
    assert selectors.WorkerPaginator(selectors.worker_search(people.province_admin, q="王"), 20).count == 5
    Worker.objects.filter(name="王五").delete()
    assert selectors.WorkerPaginator(selectors.worker_search(people.province_admin, q="王"), 20).count == 4


def test_moving_an_org_recounts_the_scopes(people):
    from conftest import make_user
    from unionsw.orgs.services import org_move

    sysadmin = make_user("prov_sys", people.province, [people.roles["sysadmin"]])
    before = selectors.WorkerPaginator(selectors.worker_search(people.county_b_admin), 20).count
    org_move(by=sysadmin, org=people.street_a, new_parent=people.county_b)
    after = selectors.WorkerPaginator(selectors.worker_search(people.county_b_admin), 20).count
    assert after == before + len(NAMES) + 1  # street A's workers (NAMES and 张三) are now in county B's scope
