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


def test_ratio_shares_deduction_and_fee_through_the_api(pay_world, client, add_worker):
    admin = pay_world.county_a_admin
    r = post(client, f"/api/v1/pay/counties/{pay_world.county_a.pk}/ratio", admin, {"year": 2027, "ratio": "65%", "reason": "x"})
    assert r.status_code == 400 and "70%至100%" in json.dumps(r.json(), ensure_ascii=False)
    r = post(client, f"/api/v1/pay/counties/{pay_world.county_a.pk}/ratio", admin, {"year": 2027, "ratio": "90%", "reason": "x"})
    assert r.status_code == 200 and r.json()["ratio"] in ("0.9", "0.9000")
    bad = {"shares": {"全总": "50%", "省总工会": "40%"}, "effective_from": "2026-01-01", "source": "x"}
    r = post(client, "/api/v1/pay/shares", pay_world.province_admin, bad)
    assert r.status_code == 400 and "合计须为100%" in json.dumps(r.json(), ensure_ascii=False)
    r = post(
        client,
        f"/api/v1/pay/workers/{pay_world.worker_a.pk}/tax-deduction",
        admin,
        {"monthly": "1500", "effective_from": "2026-01-01"},
    )
    assert r.status_code == 200
    rehired = add_worker(employment_mode="rehired", rank="")
    r = post(client, f"/api/v1/pay/workers/{rehired.pk}/service-fee", admin, {"monthly": "2800", "effective_from": "2026-01-01"})
    assert r.status_code == 200 and r.json()["monthly"] == "2800.00"


def test_the_county_edits_its_pay_tables_si_tables_and_allowances_through_the_api(pay_world, client):
    from unionsw.core.models import AuditEvent
    from unionsw.pay.models import Allowance, ContributionTable, PayTable

    admin, other = pay_world.county_a_admin, pay_world.county_b_admin
    body = {"name": "区工资标准", "effective_from": "2026-01-01", "post_pay": {"8": "1800"}, "grade_pay": {"20": "1100"}}
    r = post(client, "/api/v1/pay/tables", admin, body)
    assert r.status_code == 201, r.content
    table = r.json()
    assert table["post_pay"] == {"8": "1800.00"} and table["version"] == 1 and table["org"] == pay_world.county_a.name
    bad = post(client, "/api/v1/pay/tables", admin, {**body, "effective_from": "2026-02-01", "post_pay": {"11": "1"}})
    assert bad.status_code == 400 and "超出范围" in bad.content.decode()
    url = f"/api/v1/pay/tables/{table['id']}"
    r = post(client, url, admin, {**body, "post_pay": {"8": "1900"}, "version": 1})
    assert r.status_code == 200 and r.json()["version"] == 2
    stale = post(client, url, admin, {**body, "post_pay": {"8": "2000"}, "version": 1})
    assert stale.status_code == 409 and "已被其他人修改" in stale.json()["detail"]
    assert PayTable.objects.get(pk=table["id"]).post_pay == {"8": "1900.00"}
    assert post(client, url, other, {**body, "version": 2}).status_code == 404
    assert client.get(url, **bearer(other)).status_code == 404
    # the province's example table applies to the county, which reads it but cannot change it
    province_table = PayTable.objects.get(org=pay_world.province)
    assert client.get(f"/api/v1/pay/tables/{province_table.pk}", **bearer(admin)).status_code == 200
    refused = post(client, f"/api/v1/pay/tables/{province_table.pk}", admin, {**body, "version": province_table.version})
    assert refused.status_code == 404
    assert post(client, "/api/v1/pay/tables", pay_world.township_admin, body).status_code == 403

    si = {
        "name": "区缴费标准",
        "effective_from": "2026-01-01",
        "items": [{"item": "pension", "employer_rate": "16%", "employee_rate": "8%"}],
    }
    r = post(client, "/api/v1/pay/contributions", admin, si)
    assert r.status_code == 201, r.content
    cid = r.json()["id"]
    assert r.json()["items"][0]["employer_rate"] == "0.16"
    unknown = post(client, "/api/v1/pay/contributions", admin, {**si, "items": [{"item": "bonus", "employer_rate": "1%"}]})
    assert unknown.status_code == 400 and "险种“bonus”不正确" in unknown.content.decode()
    r = post(client, f"/api/v1/pay/contributions/{cid}", admin, {**si, "version": 1, "source": "区人社局文件"})
    assert r.status_code == 200 and r.json()["version"] == 2 and r.json()["source"] == "区人社局文件"
    assert post(client, f"/api/v1/pay/contributions/{cid}", admin, {**si, "version": 1}).status_code == 409
    assert ContributionTable.objects.get(pk=cid).version == 2

    r = post(client, "/api/v1/pay/allowances", admin, {"name": "交通补贴", "amount": "300", "effective_from": "2026-01-01"})
    assert r.status_code == 201 and r.json()["amount"] == "300.00"
    aid = r.json()["id"]
    early = post(client, f"/api/v1/pay/allowances/{aid}/end", admin, {"effective_to": "2025-12-31", "version": 1})
    assert early.status_code == 400 and "截止日期不能早于起始日期" in early.content.decode()
    r = post(client, f"/api/v1/pay/allowances/{aid}/end", admin, {"effective_to": "2026-06-30", "version": 1})
    assert r.status_code == 200 and r.json()["effective_to"] == "2026-06-30" and r.json()["version"] == 2
    assert (
        post(client, f"/api/v1/pay/allowances/{aid}/end", admin, {"effective_to": "2026-03-31", "version": 1}).status_code == 409
    )
    assert (
        post(client, f"/api/v1/pay/allowances/{aid}/end", other, {"effective_to": "2026-03-31", "version": 2}).status_code == 404
    )
    assert Allowance.objects.get(pk=aid).effective_to == date(2026, 6, 30)
    listed = client.get("/api/v1/pay/allowances", **bearer(admin)).json()
    assert aid in [a["id"] for a in listed]
    assert client.get("/api/v1/pay/allowances", **bearer(pay_world.worker_a_user)).status_code == 403

    actions = list(AuditEvent.objects.filter(actor=admin).values_list("action", flat=True))
    for action in (
        "pay.table_create",
        "pay.table_update",
        "pay.contribution_create",
        "pay.contribution_update",
        "pay.allowance_add",
        "pay.allowance_end",
    ):
        assert action in actions, action
