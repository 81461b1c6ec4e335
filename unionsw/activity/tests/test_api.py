import json
from datetime import date

import pytest

from unionsw.accounts.api import issue_token
from unionsw.activity import services

pytestmark = pytest.mark.django_db
TODAY = date.today()


def call(client, user, method, url, body=None):
    h = {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user)}"}
    if method == "get":
        return client.get(url, **h)
    return client.post(url, json.dumps(body or {}), content_type="application/json", **h)


def test_worklog_volunteer_and_honours_over_the_api(world, host_daily, client):
    r = call(client, world.worker_a_user, "post", "/api/v1/activity/worklog", {"category": "法律援助", "day": TODAY.isoformat(), "description": "法律咨询", "beneficiaries": 4})
    assert r.status_code == 201, r.content
    eid = r.json()["id"]
    assert call(client, world.county_b_admin, "post", "/api/v1/activity/worklog/review", {"entries": [eid]}).status_code == 400
    r = call(client, world.township_admin, "post", "/api/v1/activity/worklog/review", {"entries": [eid]})
    assert r.json() == {"count": 1}
    assert call(client, world.township_admin, "post", "/api/v1/activity/worklog/review", {"entries": [eid]}).status_code == 409
    act = services.activity_create(by=world.county_a_admin, org=world.county_a, data={"theme": "植树", "day": TODAY, "place": "山"})
    r = call(client, world.county_a_admin, "post", f"/api/v1/activity/volunteer/{act.pk}/participants", {"hours": {str(world.worker_a.pk): "2.5"}})
    assert r.json() == {"count": 1}
    r = call(client, world.city_admin, "get", f"/api/v1/activity/volunteer/totals?start={TODAY.year}-01-01&end={TODAY.isoformat()}")
    assert r.status_code == 200 and r.json()["total"] == "2.5"
    assert call(client, world.city_admin, "get", "/api/v1/activity/volunteer/totals?start=bad&end=2026-01-01").status_code == 400
    r = call(client, world.county_a_admin, "post", f"/api/v1/activity/workers/{world.worker_a.pk}/honours", {"level": "city", "title": "优秀工会工作者", "body": "济南市总工会", "awarded_on": TODAY.isoformat()})
    assert r.status_code == 201
    assert call(client, world.county_b_admin, "post", f"/api/v1/activity/workers/{world.worker_a.pk}/honours", {"level": "city", "title": "x", "body": "y", "awarded_on": TODAY.isoformat()}).status_code == 404
    sel = services.selection_create(by=world.city_admin, org=world.city_a, year=TODAY.year, title="优秀社工")
    r = call(client, world.county_a_admin, "post", f"/api/v1/activity/selections/{sel.pk}/nominations", {"worker": world.worker_a.pk, "reason": "扎根基层，成效突出明显"})
    assert r.status_code == 201
    assert call(client, world.county_a_admin, "post", f"/api/v1/activity/selections/{sel.pk}/nominations", {"worker": world.worker_a.pk, "reason": "扎根基层，成效突出明显"}).status_code == 409


def test_selection_and_part_time_over_the_api(world, client):
    from datetime import timedelta

    from unionsw.activity.models import Honour

    sel = services.selection_create(by=world.city_admin, org=world.city_a, year=TODAY.year, title="优秀社工")
    nom = services.nominate(by=world.county_a_admin, selection=sel, worker=world.worker_a, reason="扎根基层，成效突出明显")
    assert call(client, world.city_admin, "post", f"/api/v1/activity/selections/{sel.pk}/advance", {}).json()["status"] == "reviewing"
    r = call(client, world.city_admin, "post", f"/api/v1/activity/nominations/{nom.pk}/review", {"approve": True})
    assert r.status_code == 200 and r.json()["status"] == "approved"
    body = {"notice_from": TODAY.isoformat(), "notice_until": (TODAY + timedelta(days=3)).isoformat()}
    assert call(client, world.city_admin, "post", f"/api/v1/activity/selections/{sel.pk}/advance", body).json()["status"] == "notice"
    r = call(client, world.county_a_admin, "post", f"/api/v1/activity/nominations/{nom.pk}/objections", {"text": "所报业绩与事实不符"})
    assert r.status_code == 201
    oid = r.json()["id"]
    r = call(client, world.city_admin, "post", f"/api/v1/activity/objections/{oid}/resolve", {"upheld": False, "resolution": "经核实不成立"})
    assert r.status_code == 200 and r.json()["upheld"] is False
    assert call(client, world.city_admin, "post", f"/api/v1/activity/objections/{oid}/resolve", {"upheld": True, "resolution": "再次"}).status_code == 409
    r = call(client, world.city_admin, "post", f"/api/v1/activity/selections/{sel.pk}/advance", {})
    assert r.status_code == 400  # the notice still runs
    assert not Honour.objects.exists()
    r = call(client, world.county_a_admin, "post", f"/api/v1/activity/workers/{world.worker_a.pk}/parttime", {"title": "讲师", "organisation": "职工学校", "starts_on": TODAY.isoformat()})
    assert r.status_code == 201 and r.json()["consent"] is False
    assert call(client, world.county_b_admin, "post", f"/api/v1/activity/workers/{world.worker_a.pk}/parttime", {"title": "讲师", "organisation": "职工学校", "starts_on": TODAY.isoformat()}).status_code == 404


