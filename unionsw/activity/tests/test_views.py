from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from unionsw.activity import services
from unionsw.activity.models import Review, VolunteerHours, WorkLogEntry
from unionsw.activity.tests.test_rules import jpeg

pytestmark = pytest.mark.django_db
TODAY = date.today()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_anonymous_is_sent_to_login(client, world):
    for url in ("/activity/me/", "/activity/worklog/", "/activity/volunteer/", "/activity/honours/"):
        r = client.get(url)
        assert r.status_code == 302 and "/accounts/login/" in r["Location"]


def test_the_worker_logs_work_and_hours_from_the_phone_page(world, login):
    c = login(world.worker_a_user)
    assert "记工作日志" in c.get("/activity/me/").content.decode()
    r = c.post(
        "/activity/me/worklog/",
        {"category": "维权服务", "day": TODAY.isoformat(), "beneficiaries": "12", "description": "为职工讨薪", "evidence": SimpleUploadedFile("p.jpg", jpeg(800, 600), content_type="image/jpeg")},
    )
    assert r.status_code == 302
    assert WorkLogEntry.objects.get().evidence.width == 800
    r = c.post("/activity/me/volunteer/", {"day": TODAY.isoformat(), "hours": "2", "note": "普法", "evidence": SimpleUploadedFile("p.jpg", jpeg(10, 10), content_type="image/jpeg")})
    assert r.status_code == 302 and VolunteerHours.objects.get().logged_by_worker
    r = c.post("/activity/me/worklog/", {"category": "维权服务", "day": TODAY.isoformat(), "description": ""})
    assert r.status_code == 200 and "请填写" in r.content.decode() or "必填" in r.content.decode()


def test_the_township_confirms_and_other_roles_cannot(world, host_daily, login):
    e = services.worklog_add(by=world.worker_a_user, data={"category": "组建指导", "day": TODAY, "description": "指导", "beneficiaries": 3})
    assert login(world.city_admin).post("/activity/worklog/review/", {"entry": e.pk}).status_code == 403
    assert login(world.county_b_admin).post("/activity/worklog/review/", {"entry": e.pk}).status_code == 302  # not in scope: nothing selected
    assert WorkLogEntry.objects.get(pk=e.pk).status == Review.SUBMITTED
    t = login(world.township_admin)
    assert "指导" in t.get("/activity/worklog/").content.decode()
    assert t.post("/activity/worklog/review/", {"entry": e.pk, "action": "confirm"}).status_code == 302
    assert WorkLogEntry.objects.get(pk=e.pk).status == Review.CONFIRMED
    page = login(world.county_a_admin).get(f"/activity/workers/{world.worker_a.pk}/").content.decode()
    assert "组建指导" in page
    assert login(world.county_b_admin).get(f"/activity/workers/{world.worker_a.pk}/").status_code == 404


