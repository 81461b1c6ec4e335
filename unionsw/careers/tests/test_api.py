import hashlib
import secrets
from datetime import timedelta

import pytest
from django.utils import timezone

from unionsw.careers.models import Promotion

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


def test_other_county_gets_404_on_propose_and_decide(world, client):
    p = Promotion.objects.create(worker=world.worker_a, from_rank="见习干事", to_rank="初级干事")
    h = bearer(world.county_b_admin)
    assert client.post(f"/api/v1/careers/workers/{world.worker_a.pk}/propose", **h).status_code == 404
    assert client.post(f"/api/v1/careers/promotions/{p.pk}/decide", **h).status_code == 404


def test_eligibility_api_explains_each_worker(world, client):
    response = client.get("/api/v1/careers/eligibility", **bearer(world.county_a_admin))
    assert response.status_code == 200
    row = next(r for r in response.json() if r["worker"] == "张三")
    assert row["eligible"] is False and any("须满 3 年" in x for x in row["reasons"])


def test_proposing_an_ineligible_worker_is_a_400_with_the_reason(world, client):
    response = client.post(f"/api/v1/careers/workers/{world.worker_a.pk}/propose", **bearer(world.county_a_admin))
    assert response.status_code == 400 and "不符合晋升条件" in response.json()["detail"]
