import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_policy_page_shows_not_set_where_the_seed_is_silent(world, page_as):
    page = page_as(world.county_a_admin)
    page.goto("/orgs/policy/")
    row = page.locator("tr", has_text="配备标准")
    assert row.locator(".tag.muted").inner_text() == "未规定"
    age = page.locator("tr").filter(has=page.locator("td:first-child", has_text="报名年龄上限"))
    assert "40" in age.inner_text() and "年龄40周岁以下" in age.inner_text()
    page.click("text=四省（市）政策对照")
    page.wait_for_url("**/orgs/policy/compare/")
    headers = page.locator("#compare thead th").all_inner_texts()
    assert [h.split("\n")[0] for h in headers[1:]] == ["山东省政策", "江苏省政策", "河北省政策", "北京市政策"]
    assert page.locator("#compare tr").filter(has=page.locator("td:first-child", has_text="报名年龄上限")).locator(".tag.muted").count() == 3
