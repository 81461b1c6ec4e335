"""issue 9 main flow on a phone-sized page (390 px): a worker signs in to a session with the code, logs a work
entry with a photo and volunteer hours; the host unit confirms; the county sees the training completion and the
workload table filled from the log."""

from decimal import Decimal

import pytest
from django.utils import timezone

from unionsw.activity.models import Review, VolunteerHours, WorkLogEntry
from unionsw.core.tests.files import jpeg
from unionsw.training import rules, services
from unionsw.training.models import Enrolment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1


def test_a_year_of_work_recorded_once_on_a_phone(world, host_daily, page_as, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    today = timezone.localdate()
    plan = services.plan_create(by=world.county_a_admin, org=world.county_a, year=today.year, title="历下区年度培训计划")
    session = services.session_create(
        by=world.county_a_admin,
        plan=plan,
        data={"kind": "业务培训", "title": "业务培训班", "starts_on": today, "ends_on": today, "hours": Decimal("6"), "place": "区总工会", "self_enrol": True},
    )
    services.enrol(by=world.county_a_admin, session=session, workers=[world.worker_a])
    session = services.signin_open(by=world.county_a_admin, session=session, minutes=30)

    # the worker, on a phone
    page = page_as(world.worker_a_user)
    page.set_viewport_size(PHONE)
    page.goto("/training/me/")
    assert _fits(page), "the training page is wider than the phone"
    page.fill("input[name=code]", rules.signin_code(session.signin_secret, timezone.now()))
    page.click("button:has-text('签到')")
    page.wait_for_load_state()
    assert "签到成功" in page.content()
    assert Enrolment.objects.get(session=session, worker=world.worker_a).hours_credited == Decimal("6.0")

    for url in (f"/workers/{world.worker_a.pk}/", f"/training/workers/{world.worker_a.pk}/", f"/activity/workers/{world.worker_a.pk}/"):
        page.goto(url)
        assert _fits(page), f"{url} is wider than the phone"
    page.goto("/activity/me/")
    assert _fits(page), "the work log page is wider than the phone"
    form = page.locator("#worklog-form")
    form.locator("select[name=category]").select_option("组建指导")
    form.locator("input[name=day]").fill(today.isoformat())
    form.locator("input[name=served]").fill("某科技公司工会")
    form.locator("input[name=beneficiaries]").fill("35")
    form.locator("textarea[name=description]").fill("指导企业召开会员大会，组建工会")
    form.locator("input[name=evidence]").set_input_files({"name": "photo.jpg", "mimeType": "image/jpeg", "buffer": jpeg(1280, 960)})
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "待岗位所在单位确认" in page.content()
    entry = WorkLogEntry.objects.get(worker=world.worker_a)
    assert entry.evidence.width == 1280

    form = page.locator("#hours-form")
    form.locator("input[name=day]").fill(today.isoformat())
    form.locator("input[name=hours]").fill("3")
    form.locator("input[name=note]").fill("社区普法宣传")
    form.locator("input[name=evidence]").set_input_files({"name": "v.jpg", "mimeType": "image/jpeg", "buffer": jpeg(640, 480)})
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert VolunteerHours.objects.get(worker=world.worker_a).status == Review.SUBMITTED

    # the host unit confirms (also on a phone): host_daily, as in Jiangsu (seed 001)
    page = page_as(world.township_admin)
    page.set_viewport_size(PHONE)
    page.goto("/activity/worklog/")
    page.check(f"input[name=entry][value='{entry.pk}']")
    page.click("button:has-text('确认所选')")
    page.wait_for_load_state()
    assert WorkLogEntry.objects.get(pk=entry.pk).status == Review.CONFIRMED

    # the county: training completion, and the workload table filled from the log
    from unionsw.assessment import services as assessment

    rnd = assessment.round_create(
        by=world.county_a_admin,
        org=world.county_a,
        year=today.year,
        data={"w_workload": "40", "w_host": "30", "w_county": "30", "pass_line": "70", "basic_line": "60"},
    )
    page = page_as(world.county_a_admin)
    page.goto(f"/training/plans/{plan.pk}/")
    assert "100.0%" in page.locator(".stat-row").inner_text()
    page.goto("/activity/worklog/")
    page.select_option("select[name=round]", str(rnd.pk))
    page.click("button:has-text('从工作日志填入')")
    page.wait_for_load_state()
    page.goto(f"/assessment/{rnd.pk}/sheet/workload/")
    sheet = page.content()
    assert "组建指导：1" in sheet and "受益 35 人次" in sheet
