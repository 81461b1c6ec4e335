"""The list page's fast paths (added for `make bench`): pages read from either end, the drill-down tree."""

import itertools

import pytest
from django.core.paginator import Paginator

from conftest import make_id
from unionsw.workers import selectors
from unionsw.workers.models import Worker

pytestmark = pytest.mark.django_db

_n = itertools.count()


def bulk_workers(org, names, template):
    rows = []
    for name in names:
        number = make_id(org.region_code or "370102")
        rows.append(
            Worker(
                name=name,
                id_number_enc="",
                id_number_index=number,
                id_number_masked=number,
                birth_date=template.birth_date,
                gender="F",
                political_status="masses",
                education="bachelor",
                employment_mode="public_hire",
                org=org,
                hired_on=template.hired_on,
            )
        )
    Worker.objects.bulk_create(rows)


@pytest.fixture
def many(world):
    """47 workers over four orgs of two cities, with repeated names so that id breaks ties."""
    t = world.worker_a
    bulk_workers(world.street_a, [f"甲{i % 7}" for i in range(15)], t)
    bulk_workers(world.street_a2, [f"乙{i % 4}" for i in range(12)], t)
    bulk_workers(world.county_a, ["丙", "丙", "丁"], t)
    bulk_workers(world.street_b, [f"戊{i % 5}" for i in range(15)], t)
    return world


@pytest.mark.parametrize("direct", [1000, 0], ids=["one-query", "ids-then-rows"])
@pytest.mark.parametrize("per_page,orphans", [(5, 0), (7, 0), (10, 3), (47, 0), (100, 0)])
def test_every_page_holds_exactly_the_rows_the_plain_paginator_gives(many, per_page, orphans, direct, monkeypatch):
    from unionsw.core import paging

    monkeypatch.setattr(paging, "DIRECT_ROWS", direct)
    qs = selectors.worker_search(many.province_admin)
    plain = Paginator(qs, per_page, orphans=orphans)
    fast = selectors.WorkerPaginator(qs, per_page, orphans=orphans)
    assert fast.count == plain.count == 47  # 45 + 张三 + 李四
    assert fast.num_pages == plain.num_pages
    for number in plain.page_range:
        assert [w.pk for w in fast.page(number)] == [w.pk for w in plain.page(number)], f"page {number}"


def test_pages_from_the_far_end_keep_the_filters_and_the_scope(many):
    qs = selectors.worker_search(many.city_admin, q="甲")
    plain, fast = Paginator(qs, 4), selectors.WorkerPaginator(qs, 4)
    assert fast.count == 15
    for number in plain.page_range:
        page = list(fast.page(number))
        assert [w.pk for w in page] == [w.pk for w in plain.page(number)]
        assert all(w.name.startswith("甲") and w.org_id == many.street_a.pk for w in page)


def test_an_empty_result_is_one_empty_page(world):
    page = selectors.WorkerPaginator(selectors.worker_search(world.county_a_admin, q="无此人"), 20).get_page(1)
    assert list(page) == [] and page.paginator.count == 0


def test_the_last_page_of_the_list_page_shows_the_last_rows(many, login):
    c = login(many.province_admin)
    r = c.get("/workers/?page=3")  # 47 rows, 20 a page: the last 7, read from the far end
    assert [w.pk for w in r.context["page"]] == [w.pk for w in Worker.objects.all()][40:]
    assert len(r.context["page"]) == 7


def _labels(tree):
    out = []
    for node in tree:
        out.append((node["org"].name, node["open"]))
        out += _labels(node["children"])
    return out


def test_a_small_scope_sees_its_whole_tree(world):
    names = [n for n, _ in _labels(selectors.worker_org_tree(world.province_admin))]
    assert len(names) == 8 and "八大关街道工会" in names and "千佛山街道工会" in names


def test_a_large_tree_drills_down_to_the_selected_org(world, monkeypatch):
    monkeypatch.setattr(selectors, "FULL_TREE_LIMIT", 5)
    top = _labels(selectors.worker_org_tree(world.province_admin))
    assert [n for n, _ in top] == ["山东省总工会", "济南市总工会", "青岛市总工会"]
    opened = dict(_labels(selectors.worker_org_tree(world.province_admin, world.county_a.pk)))
    assert set(opened) == {"山东省总工会", "济南市总工会", "青岛市总工会", "历下区总工会", "解放路街道工会", "千佛山街道工会"}
    assert opened["历下区总工会"] is True and opened["济南市总工会"] is True
    # an org outside the user's scope opens nothing
    other = dict(_labels(selectors.worker_org_tree(world.county_a_admin, world.county_b.pk)))
    assert set(other) == {"历下区总工会", "解放路街道工会", "千佛山街道工会"}


def test_the_list_page_shows_the_drill_down_tree(world, login, monkeypatch):
    monkeypatch.setattr(selectors, "FULL_TREE_LIMIT", 5)
    c = login(world.province_admin)
    link = f'?org={world.street_a.pk}"'  # the tree's link to 解放路街道工会
    assert link not in c.get("/workers/").content.decode()
    assert link in c.get(f"/workers/?org={world.county_a.pk}").content.decode()


@pytest.mark.parametrize("per_page,step", [(3, 4), (5, 7), (4, 10)])
def test_pages_read_from_anchors_hold_exactly_the_plain_rows(many, per_page, step, monkeypatch, django_assert_max_num_queries):
    """With anchors every `step` rows (ANCHOR_ROWS is 1,000 in use), every page — from either end, through the
    repeated names, in a filtered scope — is the plain Paginator's page, and a second read uses the cache."""
    from unionsw.core.paging import _seek_columns

    monkeypatch.setattr(selectors.WorkerPaginator, "anchor_rows", step)
    qs = selectors.worker_search(many.province_admin)
    assert _seek_columns(qs)[1:] == (["org_id", "name", "id"], False)  # the seek path is the one taken
    assert _seek_columns(qs.reverse())[2] is True
    for user, q in ((many.province_admin, ""), (many.city_admin, ""), (many.province_admin, "甲")):
        qs = selectors.worker_search(user, q=q)
        plain = Paginator(qs, per_page)
        for number in plain.page_range:
            fast = selectors.WorkerPaginator(qs, per_page)
            assert [w.pk for w in fast.page(number)] == [w.pk for w in plain.page(number)], (user, q, number)
    qs = selectors.worker_search(many.province_admin)
    middle = Paginator(qs, per_page).num_pages // 2
    selectors.WorkerPaginator(qs, per_page).page(middle)
    with django_assert_max_num_queries(1):  # the rows, sought from the cached anchors (the count is cached)
        selectors.WorkerPaginator(qs, per_page).page(middle)


def test_an_anchor_is_dropped_when_a_worker_changes(many, monkeypatch):
    monkeypatch.setattr(selectors.WorkerPaginator, "anchor_rows", 4)
    qs = selectors.worker_search(many.province_admin)
    before = [w.pk for w in selectors.WorkerPaginator(qs, 3).page(4)]
    first = Worker.objects.order_by("org_id", "name", "id").first()
    Worker.objects.filter(pk=first.pk).delete()  # every later row moves up one place
    after = [w.pk for w in selectors.WorkerPaginator(qs, 3).page(4)]
    assert after == [w.pk for w in Paginator(qs, 3).page(4)] and after != before
