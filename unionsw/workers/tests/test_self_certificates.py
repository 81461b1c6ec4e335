"""issue 9: a worker enters their own certificate (待审核); the county confirms or returns it; only confirmed ones count."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from unionsw.accounts.api import issue_token
from unionsw.core.errors import NotAllowed, StaleVersion
from unionsw.core.menu import menu_for
from unionsw.core.models import AuditEvent
from unionsw.core.tests.files import jpeg, png
from unionsw.workers import selectors, services
from unionsw.workers.models import Certificate, Document, Worker

pytestmark = pytest.mark.django_db


def _submit(world, **kw):
    data = {"level": "social_worker", "issued_on": date(2022, 6, 1), "number": "S22", "issuer": "人力资源社会保障部"} | kw
    return services.certificate_submit(by=world.worker_a_user, **data)


def _holding_social_worker(world):
    qs = Worker.objects.filter(pk=world.worker_a.pk)
    return selectors.worker_filter(qs, {"cert": "social_worker"}, on=date(2026, 12, 1)).exists()


def test_a_submitted_certificate_is_pending_and_counts_only_once_confirmed(world):
    from unionsw.careers.services import eligibility_for

    cert = _submit(world)
    assert Certificate.objects.get(pk=cert.pk).status == "pending" and cert.worker_id == world.worker_a.pk
    assert not _holding_social_worker(world)
    before = eligibility_for(world.worker_a)
    services.certificate_review(by=world.county_a_admin, certificate=cert, decision="confirm")
    assert Certificate.objects.get(pk=cert.pk).status == "confirmed"
    assert _holding_social_worker(world)
    after = eligibility_for(world.worker_a)
    assert before is not None and after is not None
    actions = list(AuditEvent.objects.filter(action__in=["certificate.submit", "certificate.confirm"]).values_list("action", flat=True))
    assert sorted(actions) == ["certificate.confirm", "certificate.submit"]


def test_return_needs_a_reason_and_a_second_review_is_a_conflict(world):
    cert = _submit(world)
    with pytest.raises(ValidationError) as exc:
        services.certificate_review(by=world.county_a_admin, certificate=cert, decision="return", reason=" ")
    assert "退回时请填写原因" in str(exc.value)
    services.certificate_review(by=world.county_a_admin, certificate=cert, decision="return", reason="编号与扫描件不符")
    cert.refresh_from_db()
    assert cert.status == "returned" and cert.review_reason == "编号与扫描件不符"
    assert not _holding_social_worker(world)
    with pytest.raises(StaleVersion):
        services.certificate_review(by=world.county_a_admin, certificate=cert, decision="confirm")
    # a returned certificate does not block entering it again with the same number
    assert _submit(world).status == "pending"


def test_only_the_county_reviews_and_only_in_scope(world):
    from unionsw.core.errors import OutOfScope

    cert = _submit(world)
    with pytest.raises(NotAllowed):
        services.certificate_review(by=world.worker_a_user, certificate=cert, decision="confirm")
    with pytest.raises(OutOfScope):
        services.certificate_review(by=world.county_b_admin, certificate=cert, decision="confirm")
    with pytest.raises(NotAllowed):
        services.certificate_submit(
            by=world.county_a_admin, level="assistant", issued_on=date(2021, 1, 1), issuer="人社部"
        )


def test_submit_checks_fields_and_bounds_the_scan(world):
    with pytest.raises(ValidationError) as exc:
        _submit(world, issuer="")
    assert "请填写发证机关" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        _submit(world, issued_on=date(2099, 1, 1))
    assert "取得日期不能晚于今天" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        _submit(world, scan=SimpleUploadedFile("x.pdf", b"MZ not a pdf", content_type="application/pdf"))
    assert "文件只接受 JPG、PNG、PDF 格式" in str(exc.value)
    big = SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024), content_type="application/pdf")
    with pytest.raises(ValidationError) as exc:
        _submit(world, scan=big)
    assert "10 MB" in str(exc.value)
    assert not Certificate.objects.filter(worker=world.worker_a, status="pending").exists()
    cert = _submit(world, scan=SimpleUploadedFile("c.png", png(), content_type="image/png"))
    assert Document.objects.get(pk=cert.scan_id).worker_id == world.worker_a.pk


def test_pages_worker_submits_and_county_reviews(world, login, client):
    labels = [i.label for _, items in menu_for(world.worker_a_user) for i in items]
    assert "我的证书" in labels
    c = login(world.worker_a_user)
    r = c.get(reverse("workers:me_certificate_new"))
    assert r.status_code == 200 and "填报证书" in r.content.decode()
    r = c.post(
        reverse("workers:me_certificate_new"),
        {"level": "assistant", "issuer": "人力资源社会保障部", "issued_on": "2021-02-30", "number": "A1"},
    )
    assert r.status_code == 200 and "取得日期" in r.content.decode()
    assert not Certificate.objects.filter(worker=world.worker_a).exists()
    r = c.post(
        reverse("workers:me_certificate_new"),
        {"level": "assistant", "issuer": "人力资源社会保障部", "issued_on": "2021-06-01", "number": "A1",
         "scan": SimpleUploadedFile("c.pdf", b"%PDF-1.4 scan", content_type="application/pdf")},
    )
    assert r.status_code == 302
    cert = Certificate.objects.get(worker=world.worker_a)
    assert cert.status == "pending" and cert.scan_id
    assert "待审核" in c.get(reverse("workers:me_certificates")).content.decode()
    assert c.get(reverse("workers:certificate_review_list")).status_code == 403
    c.logout()
    c = login(world.county_b_admin)
    assert "人力资源社会保障部" not in c.get(reverse("workers:certificate_review_list")).content.decode()  # (not "A1": a CSRF token may hold it)
    assert c.post(reverse("workers:certificate_review", args=[cert.pk]), {"decision": "confirm"}).status_code == 404
    c.logout()
    c = login(world.county_a_admin)
    assert "证书审核" in [i.label for _, items in menu_for(world.county_a_admin) for i in items]
    page = c.get(reverse("workers:certificate_review_list")).content.decode()
    assert "张三" in page and "人力资源社会保障部" in page
    r = c.post(reverse("workers:certificate_review", args=[cert.pk]), {"decision": "return", "reason": ""})
    assert r.status_code == 302 and Certificate.objects.get(pk=cert.pk).status == "pending"
    r = c.post(reverse("workers:certificate_review", args=[cert.pk]), {"decision": "return", "reason": "扫描件不清晰"})
    assert Certificate.objects.get(pk=cert.pk).status == "returned"
    r = c.post(reverse("workers:certificate_review", args=[cert.pk]), {"decision": "confirm"})
    assert r.status_code == 409


def test_review_queue_queries_do_not_grow(world, login, django_assert_max_num_queries):
    c = login(world.county_a_admin)
    _submit(world, number="N0")
    c.get(reverse("workers:certificate_review_list"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        c.get(reverse("workers:certificate_review_list"))
    for i in range(1, 6):
        _submit(world, number=f"N{i}")
    with CaptureQueriesContext(connection) as six:
        c.get(reverse("workers:certificate_review_list"))
    assert len(six.captured_queries) == len(one.captured_queries)


def _bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user)}"}


def test_api_worker_submits_multipart_and_county_reviews(world, client):
    r = client.post(
        "/api/v1/workers/me/certificates",
        {"level": "senior", "issuer": "人社部", "issued_on": "2023-05-01", "number": "G1",
         "scan": SimpleUploadedFile("c.jpg", jpeg(), content_type="image/jpeg")},
        **_bearer(world.worker_a_user),
    )
    assert r.status_code == 201, r.content
    assert r.json()["status"] == "pending" and r.json()["scan"]
    cid = r.json()["id"]
    r = client.post("/api/v1/workers/me/certificates", {"level": "senior", "issuer": "人社部", "issued_on": "2023-02-30"}, **_bearer(world.worker_a_user))
    assert r.status_code == 400 and "取得日期" in r.content.decode()
    assert client.post("/api/v1/workers/me/certificates", {"level": "senior"}, **_bearer(world.county_a_admin)).status_code == 403
    assert [c["id"] for c in client.get("/api/v1/workers/me/certificates", **_bearer(world.worker_a_user)).json()] == [cid]
    assert [c["id"] for c in client.get("/api/v1/workers/certificates/pending", **_bearer(world.county_a_admin)).json()] == [cid]
    assert client.get("/api/v1/workers/certificates/pending", **_bearer(world.county_b_admin)).json() == []
    url = f"/api/v1/workers/certificates/{cid}/review"
    body = json.dumps({"decision": "confirm"})
    assert client.post(url, body, content_type="application/json", **_bearer(world.county_b_admin)).status_code == 404
    r = client.post(url, body, content_type="application/json", **_bearer(world.county_a_admin))
    assert r.status_code == 200 and r.json()["status"] == "confirmed"
    assert client.post(url, body, content_type="application/json", **_bearer(world.county_a_admin)).status_code == 409
