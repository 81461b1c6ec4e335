import json
from datetime import date

import pytest
from django.core.cache import cache
from django.utils import timezone

from unionsw.accounts.api import issue_token
from unionsw.training import rules, services
from unionsw.training.models import Enrolment

pytestmark = pytest.mark.django_db


def call(client, user, method, url, body=None):
    h = {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user)}"}
    if method == "get":
        return client.get(url, **h)
    return client.post(url, json.dumps(body or {}), content_type="application/json", **h)


def test_plan_session_enrol_signin_over_the_api(world, client):
    cache.clear()
    today = date.today()
    r = call(client, world.county_a_admin, "post", "/api/v1/training/plans", {"org": world.county_a.pk, "year": today.year, "title": "计划"})
    assert r.status_code == 201, r.content
    pid = r.json()["id"]
    assert call(client, world.county_a_admin, "post", "/api/v1/training/plans", {"org": world.county_a.pk, "year": today.year, "title": "又一个"}).status_code == 400
    body = {"kind": "业务培训", "title": "班", "starts_on": today.isoformat(), "ends_on": today.isoformat(), "hours": "6", "place": "区总", "self_enrol": True}
    r = call(client, world.county_a_admin, "post", f"/api/v1/training/plans/{pid}/sessions", body)
    assert r.status_code == 201, r.content
    sid = r.json()["id"]
    assert call(client, world.county_b_admin, "post", f"/api/v1/training/plans/{pid}/sessions", body).status_code == 404
    r = call(client, world.county_a_admin, "post", f"/api/v1/training/sessions/{sid}/enrol", {"workers": [world.worker_a.pk]})
    assert r.json() == {"added": 1}
    assert call(client, world.county_a_admin, "post", f"/api/v1/training/sessions/{sid}/enrol", {"workers": [world.worker_b.pk]}).status_code == 400
    session = services.signin_open(by=world.county_a_admin, session=services.TrainingSession.objects.get(pk=sid), minutes=10)
    code = rules.signin_code(session.signin_secret, timezone.now())
    r = call(client, world.worker_a_user, "post", f"/api/v1/training/sessions/{sid}/signin", {"code": code})
    assert r.status_code == 200 and r.json()["hours_credited"] == "6.0"
    assert Enrolment.objects.get(session_id=sid).attended_at is not None
    r = call(client, world.worker_a_user, "get", f"/api/v1/training/workers/{world.worker_a.pk}")
    assert r.status_code == 200 and {k: float(v) for k, v in r.json()["hours_by_year"].items()} == {str(today.year): 6.0}
    assert call(client, world.county_b_admin, "get", f"/api/v1/training/workers/{world.worker_a.pk}").status_code == 404
    assert call(client, world.township_admin, "post", "/api/v1/training/plans", {"org": world.county_a.pk, "year": 2030, "title": "x"}).status_code == 403
