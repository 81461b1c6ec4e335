"""待办: rows from every app, links that open for the user, dismiss/snooze, 报送备案 and 批量备案."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from unionsw.core.models import AuditEvent
from unionsw.stats import todo
from unionsw.stats.models import FilingSubmission, SubmissionStatus
from unionsw.workers.models import FilingStatus, Worker

pytestmark = pytest.mark.django_db


def test_anonymous_and_workers_cannot_open_it(world, login, client):
    assert client.get("/todo/").status_code == 302
    assert login(world.worker_a_user).get("/todo/").status_code == 403


def test_a_county_sees_its_workers_to_submit_and_the_province_the_submission(world, login):
    c = login(world.county_a_admin)
    r = c.get("/todo/")
    keys = {i.key for i in r.context["items"]}
    assert "filing.submit" in keys
    assert c.get("/todo/badge/").content.decode().count("todo-badge") == 1
    r = c.post("/filing/submit/", {"workers": [world.worker_a.pk], "note": "2026年第一批"})
    assert r.status_code == 302
    s = FilingSubmission.objects.get()
    assert list(s.workers.all()) == [world.worker_a] and s.org == world.county_a
    assert "filing.submit" not in {i.key for i in todo.collect(world.county_a_admin, timezone.localdate())}
    # the other county's worker is not in this county's list and cannot be submitted by it
    r = c.post("/filing/submit/", {"workers": [world.worker_b.pk]})
    assert FilingSubmission.objects.count() == 1
    p = login(world.province_admin)
    items = todo.collect(world.province_admin, timezone.localdate())
    assert f"filing.file:{s.pk}" in {i.key for i in items}
    r = p.post("/filing/", {"submissions": [s.pk], "number": "鲁工社备〔2026〕1号", "note": "同意", "filed_on": "2026-11-30"})
    assert r.status_code == 302
    w = Worker.objects.get(pk=world.worker_a.pk)
    assert w.filing_status == FilingStatus.FILED and w.filed_at == date(2026, 11, 30)
    s.refresh_from_db()
    assert s.status == SubmissionStatus.FILED and s.filing_number == "鲁工社备〔2026〕1号"
    assert AuditEvent.objects.filter(action="filing.file").exists()
    assert AuditEvent.objects.filter(action="worker.file").exists()
    # filing it twice is a lost race: nothing left to file
    again = p.post("/filing/", {"submissions": [s.pk], "number": "x"})
    assert again.status_code == 200 and "请选择要备案的报送" in again.content.decode()


def test_the_province_needs_a_filing_number(world, login):
    s = FilingSubmission.objects.create(org=world.county_a)
    s.workers.set([world.worker_a])
    r = login(world.province_admin).post("/filing/", {"submissions": [s.pk], "number": ""})
    assert "请填写备案号" in r.content.decode()
    assert Worker.objects.get(pk=world.worker_a.pk).filing_status == FilingStatus.UNFILED


def test_a_returned_submission_needs_a_reason_and_other_counties_get_404(world, login):
    s = FilingSubmission.objects.create(org=world.county_a)
    s.workers.set([world.worker_a])
    assert login(world.county_b_admin).post(f"/filing/{s.pk}/return/", {"reason": "x"}).status_code == 403
    c = login(world.province_admin)
    c.post(f"/filing/{s.pk}/return/", {"reason": ""})
    s.refresh_from_db()
    assert s.status == SubmissionStatus.SUBMITTED
    c.post(f"/filing/{s.pk}/return/", {"reason": "材料不全"})
    s.refresh_from_db()
    assert s.status == SubmissionStatus.RETURNED and s.filing_note == "材料不全"
    assert c.post(f"/filing/{s.pk}/return/", {"reason": "again"}).status_code == 409


def test_dismiss_and_snooze_need_a_reason_and_are_audited(world, login):
    c = login(world.county_a_admin)
    c.post("/todo/dismiss/", {"key": "filing.submit", "reason": ""})
    assert "filing.submit" in {i.key for i in c.get("/todo/").context["items"]}
    c.post(
        "/todo/dismiss/",
        {"key": "filing.submit", "reason": "下周统一报送", "until": (date.today() + timedelta(days=7)).isoformat()},
    )
    assert "filing.submit" not in {i.key for i in c.get("/todo/").context["items"]}
    assert AuditEvent.objects.filter(action="todo.snooze").exists()
    in_8_days = timezone.localdate() + timedelta(days=8)
    assert "filing.submit" in {i.key for i in todo.collect(world.county_a_admin, in_8_days)}
    c.post("/todo/restore/", {"key": "filing.submit"})
    assert "filing.submit" in {i.key for i in c.get("/todo/").context["items"]}
    c.post("/todo/dismiss/", {"key": "filing.submit", "reason": "已线下报送"})
    assert AuditEvent.objects.filter(action="todo.dismiss").exists()
    assert "filing.submit" not in {i.key for i in todo.collect(world.county_a_admin, in_8_days)}
    assert c.post("/todo/dismiss/", {"key": "k", "reason": "r", "until": "2026-02-30"}).status_code in (302, 400)


DEMO_ROLES = ["province", "city", "county", "county2", "township", "national"]


def test_every_row_of_every_demo_role_links_to_a_page_that_opens(login, client, db):
    from unionsw.demo.province import load_demo

    ctx = load_demo(workers=12)
    total = 0
    for name in DEMO_ROLES:
        user = ctx.users.get(name)
        if user is None:
            continue
        from unionsw.accounts.models import User

        user = User.objects.get(pk=user.pk)
        c = login(user)
        if not user.can("todo.view"):
            continue
        items = todo.collect(user, timezone.localdate())
        seen = set()
        for item in items:
            if item.url in seen:
                continue
            seen.add(item.url)
            r = c.get(item.url)
            assert r.status_code == 200, (name, item.key, item.url, r.status_code)
        total += len(items)
        client.logout()
    assert total > 0
