import json
from datetime import date

import pytest

from unionsw.careers.tests.test_api import bearer
from unionsw.pay import runs
from unionsw.pay.models import RunStatus

pytestmark = pytest.mark.django_db


def post(client, url, user, body=None):
    return client.post(url, data=json.dumps(body or {}), content_type="application/json", **bearer(user))


def test_the_county_runs_a_month_through_the_api(pay_world, client):
    admin = pay_world.county_a_admin
    r = post(client, "/api/v1/pay/runs", admin, {"org_id": pay_world.county_a.pk, "month": "2026-01-01"})
    assert r.status_code == 201, r.content
    run_id = r.json()["id"]
    for step in ("compute", "review", "approve"):
        r = post(client, f"/api/v1/pay/runs/{run_id}/steps/{step}", admin)
        assert r.status_code == 200, r.content
    assert r.json()["status"] == RunStatus.APPROVED and r.json()["totals"]["gross"] == "5219.40"
    again = post(client, f"/api/v1/pay/runs/{run_id}/steps/compute", admin)
    assert again.status_code == 409 and "已审批并锁定" in again.json()["detail"]
    corr = post(client, f"/api/v1/pay/runs/{run_id}/correction", admin, {"note": "补定薪级"})
    assert corr.status_code == 201 and corr.json()["kind"] == "correction"
    lines = client.get(f"/api/v1/pay/runs/{run_id}/lines", **bearer(admin)).json()
    assert [line["net"] for line in lines] == ["4055.47"]
    mine = client.get("/api/v1/pay/me/slips?year=2026", **bearer(pay_world.worker_a_user)).json()
    assert [line["gross"] for line in mine] == ["5219.40"]
    assert client.get("/api/v1/pay/runs", **bearer(pay_world.worker_a_user)).status_code == 403
    cost = client.get("/api/v1/pay/cost?year=2026", **bearer(pay_world.province_admin)).json()
    assert cost["total"] == "7239.32"


def test_other_county_gets_404(pay_world, client):
    run = runs.run_open(by=pay_world.county_a_admin, org=pay_world.county_a, month=date(2026, 1, 1))
    h = bearer(pay_world.county_b_admin)
    assert client.get(f"/api/v1/pay/runs/{run.pk}", **h).status_code == 404
    assert client.post(f"/api/v1/pay/runs/{run.pk}/steps/compute", **h).status_code == 404
    r = post(client, "/api/v1/pay/runs", pay_world.county_b_admin, {"org_id": pay_world.county_a.pk, "month": "2026-01-01"})
    assert r.status_code == 404


def test_grade_without_reason_is_a_400_in_chinese(pay_world, client):
    r = post(
        client,
        f"/api/v1/pay/workers/{pay_world.worker_a.pk}/grade",
        pay_world.county_a_admin,
        {"level": 21, "effective_from": "2026-01-01", "reason": ""},
    )
    assert r.status_code == 400 and "理由" in json.dumps(r.json(), ensure_ascii=False)
