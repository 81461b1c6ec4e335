"""In a real browser: a worker resigns, the post shows as vacant, it is filled by transfer (轮岗交流), and the
contract alerts appear. Skips when Playwright or Chromium is missing (fails instead with CI=true)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from unionsw.employment import services
from unionsw.employment.models import Post

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(page_as, world):
    """County A's administrator, logged in through the real form (shared harness: browser_tests/fixtures.py)."""
    p = page_as(world.county_a_admin)
    p.on("dialog", lambda dialog: dialog.accept())  # data-confirm buttons ask first
    return p


def test_resign_vacate_fill_by_transfer_and_see_the_alerts(world, page, filled_a, post_a2, another_worker):
    today = timezone.localdate()
    services.post_fill(by=world.county_a_admin, post=post_a2, worker=another_worker, on=date(2022, 3, 1), reason="录用")
    draft = services.contract_draft_create(
        by=world.county_a_admin, worker=another_worker, kind="labour", start=date(2022, 3, 1), end=today + timedelta(days=20)
    )
    services.contract_sign(by=world.county_a_admin, contract=draft, signed_on=date(2022, 3, 1))

    # 1. 张三 resigns
    page.goto(f"/employment/workers/{world.worker_a.pk}/exit/")
    page.select_option("#kind", "resignation")
    page.fill("#reason", "考取事业单位")
    page.click("text=确认离岗")
    page.wait_for_url(f"**/employment/workers/{world.worker_a.pk}/")
    assert "离岗手续已办理" in page.content()

    # 2. the post is listed as vacant
    page.goto("/employment/posts/?vacant=1")
    row = page.locator("#post-table tbody tr", has_text="解放路街道工会")
    assert "空缺" in row.inner_text()

    # 3. filled by rotation from 千佛山
    page.goto(f"/employment/posts/{filled_a.pk}/")
    form = page.locator("form", has_text="确认调入")
    form.locator("select[name=worker]").select_option(str(another_worker.pk))
    form.locator("select[name=kind]").select_option("rotation")
    form.locator("input[name=reason]").fill("年度轮岗交流")
    form.locator("button").click()
    page.wait_for_load_state()
    assert "王五" in page.locator("dl.fields").inner_text()
    assert Post.objects.get(pk=filled_a.pk).holder_id == another_worker.pk
    assert Post.objects.get(pk=post_a2.pk).holder_id is None

    # 4. the alert list tells what needs doing this month
    page.goto("/employment/alerts/")
    table = page.locator("table.list").inner_text()
    assert "王五" in table and "30天内到期" in table
