from datetime import date

import pytest
from django.core.cache import cache
from django.utils import timezone

from conftest import make_id, worker_data
from unionsw.training import rules, services
from unionsw.training.models import Enrolment, TrainingPlan, TrainingSession
from unionsw.workers.services import worker_create

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login(client, world):
    for url in ("/training/", "/training/me/", "/training/compliance/"):
        r = client.get(url)
        assert r.status_code == 302 and "/accounts/login/" in r["Location"]


def test_read_only_and_other_county(world, login, make_session):
    s = make_session()
    ro = login(world.township_admin)
    assert ro.get(f"/training/sessions/{s.pk}/").status_code == 404  # township sees its own org's plans only
    assert ro.post(f"/training/sessions/{s.pk}/enrol/", {"worker": world.worker_a.pk}).status_code == 403
    other = login(world.county_b_admin)
    assert other.get(f"/training/plans/{s.plan_id}/").status_code == 404
    assert other.post(f"/training/sessions/{s.pk}/enrol/", {"worker": world.worker_b.pk}).status_code == 404


def test_county_creates_a_plan_and_a_session_and_enrols(world, login):
    c = login(world.county_a_admin)
    r = c.post("/training/", {"org": world.county_a.pk, "year": date.today().year, "title": "年度计划"})
    plan = TrainingPlan.objects.get(title="年度计划")
    assert r.status_code == 302 and r["Location"] == f"/training/plans/{plan.pk}/"
    today = date.today().isoformat()
    r = c.post(
        f"/training/plans/{plan.pk}/",
        {"kind": "岗前培训", "title": "岗前培训班", "starts_on": today, "ends_on": today, "hours": "16", "place": "区职工之家", "self_enrol": "on"},
    )
    session = TrainingSession.objects.get(title="岗前培训班")
    assert r.status_code == 302 and session.self_enrol and session.hours == 16
    page = c.get(f"/training/sessions/{session.pk}/").content.decode()
    assert "张三" in page and "李四" not in page
    assert c.post(f"/training/sessions/{session.pk}/enrol/", {"worker": [world.worker_a.pk]}).status_code == 302
    assert Enrolment.objects.filter(session=session, worker=world.worker_a).exists()
    r = c.post("/training/", {"org": world.county_a.pk, "year": date.today().year, "title": "再来一个"})
    assert r.status_code == 200 and "已有" in r.content.decode()


