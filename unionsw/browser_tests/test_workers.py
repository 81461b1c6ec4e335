import pytest
from playwright.sync_api import expect

from conftest import make_id, worker_data
from unionsw.workers.models import Worker
from unionsw.workers.services import worker_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_worker_list_of_a_county_admin_shows_only_that_county_and_its_tree(world, page_as):
    page = page_as(world.county_a_admin)
    page.goto("/workers/")
    table = page.locator("#worker-table").inner_text()
    assert "张三" in table and "李四" not in table
    tree = page.locator(".tree-pane").inner_text()
    assert "历下区总工会" in tree and "解放路街道工会" in tree and "千佛山街道工会" in tree
    assert "市南区" not in tree and "青岛" not in tree


def test_typing_a_name_narrows_the_table_in_place(world, page_as):
    worker_create(by=world.county_a_admin, data=worker_data(world.street_a2, name="王小五", id_number=make_id("370102")))
    page = page_as(world.county_a_admin)
    page.goto("/workers/")
    assert page.locator("#worker-table tbody tr").count() == 2
    page.evaluate("window.__notReloaded = true")
    page.locator("#q").press_sequentially("王小")
    # a Playwright assertion, not wait_for_function: that evaluates a string, which the CSP forbids
    expect(page.locator("#worker-table")).not_to_contain_text("张三")
    rows = page.locator("#worker-table tbody tr")
    assert rows.count() == 1 and "王小五" in rows.inner_text()
    assert page.evaluate("window.__notReloaded") is True  # htmx swapped the table; the page did not reload
    assert "q=" in page.url  # and pushed the search into the address bar


def _fill_worker_form(page, world, id_number):
    page.fill("#id_name", "赵浏览")
    page.fill("#id_id_number", id_number)
    page.select_option("#id_political_status", "cyl")
    page.select_option("#id_education", "bachelor")
    page.select_option("#id_employment_mode", "public_hire")
    page.select_option("#id_org", str(world.street_a.pk))
    page.select_option("#id_rank", "见习干事")
    page.fill("#id_hired_on", "2024-03-01")


def test_a_bad_id_number_is_refused_then_a_good_one_creates_the_worker_with_a_timeline(world, page_as):
    page = page_as(world.county_a_admin)
    page.goto("/workers/")
    page.click(".toolbar a.btn:has-text('新增')")
    before = Worker.objects.count()
    good = make_id("370102")
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    _fill_worker_form(page, world, bad)
    page.click("button:has-text('保存')")
    page.wait_for_load_state()
    assert "校验位不正确" in page.locator(".field.has-error").inner_text()
    assert Worker.objects.count() == before

    page.fill("#id_id_number", good)
    page.click("button:has-text('保存')")
    page.wait_for_url("**/workers/*/")
    worker = Worker.objects.get(name="赵浏览")
    assert page.url.endswith(f"/workers/{worker.pk}/")
    assert "已新增社工 赵浏览" in page.locator(".messages").inner_text()
    timeline = page.locator(".timeline").inner_text()
    assert "原因：新增" in timeline and world.county_a_admin.username in timeline
