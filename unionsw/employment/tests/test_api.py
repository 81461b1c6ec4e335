"""The API: same services and scope as the pages; county B gets 404 on county A's objects."""

import hashlib
import secrets
from datetime import date, timedelta

import pytest
from django.utils import timezone

from unionsw.employment.models import Contract

pytestmark = pytest.mark.django_db


def bearer(user) -> dict:
    from unionsw.accounts.models import ApiToken

    key = secrets.token_urlsafe(16)
    ApiToken.objects.create(
        user=user,
        key_hash=hashlib.sha256(key.encode()).hexdigest(),
        epoch=user.session_epoch,
        expires_at=timezone.now() + timedelta(hours=1),
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_posts_and_contracts_are_listed_within_scope(client, world, filled_a, contract_a, post_b):
    h = bearer(world.county_a_admin)
    posts = client.get("/api/v1/employment/posts", **h).json()
    assert {p["id"] for p in posts} == {filled_a.pk}
    assert client.get("/api/v1/employment/posts?vacant=1", **h).json() == []
    contracts = client.get("/api/v1/employment/contracts", **h).json()
    assert [c["id"] for c in contracts] == [contract_a.pk]


def test_county_b_gets_404_on_every_object_route(client, world, post_a, contract_a):
    h = bearer(world.county_b_admin)
    assert client.get(f"/api/v1/employment/posts/{post_a.pk}", **h).status_code == 404
    assert (
        client.post(
            f"/api/v1/employment/posts/{post_a.pk}/fill",
            {"worker_id": world.worker_a.pk, "on": "2022-03-01", "reason": "x"},
            content_type="application/json",
            **h,
        ).status_code
        == 404
    )
    assert client.get(f"/api/v1/employment/contracts/{contract_a.pk}", **h).status_code == 404
    assert (
        client.post(
            f"/api/v1/employment/contracts/{contract_a.pk}/sign",
            {"signed_on": "2022-03-01"},
            content_type="application/json",
            **h,
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"/api/v1/employment/contracts/{contract_a.pk}/dissolve",
            {"on": "2024-01-01", "ground": "art36", "reason": "x"},
            content_type="application/json",
            **h,
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"/api/v1/employment/workers/{world.worker_a.pk}/exit",
            {"kind": "resignation", "on": "2024-01-01", "reason": "x"},
            content_type="application/json",
            **h,
        ).status_code
        == 404
    )
    contract_a.refresh_from_db()
    world.worker_a.refresh_from_db()
    assert contract_a.status == "active" and world.worker_a.status == "active"


def test_draft_sign_and_bad_input_through_the_api(client, world):
    h = bearer(world.county_a_admin)
    r = client.post(
        "/api/v1/employment/contracts",
        {"worker_id": world.worker_a.pk, "kind": "labour", "starts_on": "2024-01-01", "ends_on": "2023-01-01"},
        content_type="application/json",
        **h,
    )
    assert r.status_code == 400 and "终止日期须晚于起始日期" in r.content.decode()
    r = client.post(
        "/api/v1/employment/contracts",
        {"worker_id": world.worker_a.pk, "kind": "labour", "starts_on": "2024-01-01", "ends_on": "2026-12-31"},
        content_type="application/json",
        **h,
    )
    assert r.status_code == 201
    pk = r.json()["id"]
    r = client.post(f"/api/v1/employment/contracts/{pk}/sign", {"signed_on": "2024-01-01"}, content_type="application/json", **h)
    assert r.status_code == 200 and Contract.objects.get(pk=pk).status == "active"


def test_read_only_users_cannot_act_and_alerts_are_listed(client, world, contract_a):
    h = bearer(world.city_admin)
    r = client.post(
        f"/api/v1/employment/contracts/{contract_a.pk}/dissolve",
        {"on": "2024-01-01", "ground": "art36", "reason": "x"},
        content_type="application/json",
        **h,
    )
    assert r.status_code == 403
    assert client.get("/api/v1/employment/alerts", **h).status_code == 200


def test_exit_through_the_api(client, world, contract_a):
    r = client.post(
        f"/api/v1/employment/workers/{world.worker_a.pk}/exit",
        {"kind": "retirement", "on": str(date(2024, 12, 31)), "reason": "到龄退休"},
        content_type="application/json",
        **bearer(world.county_a_admin),
    )
    assert r.status_code == 200 and r.json()["status"] == "retired"
    contract_a.refresh_from_db()
    assert contract_a.ground == "art44_2"


def test_renew_terminate_and_transfer_through_the_api(client, world, contract_a, filled_a, post_a2):
    h = bearer(world.county_a_admin)
    r = client.post(
        f"/api/v1/employment/contracts/{contract_a.pk}/renew",
        {"ends_on": "2028-02-28", "signed_on": "2025-02-01"},
        content_type="application/json",
        **h,
    )
    assert r.status_code == 200 and r.json()["starts_on"] == "2025-03-01" and r.json()["status"] == "active"
    r = client.post(
        f"/api/v1/employment/contracts/{contract_a.pk}/terminate",
        {"on": "2025-02-28", "ground": "art44_9"},
        content_type="application/json",
        **h,
    )
    assert r.status_code == 400 and "法定事由" in r.content.decode()
    r = client.post(
        f"/api/v1/employment/posts/{post_a2.pk}/transfer",
        {"worker_id": world.worker_a.pk, "on": "2024-01-01", "reason": "轮岗", "kind": "rotation"},
        content_type="application/json",
        **h,
    )
    assert r.status_code == 200 and r.json()["holder_id"] == world.worker_a.pk


def test_a_lost_post_fill_is_a_409_on_the_api_and_the_page(client, world, post_a, another_worker, login):
    """Issue 11: the admin who loses the race for a vacant post gets 409 with the Chinese message (it was a 400)."""
    from unionsw.employment import services
    from unionsw.employment.models import PostHolding

    services.post_fill(by=world.county_a_admin, post=post_a, worker=world.worker_a, on=date(2022, 3, 1), reason="录用")
    body = {"worker_id": another_worker.pk, "on": "2022-03-01", "reason": "录用"}
    r = client.post(f"/api/v1/employment/posts/{post_a.pk}/fill", body, content_type="application/json", **bearer(world.county_a_admin))
    assert r.status_code == 409 and "其他管理员" in r.json()["detail"]
    page = login(world.county_a_admin).post(
        f"/employment/posts/{post_a.pk}/fill/", {"worker": another_worker.pk, "on": "2022-03-01", "reason": "录用"}
    )
    assert page.status_code == 409 and "其他管理员" in page.content.decode() and "修改冲突" in page.content.decode()
    assert PostHolding.objects.filter(post=post_a, ended_on__isnull=True).get().worker_id == world.worker_a.pk
    again = {"worker_id": world.worker_a.pk, "on": "2022-03-01", "reason": "录用"}  # a double submit of the winner
    r = client.post(f"/api/v1/employment/posts/{post_a.pk}/fill", again, content_type="application/json", **bearer(world.county_a_admin))
    assert r.status_code == 409 and "重复提交" in r.json()["detail"]
