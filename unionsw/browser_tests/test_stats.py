"""A city admin opens the dashboard, drills from a chart bar into the list behind it, sets a past day
and downloads the survey report (issue 10)."""

from datetime import date

import pytest
from playwright.sync_api import expect

from unionsw.workers.models import FilingStatus, Worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _filed(world, n, rank):
    from unionsw.stats.tests.test_dashboard import bulk_workers

    bulk_workers(world.street_a, n, filing=FilingStatus.FILED, rank=rank, template=world.worker_a)
    Worker.objects.filter(filing_status=FilingStatus.FILED).update(filed_at=date(2022, 6, 1))
    for w in Worker.objects.filter(rank=rank):
        w.save()  # a history row (bulk_create writes none), so the past day can see them


def test_city_admin_drills_from_a_bar_into_the_list_sets_a_past_day_and_downloads_the_report(world, page_as):
    _filed(world, 3, "初级干事")
    _filed(world, 1, "中级干事")
    page = page_as(world.city_admin)
    page.goto("/dashboard/")
    page.get_by_role("link", name="统计分析", exact=True).click()
    expect(page.locator("h1")).to_contain_text("济南市总工会 社工队伍统计")
    chart = page.locator("#chart-rank canvas")
    expect(chart).to_be_visible()
    # the centre of the 初级干事 bar, in the chart's own coordinates
    x, y = page.evaluate(
        "(() => { const c = echarts.getInstanceByDom(document.getElementById('chart-rank'));"
        " return c.convertToPixel({seriesIndex: 0}, ['初级干事', 1.5]); })()"
    )
    box = chart.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.wait_for_url("**/workers/?*")
    assert "rank=%E5%88%9D%E7%BA%A7%E5%B9%B2%E4%BA%8B" in page.url
    expect(page.locator("#worker-table tbody tr")).to_have_count(3)
    page.go_back()
    page.fill("input[name=on]", "2023-06-30")
    page.get_by_role("button", name="统计").click()
    expect(page.locator("h1")).to_contain_text("截至2023年6月30日")
    page.locator("#report-link").click()
    expect(page.locator("article.report")).to_contain_text("截至2023年6月30日，济南市总工会共有已备案的在岗工会社会工作者4名")
    with page.expect_download() as download:
        page.locator("#report-pdf").click()
    path = download.value.path()
    with open(path, "rb") as fh:
        assert fh.read(4) == b"%PDF"
    assert download.value.suggested_filename.endswith(".pdf")
