"""Searchable drop-downs (issue 12, static/js/select-search.js): type part of a unit's name, pick it —
with the mouse, with the keyboard only, on a 390 px phone — and the plain select without JavaScript."""

import pytest
from playwright.sync_api import expect

from conftest import make_id, worker_data
from unionsw.browser_tests.fixtures import PASSWORD
from unionsw.orgs.models import OrgLevel
from unionsw.orgs.services import org_create
from unionsw.workers.services import worker_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def many_units(world):
    """County A with 30 more streets: its unit drop-downs list 33 names."""
    for i in range(30):
        org_create(by=None, parent=world.county_a, level=OrgLevel.TOWNSHIP, skip_scope=True, data={"name": f"示例第{i:02d}街道工会"})
    worker_create(by=world.county_a_admin, data=worker_data(world.street_a2, name="千佛山社工", id_number=make_id("370102")))
    return world


def test_typing_part_of_a_name_narrows_the_worker_form_unit_and_picks_it(many_units, page_as):
    world = many_units
    page = page_as(world.county_a_admin)
    page.goto("/workers/new/")
    select = page.locator("#id_org")
    assert select.locator("option").count() == 34  # 33 units and 请选择
    box = page.locator("input.select-filter[aria-controls=id_org]")
    box.fill("千佛")
    assert [t.strip("\u3000 ") for t in select.locator("option").all_inner_texts()] == ["千佛山街道工会"]
    assert select.input_value() == str(world.street_a2.pk)
    expect(page.locator("#id_org + .select-filter-status")).to_have_text("找到 1 项")
    box.fill("")
    assert select.locator("option").count() == 34 and select.input_value() == str(world.street_a2.pk)  # the pick stays
    box.fill("没有这个单位")
    expect(page.locator("#id_org + .select-filter-status")).to_contain_text("没有名称包含")
    assert select.locator("option").count() == 34  # nothing is lost when nothing matches


def test_the_worker_list_unit_filter_works_with_the_keyboard_alone(many_units, page_as):
    world = many_units
    page = page_as(world.county_a_admin)
    page.goto("/workers/")
    box = page.locator(".search input.select-filter")
    box.focus()
    page.keyboard.type("千佛山")
    page.keyboard.press("Enter")  # picks the first match; does not submit the form
    select = page.locator(".search select[name=org]")
    expect(select).to_be_focused()
    assert select.input_value() == str(world.street_a2.pk)
    assert "org=" not in page.url
    page.keyboard.press("Tab")
    page.locator(".search button.primary").press("Enter")
    expect(page.locator("#worker-table")).not_to_contain_text("张三")
    assert "千佛山社工" in page.locator("#worker-table").inner_text()
    assert f"org={world.street_a2.pk}" in page.url


def test_on_a_390px_phone_the_filter_box_fits_and_picks(many_units, page_as):
    world = many_units
    page = page_as(world.county_a_admin)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/workers/new/")
    box = page.locator("input.select-filter[aria-controls=id_org]")
    box.click()
    page.keyboard.type("示例第07")
    page.keyboard.press("Enter")
    select = page.locator("#id_org")
    assert [t.strip("\u3000 ") for t in select.locator("option").all_inner_texts()] == ["示例第07街道工会"]
    for element in (box, select):
        rect = element.bounding_box()
        assert rect["x"] >= 0 and rect["x"] + rect["width"] <= 390, rect
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_without_javascript_the_plain_select_remains(many_units, browser, live_server):
    world = many_units
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto("/accounts/login/")
        page.fill("#id_username", world.county_a_admin.username)
        page.fill("#id_password", PASSWORD)
        page.click("form button[type=submit]")
        page.goto("/workers/new/")
        assert page.locator("input.select-filter").count() == 0
        assert page.locator("#id_org option").count() == 34
        page.select_option("#id_org", str(world.street_a2.pk))
        assert page.locator("#id_org").input_value() == str(world.street_a2.pk)
    finally:
        context.close()