def test_the_worklog_page_takes_constant_queries(world, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = login(world.county_a_admin)
    counts = []
    for n in (2, 12):
        while WorkLogEntry.objects.count() < n:
            services.worklog_add(by=world.worker_a_user, data={"category": "组建指导", "day": TODAY, "description": "指导", "beneficiaries": 3})
        c.get("/activity/worklog/")
        with CaptureQueriesContext(connection) as ctx:
            assert c.get("/activity/worklog/").status_code == 200
            assert c.get("/activity/volunteer/").status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_honour_page_and_selection_page(world, login):
    c = login(world.county_a_admin)
    r = c.post(f"/activity/workers/{world.worker_a.pk}/honours/new/", {"level": "county", "title": "优秀工会积极分子", "body": "历下区总工会", "awarded_on": TODAY.isoformat()})
    assert r.status_code == 302
    assert "优秀工会积极分子" in c.get("/activity/honours/").content.decode()
    assert login(world.township_admin).get(f"/activity/workers/{world.worker_a.pk}/honours/new/").status_code == 403
    city = login(world.city_admin)
    r = city.post("/activity/honours/", {"org": world.city_a.pk, "year": TODAY.year, "title": "优秀社工"})
    assert r.status_code == 302
    sel_url = r["Location"]
    assert "未规定" in city.get(sel_url).content.decode()
    c = login(world.county_a_admin)
    r = c.post(sel_url, {"worker": world.worker_a.pk, "reason": "组建工会成效突出，职工满意"})
    assert r.status_code == 302 and "张三" in c.get(sel_url).content.decode()
    assert login(world.county_b_admin).get(sel_url).status_code == 404


def test_part_time_page(world, login):
    c = login(world.county_a_admin)
    r = c.post(f"/activity/workers/{world.worker_a.pk}/parttime/", {"title": "会计", "organisation": "某公司", "starts_on": TODAY.isoformat()})
    assert r.status_code == 302
    page = c.get(f"/activity/workers/{world.worker_a.pk}/").content.decode()
    body = page.split("</title>")[1]
    assert "某公司" in body and "未记录同意" in body and "<title>" not in body
    assert login(world.township_admin).post(f"/activity/workers/{world.worker_a.pk}/parttime/", {}).status_code == 403


def test_confirming_an_entry_someone_else_just_confirmed_is_a_409(world, host_daily, login):
    e = services.worklog_add(by=world.worker_a_user, data={"category": "组建指导", "day": TODAY, "description": "指导", "beneficiaries": 3})
    services.worklog_review(by=world.county_a_admin, entries=[e], confirm=True)
    r = login(world.township_admin).post("/activity/worklog/review/", {"entry": e.pk, "action": "confirm"})
    assert r.status_code == 409 and "已被他人处理" in r.content.decode()


def test_the_summaries_export_to_excel_within_scope_and_audited(world, login):
    """Issue 9: the work-log summary (by category, month, worker) and the volunteer totals (by org, worker)
    download as .xlsx; another county's rows are not in them; a formula-like text is exported as text."""
    import io
    from datetime import date
    from decimal import Decimal

    from openpyxl import load_workbook

    from unionsw.activity.models import Review, VolunteerHours, WorkLogEntry
    from unionsw.core.models import AuditEvent

    today = date.today()
    for worker, cat in ((world.worker_a, "维权服务"), (world.worker_b, "=1+1")):
        WorkLogEntry.objects.create(
            worker=worker, org=worker.org, day=today, category=cat, description="x", beneficiaries=5, status=Review.CONFIRMED
        )
        VolunteerHours.objects.create(worker=worker, org=worker.org, day=today, hours=Decimal("3"), status=Review.CONFIRMED)
    c = login(world.county_a_admin)
    assert "导出Excel" in c.get("/activity/worklog/").content.decode()
    r = c.get(f"/activity/worklog/export/?year={today.year}")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames == ["按类别", "按月份", "按社工"]
    cells = [c for row in wb["按类别"].iter_rows(values_only=True) for c in row]
    assert "维权服务" in cells and "=1+1" not in cells and "'=1+1" not in cells  # county B's entry is not in scope
    assert [r[0] for r in wb["按社工"].iter_rows(min_row=2, values_only=True)] == [world.worker_a.name]
    r = c.get(f"/activity/volunteer/export/?start={today.year}-01-01&end={today:%Y-%m-%d}")
    wb = load_workbook(io.BytesIO(r.content))
    assert [row[1] for row in wb["按单位"].iter_rows(min_row=2, values_only=True)][-1] == "合计"
    assert wb["按单位"].cell(wb["按单位"].max_row, 3).value == 3.0
    assert c.get("/activity/volunteer/export/?start=2026-02-30").status_code == 400
    assert AuditEvent.objects.filter(action__in=["worklog.export", "volunteer.export"]).count() == 2
    province = login(world.province_admin).get(f"/activity/worklog/export/?year={today.year}")
    cells = [c for row in load_workbook(io.BytesIO(province.content))["按类别"].iter_rows(values_only=True) for c in row]
    assert "'=1+1" in cells  # the province sees both; the formula-like category stays text
    assert login(world.worker_a_user).get("/activity/worklog/export/").status_code == 403
