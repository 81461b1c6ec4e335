"""issue 9: certificates — rules, services with the database checked, pages, API and alerts."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from unionsw.accounts.api import issue_token
from unionsw.core.models import AuditEvent
from unionsw.workers import rules, services
from unionsw.workers.alerts import alerts_for
from unionsw.workers.models import Certificate, Document

TODAY = date(2026, 12, 2)


# ---- rules --------------------------------------------------------------------------------------


def test_expiry_state_at_the_boundaries_of_60_days():
    assert rules.certificate_expiry_state(None, TODAY) is None
    assert rules.certificate_expiry_state(TODAY + timedelta(days=61), TODAY) is None
    assert rules.certificate_expiry_state(TODAY + timedelta(days=60), TODAY) == "expiring"
    assert rules.certificate_expiry_state(TODAY, TODAY) == "expiring"
    assert rules.certificate_expiry_state(TODAY - timedelta(days=1), TODAY) == "expired"


def test_registration_is_missing_only_where_the_profile_requires_it_for_national_levels():
    assert rules.registration_missing(is_national_level=True, registered_on=None, required=True)
    assert not rules.registration_missing(is_national_level=True, registered_on=TODAY, required=True)
    assert not rules.registration_missing(is_national_level=False, registered_on=None, required=True)
    assert not rules.registration_missing(is_national_level=True, registered_on=None, required=None)


# ---- services -----------------------------------------------------------------------------------


def _add(world, **kw):
    data = {"level": "assistant", "issued_on": date(2021, 6, 1), "number": "A2021001"} | kw
    return services.certificate_add(by=world.county_a_admin, worker=world.worker_a, **data)


@pytest.mark.django_db
def test_add_edit_and_end_a_certificate_are_stored_and_audited(world):
    cert = _add(world, expires_on=date(2027, 1, 1))
    assert Certificate.objects.get(pk=cert.pk).number == "A2021001"
    services.certificate_update(by=world.county_a_admin, certificate=cert, data={"expires_on": date(2031, 6, 1)})
    cert.refresh_from_db()
    assert cert.expires_on == date(2031, 6, 1)
    assert cert.history.count() == 2  # the old expiry stays in the history
    services.certificate_end(by=world.county_a_admin, certificate=cert, ended_on=date(2026, 11, 1), reason="晋升为社会工作师")
    cert.refresh_from_db()
    assert cert.ended_on == date(2026, 11, 1) and cert.end_reason == "晋升为社会工作师"
    actions = list(AuditEvent.objects.filter(action__startswith="certificate.").values_list("action", flat=True))
    assert sorted(actions) == ["certificate.create", "certificate.end", "certificate.update"]
    with pytest.raises(ValidationError):
        services.certificate_update(by=world.county_a_admin, certificate=cert, data={"number": "X"})


@pytest.mark.django_db
def test_it_refuses_bad_certificate_fields_in_chinese(world):
    with pytest.raises(ValidationError) as exc:
        _add(world, level="other", name="", expires_on=date(2020, 1, 1), registered_on=date(2020, 1, 1))
    errors = exc.value.message_dict
    assert errors["name"] == ["其他证书请填写证书名称"]
    assert errors["expires_on"] == ["有效期至应晚于取得日期"]
    assert errors["registered_on"] == ["登记日期不能早于取得日期"]
    with pytest.raises(ValidationError) as exc:
        _add(world, issued_on=timezone.localdate() + timedelta(days=1))
    assert exc.value.message_dict["issued_on"] == ["取得日期不能晚于今天"]


@pytest.mark.django_db
def test_the_same_number_twice_is_refused(world):
    _add(world)
    with pytest.raises(ValidationError) as exc:
        _add(world)
    assert exc.value.message_dict["number"] == ["该社工已有此编号的同类证书"]


@pytest.mark.django_db
def test_other_county_and_read_only_users_cannot_write(world):
    from unionsw.core.errors import NotAllowed, OutOfScope

    with pytest.raises(OutOfScope):
        services.certificate_add(by=world.county_b_admin, worker=world.worker_a, level="assistant", issued_on=date(2021, 1, 1))
    with pytest.raises(NotAllowed):
        services.certificate_add(by=world.township_admin, worker=world.worker_a, level="assistant", issued_on=date(2021, 1, 1))


@pytest.mark.django_db
def test_the_scan_goes_into_the_personnel_file(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    scan = SimpleUploadedFile("c.pdf", b"%PDF-1.4 scan", content_type="application/pdf")
    cert = _add(world, scan=scan)
    doc = Document.objects.get(pk=cert.scan_id)
    assert doc.worker == world.worker_a and doc.kind == "certificate"
    with pytest.raises(ValidationError):
        _add(world, number="B", scan=SimpleUploadedFile("c.exe", b"MZ\x90\x00", content_type="application/pdf"))
    assert Certificate.objects.filter(number="B").count() == 0  # one transaction: no certificate without its scan


# ---- alerts -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_alerts_for_expiring_and_expired_certificates(world):
    today = timezone.localdate()
    _add(world, number="1", issued_on=date(2020, 1, 1), expires_on=today + timedelta(days=60))
    _add(world, number="2", issued_on=date(2020, 1, 1), expires_on=today + timedelta(days=61))
    _add(world, number="3", issued_on=date(2020, 1, 1), expires_on=today - timedelta(days=1))
    kinds = sorted(a.kind for a in alerts_for(world.county_a_admin, today))
    assert kinds == ["certificate.expired", "certificate.expiring"]
    assert alerts_for(world.county_b_admin, today) == []
    assert any(a.title == "证书60天内到期" for a in alerts_for(world.county_a_admin, today))


@pytest.mark.django_db
def test_unregistered_alert_follows_the_profile(world):
    from unionsw.orgs.models import PolicyProfile

    _add(world)
    today = timezone.localdate()
    assert [a for a in alerts_for(world.county_a_admin, today) if a.kind == "certificate.unregistered"] == []  # Shandong: 未规定
    world.province.policy_profile = PolicyProfile.objects.get(code="jiangsu")
    world.province.save()
    assert [a.kind for a in alerts_for(world.county_a_admin, today)] == ["certificate.unregistered"]


@pytest.mark.django_db
def test_alert_queries_do_not_grow_with_certificates(world, django_assert_max_num_queries):
    from unionsw.orgs.models import PolicyProfile

    world.province.policy_profile = PolicyProfile.objects.get(code="jiangsu")
    world.province.save()
    today = timezone.localdate()
    for i in range(3):
        _add(world, number=f"n{i}", expires_on=today + timedelta(days=10))
    alerts_for(world.province_admin, today)  # warm the role cache
    with django_assert_max_num_queries(12) as few:
        alerts_for(world.province_admin, today)
    for i in range(20):
        services.certificate_add(
            by=world.county_b_admin, worker=world.worker_b, level="senior", issued_on=date(2021, 1, 1), number=f"m{i}",
            expires_on=today + timedelta(days=10),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(alerts_for(world.province_admin, today)) == 46


# ---- pages --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_certificate_pages_matrix(world, login, client):
    pk = world.worker_a.pk
    assert client.get(f"/workers/{pk}/certificates/new/").status_code == 302
    assert login(world.county_b_admin).get(f"/workers/{pk}/certificates/new/").status_code == 404
    assert login(world.township_admin).get(f"/workers/{pk}/certificates/new/").status_code == 403
    c = login(world.county_a_admin)
    r = c.post(
        f"/workers/{pk}/certificates/new/",
        {"level": "social_worker", "number": "S1", "issued_on": "2022-06-01", "expires_on": "", "registered_on": ""},
    )
    assert r.status_code == 302
    cert = Certificate.objects.get(number="S1")
    page = c.get(f"/workers/{pk}/").content.decode()
    assert "社会工作师" in page and f"/workers/certificates/{cert.pk}/edit/" in page
    r = c.post(f"/workers/certificates/{cert.pk}/edit/", {"level": "social_worker", "number": "S1", "issued_on": "2022-06-01", "expires_on": "2020-01-01"})
    assert r.status_code == 200 and "有效期至应晚于取得日期" in r.content.decode()
    assert c.post(f"/workers/certificates/{cert.pk}/end/", {"ended_on": "2026-01-01", "reason": "注销"}).status_code == 302
    cert.refresh_from_db()
    assert cert.ended_on == date(2026, 1, 1)
    assert login(world.county_b_admin).post(f"/workers/certificates/{cert.pk}/end/", {"ended_on": "2026-01-01", "reason": "x"}).status_code == 404


# ---- API ----------------------------------------------------------------------------------------


def _api(client, user, method, url, body=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user)}"}
    if method == "get":
        return client.get(url, **headers)
    return getattr(client, method)(url, json.dumps(body), content_type="application/json", **headers)


@pytest.mark.django_db
def test_certificate_api_add_edit_end(world, client):
    url = f"/api/v1/workers/{world.worker_a.pk}/certificates"
    r = _api(client, world.county_a_admin, "post", url, {"level": "assistant", "number": "A9", "issued_on": "2021-06-01"})
    assert r.status_code == 201, r.content
    cid = r.json()["id"]
    assert r.json()["worker"] == world.worker_a.pk
    r = _api(client, world.county_a_admin, "patch", f"/api/v1/workers/certificates/{cid}", {"expires_on": "2031-06-01"})
    assert r.status_code == 200 and r.json()["expires_on"] == "2031-06-01"
    r = _api(client, world.county_a_admin, "post", f"/api/v1/workers/certificates/{cid}/end", {"ended_on": "2026-01-01", "reason": "注销"})
    assert r.status_code == 200 and r.json()["ended_on"] == "2026-01-01"
    assert _api(client, world.township_admin, "post", url, {"level": "assistant", "issued_on": "2021-06-01"}).status_code == 403
    assert _api(client, world.county_b_admin, "get", url).status_code == 404
    r = _api(client, world.county_a_admin, "post", url, {"level": "other", "issued_on": "2021-06-01"})
    assert r.status_code == 400
    assert [e["field"] for e in r.json()["errors"]] == ["name"]
    assert len(_api(client, world.township_admin, "get", url).json()) == 1


# ---- import template (issue 9) ------------------------------------------------------------------


def _sheet(rows):
    import io

    from conftest import make_id
    from unionsw.core import excel as core_excel

    headers = [c.header + ("*" if c.required else "") for c in __import__("unionsw.workers.excel", fromlist=["columns"]).columns()]
    base = {
        "姓名*": "王五", "身份证号*": None, "手机号": "", "民族": "汉族", "政治面貌*": "群众", "学历*": "本科", "专业": "",
        "用工方式*": "公开招聘", "岗位所在单位*": "解放路街道工会", "岗位": "", "岗位等级": "见习干事", "现等级起始日期": None,
        "状态": None, "入职日期*": "2023-03-01", "离职日期": None,
    }
    data = []
    for r in rows:
        values = base | {"身份证号*": make_id("370102")} | r
        data.append([values.get(h) for h in headers])
    f = io.BytesIO(core_excel.xlsx_bytes([headers] + data))
    f.name = "社工.xlsx"
    return f


@pytest.mark.django_db
def test_the_import_template_carries_a_certificate_per_row(world):
    from unionsw.workers import excel

    f = _sheet([
        {"姓名*": "甲", "证书类别": "社会工作师", "证书编号": "S2023", "证书取得日期": "2023-06-01"},
        {"姓名*": "乙"},
    ])
    result = excel.import_workers(by=world.county_a_admin, fileobj=f)
    assert result.errors == [] and result.created == 2
    cert = Certificate.objects.get(worker__name="甲")
    assert (cert.level, cert.number, cert.issued_on) == ("social_worker", "S2023", date(2023, 6, 1))
    assert not Certificate.objects.filter(worker__name="乙").exists()


@pytest.mark.django_db
def test_a_certificate_without_its_date_fails_the_whole_file(world):
    from unionsw.workers import excel
    from unionsw.workers.models import Worker

    f = _sheet([{"姓名*": "丙", "证书类别": "其他证书"}])
    result = excel.import_workers(by=world.county_a_admin, fileobj=f)
    assert {(e.column, e.message) for e in result.errors} == {
        ("证书名称", "其他证书请填写证书名称"),
        ("证书取得日期", "填写证书信息时请填写取得日期"),
    }
    assert not Worker.objects.filter(name="丙").exists()
