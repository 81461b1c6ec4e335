import pytest

from conftest import make_user
from unionsw.orgs.models import Org

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def sysadmin(world):
    return make_user("sysadmin", world.province, [world.roles["sysadmin"]])


def test_a_sysadmin_adds_a_street_then_moves_it_to_another_county(world, sysadmin, page_as):
    page = page_as(sysadmin)  # through the TOTP page: the system administrator's role requires it
    page.goto(f"/orgs/{world.county_a.pk}/")
    page.click("a:has-text('新增下级')")
    page.select_option("#id_placement", label="乡镇（街道）级 · 街道工会")
    page.fill("#id_name", "浏览器街道工会")
    page.fill("#id_union_count", "210")
    page.fill("#id_member_count", "5200")
    page.click("button:has-text('保存')")
    page.wait_for_url("**/orgs/*/")
    org = Org.objects.get(name="浏览器街道工会")
    assert org.parent_id == world.county_a.pk and org.union_count == 210
    assert "已在“历下区总工会”下新增“浏览器街道工会”" in page.locator(".messages").inner_text()
    assert page.locator(".tree-pane a.current").inner_text() == "浏览器街道工会"

    page.click("#org-detail a:has-text('移动')")
    options = page.locator("#id_new_parent option").all_inner_texts()
    assert [o.strip() for o in options] == ["请选择", "市南区总工会"]  # no city, no street, not its own county
    page.select_option("#id_new_parent", label="市南区总工会")
    page.click("button:has-text('移动')")
    page.wait_for_url(f"**/orgs/{org.pk}/")
    assert "已将“浏览器街道工会”移动到“市南区总工会”之下" in page.locator(".messages").inner_text()
    org.refresh_from_db()
    assert org.parent_id == world.county_b.pk and org.path.startswith(world.county_b.path)
    assert "市南区总工会" in page.locator("#org-detail").inner_text()


def test_a_county_admin_sees_the_tree_without_any_write_button(world, page_as):
    page = page_as(world.county_a_admin)
    page.click("nav.sidebar a:has-text('组织架构')")
    page.wait_for_url("**/orgs/")
    assert page.locator("#children tbody tr").count() == 2
    assert page.locator("#org-detail .toolbar").inner_text().strip() == "适用政策"