def test_the_worker_signs_in_on_the_phone_page_with_the_code(world, login, make_session):
    cache.clear()
    s = make_session(self_enrol=True)
    services.enrol(by=world.county_a_admin, session=s, workers=[world.worker_a])
    admin = login(world.county_a_admin)
    r = admin.post(f"/training/sessions/{s.pk}/signin/open/", {"minutes": "30"})
    assert r.status_code == 302 and r["Location"] == f"/training/sessions/{s.pk}/code/"
    s.refresh_from_db()
    page = admin.get(f"/training/sessions/{s.pk}/code/").content.decode()
    code = rules.signin_code(s.signin_secret, timezone.now())
    assert code in page
    w = login(world.worker_a_user)
    me = w.get("/training/me/").content.decode()
    assert "请输入现场屏幕上的 6 位签到码" in me
    r = w.post(f"/training/sessions/{s.pk}/signin/", {"code": rules.signin_code(s.signin_secret, timezone.now())})
    assert r.status_code == 302
    e = Enrolment.objects.get(session=s, worker=world.worker_a)
    assert e.attended_at is not None
    me = w.get("/training/me/").content.decode()
    assert "结业证书" in me and "8" in me
    pdf = w.get(f"/training/enrolments/{e.pk}/certificate.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert login(world.county_b_admin).get(f"/training/enrolments/{e.pk}/certificate.pdf").status_code == 404


def test_the_worker_page_shows_history_and_hours(world, login, make_session):
    s = make_session()
    services.enrol(by=world.county_a_admin, session=s, workers=[world.worker_a])
    services.attendance_mark(by=world.county_a_admin, session=s, attended_ids=list(s.enrolments.values_list("pk", flat=True)))
    page = login(world.county_a_admin).get(f"/training/workers/{world.worker_a.pk}/").content.decode()
    assert "业务培训班" in page and f"{date.today().year} 年" in page
    assert login(world.county_b_admin).get(f"/training/workers/{world.worker_a.pk}/").status_code == 404
    assert login(world.worker_a_user).get(f"/training/workers/{world.worker_a.pk}/").status_code == 200


def test_session_and_compliance_pages_do_a_constant_number_of_queries(world, login, make_session, django_assert_max_num_queries):
    s = make_session()
    c = login(world.county_a_admin)

    def add(n):
        ws = [worker_create(by=world.county_a_admin, data=worker_data(world.street_a, name=f"社工{i}", id_number=make_id())) for i in range(n)]
        services.enrol(by=world.county_a_admin, session=s, workers=ws)

    add(2)
    c.get(f"/training/sessions/{s.pk}/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for n in (0, 8):
        add(n) if n else None
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(f"/training/sessions/{s.pk}/").status_code == 200
            assert c.get("/training/compliance/?show=all").status_code == 200
            assert c.get(f"/training/plans/{s.plan_id}/").status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_exam_sittings_are_recorded_and_summarised(world, login):
    c = login(world.county_a_admin)
    url = f"/training/workers/{world.worker_a.pk}/exams/"
    assert c.post(url, {"year": "2025", "level": "assistant", "result": "passed"}).status_code == 302
    assert c.post(url, {"year": "2025", "level": "assistant", "result": "failed"}).status_code == 302  # corrected, not doubled
    assert c.post(url, {"year": "1999", "level": "assistant", "result": "passed"}).status_code == 302
    from unionsw.training.models import ExamSitting

    assert list(ExamSitting.objects.values_list("year", "result")) == [(2025, "failed")]
    page = c.get("/training/exams/").content.decode()
    assert "初级（助理社会工作师）" in page and "0.0%" in page
    worker_page = c.get(f"/training/workers/{world.worker_a.pk}/").content.decode()
    assert "初级（助理社会工作师）" in worker_page.split("</title>")[1]  # in the page body, not the title
    assert login(world.county_b_admin).post(url, {"year": "2025", "level": "senior", "result": "passed"}).status_code == 404
    assert login(world.township_admin).post(url, {"year": "2025", "level": "senior", "result": "passed"}).status_code == 403


def test_the_organiser_enrols_from_an_excel_list_all_or_nothing(world, login, make_session):

    from django.core.files.uploadedfile import SimpleUploadedFile

    from unionsw.core import excel as core_excel

    s = make_session()
    c = login(world.county_a_admin)
    assert c.get("/training/enrol-template/").status_code == 200

    def upload(rows):
        data = core_excel.xlsx_bytes([["身份证号*", "姓名"], *rows])
        return SimpleUploadedFile("名单.xlsx", data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

    bad = c.post(f"/training/sessions/{s.pk}/enrol/import/", {"file": upload([[world.worker_a.id_number, "张三"], [world.worker_b.id_number, "李四"]])}, follow=True)
    assert "导入失败" in bad.content.decode() and not Enrolment.objects.exists()
    ok = c.post(f"/training/sessions/{s.pk}/enrol/import/", {"file": upload([[world.worker_a.id_number, "张三"]])}, follow=True)
    assert "已按名单报名 1 人" in ok.content.decode()
    assert Enrolment.objects.filter(session=s, worker=world.worker_a).exists()
    junk = c.post(f"/training/sessions/{s.pk}/enrol/import/", {"file": SimpleUploadedFile("x.xlsx", b"not a zip")}, follow=True)
    assert junk.status_code == 200 and "导入失败" in junk.content.decode()


def test_joining_twice_is_a_409_with_a_chinese_message(world, login, make_session):
    s = make_session(self_enrol=True)
    c = login(world.worker_a_user)
    assert c.post(f"/training/sessions/{s.pk}/join/").status_code == 302
    r = c.post(f"/training/sessions/{s.pk}/join/")
    assert r.status_code == 409 and "您已报名本班次" in r.content.decode()
