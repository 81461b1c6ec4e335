"""In a real browser: the county computes and approves a month, the worker sees their slip, the province
sees the cost by payer (with the chart). Skips when Playwright or Chromium is missing (fails with CI=true)."""

from datetime import date

import pytest

from unionsw.pay import services
from unionsw.pay.models import RunStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_county_pays_a_month_worker_sees_slip_province_sees_cost(pay_world, page_as):
    services.cost_shares_set(
        by=pay_world.province_admin,
        org=pay_world.province,
        shares={"全总": "10%", "省总工会": "20%", "市总工会": "20%", "县（市、区）总工会": "30%", "乡镇（街道）财政": "20%"},
        effective_from=date(2025, 1, 1),
        source="测试",
    )
    # 1. the county opens, computes, reviews and approves January 2026
    page = page_as(pay_world.county_a_admin)
    page.on("dialog", lambda dialog: dialog.accept())  # the approve button asks first
    page.goto("/pay/")
    page.fill("#m", "2026-01")
    page.click("text=新建工资表")
    page.wait_for_url("**/pay/runs/*/")
    page.click("button[value=compute]")
    page.wait_for_load_state()
    assert page.locator("#run-cost").inner_text() == "7239.32"
    page.click("button[value=review]")
    page.wait_for_load_state()
    page.click("button[value=approve]")
    page.wait_for_load_state()
    assert "已审批（锁定）" in page.locator("#run-status").inner_text()
    run = pay_world.county_a.payroll_runs.get()
    assert run.status == RunStatus.APPROVED and run.approved_by == pay_world.county_a_admin

    # 2. the worker sees their slip
    me = page_as(pay_world.worker_a_user)
    me.goto("/pay/me/?year=2026")
    me.click("text=查看")
    me.wait_for_url("**/pay/slips/*/")
    assert me.locator("#slip-name").inner_text() == "张三"
    assert "4055.47" in me.locator("table.pay-slip").inner_text()

    # 3. the province sees what each payer owes, with the chart drawn
    prov = page_as(pay_world.province_admin)
    prov.goto("/pay/cost/?year=2026")
    assert prov.locator("#cost-total").inner_text() == "7239.32"
    assert "2171.80" in prov.locator("table.pay-cost").inner_text()
    prov.locator("#pay-cost-chart canvas").first.wait_for()
