"""The recruitment API: same services, same scope; every object route is a 404 for another county."""

import hashlib
import secrets
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from unionsw.accounts.models import ApiToken
from unionsw.recruitment.models import Plan, PlanStatus

from .sweep_api import EXEMPT, ROUTES


def token_for(user) -> str:
    raw = secrets.token_urlsafe(24)
    ApiToken.objects.create(
        user=user,
        key_hash=hashlib.sha256(raw.encode()).hexdigest(),
        epoch=user.session_epoch,
        expires_at=timezone.now() + timedelta(hours=1),
    )
    return raw


def call(client, method, url, user, **kw):
    return getattr(client, method)(url, HTTP_AUTHORIZATION=f"Bearer {token_for(user)}", content_type="application/json", **kw)


@pytest.fixture
def api_world(world):
    from .sweep import prepare

    prepare(world)
    return world


def _all_routes():
    from .sweep_api import _A, _P, _R

    out = {}
    for s in ("", "_announce", "_approve", "_file", "_propose", "_return"):
        out[f"api:recruitment_plan{s}"] = _P
    for s in (
        "",
        "_applications",
        "_close",
        "_interview",
        "_judges",
        "_publicity",
        "_rank",
        "_review_auto",
        "_scores",
        "_stats",
        "_waiting_offer",
        "_written",
    ):
        out[f"api:recruitment_round{s}"] = _R
    for s in ("", "_check", "_file", "_hire", "_objection", "_review", "_score"):
        out[f"api:recruitment_application{s}"] = _A
    out["api:recruitment_objection_resolve"] = lambda w: {"pk": w.rec_objection.pk}
    out["api:recruitment_exam_body_update"] = lambda w: {"pk": w.rec_exam_body.pk}
    return out


ALL = _all_routes()


def test_the_sweep_lists_every_api_route():
    assert set(ALL) == set(ROUTES) | set(EXEMPT)


@pytest.mark.parametrize("name", sorted(ALL))
def test_another_county_gets_404(name, api_world, client):
    from unionsw.accounts.models import DataScope, Role
    from unionsw.accounts.permissions import all_permissions

    role = Role.objects.create(
        code="intruder",
        name="他县",
        data_scope=DataScope.ORG_AND_BELOW,
        permissions=sorted(set(all_permissions()) - {"audit.view", "role.grant", "user.manage"}),
    )
    intruder = make_user("intruder", api_world.county_b, [role])
    url = reverse(name, kwargs=ALL[name](api_world))
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token_for(intruder)}"}
    codes = [getattr(client, m)(url, **auth).status_code for m in ("get", "post")]
    assert all(c in (404, 405) for c in codes) and 404 in codes, (url, codes)


def test_the_plan_chain_runs_through_the_api(world, client):
    r = call(
        client,
        "post",
        "/api/v1/recruitment/plans",
        world.county_a_admin,
        data={
            "title": "接口计划",
            "exam_year": date.today().year + 1,
            "exam_month": 6,
            "posts": [{"unit_id": world.street_a.pk, "kind": "组建指导岗", "count": 1}],
        },
    )
    assert r.status_code == 200, r.content
    pk = r.json()["id"]
    assert (
        call(client, "post", f"/api/v1/recruitment/plans/{pk}/approve", world.city_admin).status_code == 400
    )  # not yet proposed
    assert call(client, "post", f"/api/v1/recruitment/plans/{pk}/propose", world.county_a_admin).status_code == 200
    r = call(client, "post", f"/api/v1/recruitment/plans/{pk}/return", world.city_admin, data={"reason": ""})
    assert r.status_code == 400 and "原因" in r.json()["errors"][0]["message"]
    assert call(client, "post", f"/api/v1/recruitment/plans/{pk}/approve", world.county_a_admin).status_code == 403
    assert call(client, "post", f"/api/v1/recruitment/plans/{pk}/approve", world.city_admin).json()["status"] == "approved"
    assert (
        call(client, "post", f"/api/v1/recruitment/plans/{pk}/file", world.province_admin).json()["status_label"] == "省总已备案"
    )
    assert Plan.objects.get().status == PlanStatus.FILED
    assert [p["id"] for p in call(client, "get", "/api/v1/recruitment/plans", world.county_b_admin).json()] == []


def test_a_missing_body_is_a_400_not_a_500(world, client):
    from .conftest import filed_plan

    plan = filed_plan(world)
    r = call(client, "post", f"/api/v1/recruitment/plans/{plan.pk}/announce", world.county_a_admin)
    assert r.status_code == 400
