import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_wrong_password_shows_the_chinese_error_and_stays_on_the_login_page(world, anon_page):
    page = anon_page
    page.goto("/accounts/login/")
    page.fill("#id_username", world.county_a_admin.username)
    page.fill("#id_password", "not-the-password")
    page.click("form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".msg.error").inner_text().startswith("用户名或密码错误")
    assert "/accounts/login/" in page.url


def test_the_right_password_lands_on_the_dashboard(world, page_as):
    page = page_as(world.county_a_admin)
    assert page.url.endswith("/dashboard/")
    assert "历下区总工会 社工队伍概况" in page.locator("h1").inner_text()
    assert page.locator(".topbar .role").inner_text() == "县级总工会管理员"


def test_on_a_phone_the_menu_drawer_closes_on_esc_and_on_a_tap_outside(world, page_as):
    page = page_as(world.county_a_admin)
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    sidebar = page.locator("nav.sidebar")
    assert not sidebar.is_visible()
    page.click("label.nav-toggle")
    assert sidebar.is_visible()
    page.keyboard.press("Escape")
    assert not sidebar.is_visible()
    page.click("label.nav-toggle")
    assert sidebar.is_visible()
    page.mouse.click(380, 800)  # outside the drawer
    assert not sidebar.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