def test_evidence_goes_up_and_comes_down_through_the_api(world, client, settings, tmp_path):
    """Issue 9: a worker logs work and volunteer hours with a photo from a phone app (multipart); the check
    is the pages' (a hostile file is a 400 and stores nothing); the host unit downloads it, another county not."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from unionsw.activity.models import Evidence, VolunteerHours, WorkLogEntry
    from unionsw.core.tests.files import jpeg, pdf

    settings.MEDIA_ROOT = tmp_path
    h = {"HTTP_AUTHORIZATION": f"Bearer {issue_token(world.worker_a_user)}"}
    form = {"category": "维权服务", "day": TODAY.isoformat(), "place": "解放路", "beneficiaries": "12", "description": "帮助讨薪"}
    photo = SimpleUploadedFile("p.jpg", jpeg(1280, 960), content_type="image/jpeg")
    r = client.post("/api/v1/activity/worklog/upload", form | {"evidence": photo}, **h)
    assert r.status_code == 201, r.content
    entry = WorkLogEntry.objects.get(pk=r.json()["id"])
    assert r.json()["evidence"] == entry.evidence_id and entry.beneficiaries == 12
    hostile = SimpleUploadedFile("x.pdf", pdf(b"<< /S /JavaScript /JS (1) >>", catalog_extra=b"/OpenAction 4 0 R"))
    r = client.post("/api/v1/activity/worklog/upload", form | {"evidence": hostile}, **h)
    assert r.status_code == 400 and "不予接收" in r.content.decode()
    r = client.post("/api/v1/activity/worklog/upload", form | {"day": "2026-02-30"}, **h)
    assert r.status_code == 400 and "日期" in r.content.decode()
    r = client.post("/api/v1/activity/worklog/upload", form | {"beneficiaries": "-3"}, **h)
    assert r.status_code == 400
    assert WorkLogEntry.objects.count() == 1 and Evidence.objects.count() == 1

    r = client.post("/api/v1/activity/volunteer/hours", {"day": TODAY.isoformat(), "hours": "2.5", "note": "社区普法"}, **h)
    assert r.status_code == 400 and "请上传" in r.content.decode()
    proof = SimpleUploadedFile("v.jpg", jpeg(800, 600), content_type="image/jpeg")
    r = client.post("/api/v1/activity/volunteer/hours", {"day": TODAY.isoformat(), "hours": "2.5", "note": "社区普法", "evidence": proof}, **h)
    assert r.status_code == 201 and r.json()["status"] == "submitted"
    assert VolunteerHours.objects.get().logged_by_worker

    url = f"/api/v1/activity/evidence/{entry.evidence_id}"
    got = client.get(url, HTTP_AUTHORIZATION=f"Bearer {issue_token(world.township_admin)}")
    assert got.status_code == 200 and b"".join(got.streaming_content).startswith(b"\xff\xd8") and "sandbox" in got["Content-Security-Policy"]
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {issue_token(world.county_b_admin)}").status_code == 404
    assert client.post("/api/v1/activity/worklog/upload", form, HTTP_AUTHORIZATION=f"Bearer {issue_token(world.county_a_admin)}").status_code == 403
