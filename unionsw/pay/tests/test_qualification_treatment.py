"""Seed 004 (Beijing): 取得北京市专职工会社会工作者资格人员享受专职工会社会工作者待遇，未取得资格但继续从事工会工作的，
将不再享受专职工会社会工作者待遇. Where the policy sets treatment_requires_qualification, a worker on the scale
without a valid qualification on the month's last day gets no line: the run lists them with the reason."""

from datetime import date

import pytest
from django.urls import reverse

from unionsw.assessment.models import Qualification
from unionsw.orgs.services import policy_override_add
from unionsw.pay import rules, runs
from unionsw.pay.models import PayLine

pytestmark = pytest.mark.django_db

JAN_END = date(2026, 1, 31)


def require_qualification(world):
    policy_override_add(
        by=world.province_admin,
        org=world.county_a,
        key="treatment_requires_qualification",
        value=True,
        effective_from=date(2020, 1, 1),
        source="测试",
    )


def compute(world, run):
    return runs.run_compute(by=world.county_a_admin, run=run)


def test_the_rule_at_its_boundaries():
    assert rules.treatment_refusal(None, required=None, on=JAN_END) is None
    assert rules.treatment_refusal((JAN_END, False), required=True, on=JAN_END) is None
    assert "未取得" in rules.treatment_refusal((date(2026, 2, 1), False), required=True, on=JAN_END)
    assert "未取得" in rules.treatment_refusal(None, required=True, on=JAN_END)
    assert "已失效" in rules.treatment_refusal((date(2025, 1, 1), True), required=True, on=JAN_END)


def test_未取得资格的_不再享受专职工会社会工作者待遇(pay_world, run_jan):
    require_qualification(pay_world)
    run = compute(pay_world, run_jan)
    assert not PayLine.objects.filter(run=run, worker=pay_world.worker_a).exists()
    entry = next(e for e in run.excluded if e["worker"] == pay_world.worker_a.pk)
    assert entry["rule"] == rules.QUALIFICATION_RULE and "不享受专职工会社会工作者待遇" in entry["reason"]
    assert run.problems == []  # not a problem to resolve: the rule says they are not on the scale


def test_a_holder_of_a_valid_qualification_is_paid(pay_world, run_jan):
    require_qualification(pay_world)
    Qualification.objects.create(worker=pay_world.worker_a, number="京工社202500001", issued_on=date(2025, 6, 1))
    run = compute(pay_world, run_jan)
    assert PayLine.objects.filter(run=run, worker=pay_world.worker_a).exists()
    assert all(e["worker"] != pay_world.worker_a.pk for e in run.excluded)


def test_a_qualification_issued_after_the_month_or_lapsed_does_not_count(pay_world, run_jan):
    require_qualification(pay_world)
    q = Qualification.objects.create(worker=pay_world.worker_a, number="京工社202600001", issued_on=date(2026, 2, 1))
    run = compute(pay_world, run_jan)
    assert not PayLine.objects.filter(run=run, worker=pay_world.worker_a).exists()
    Qualification.objects.filter(pk=q.pk).update(issued_on=date(2025, 1, 1), revoked=True)
    run = compute(pay_world, run)
    reason = next(e["reason"] for e in run.excluded if e["worker"] == pay_world.worker_a.pk)
    assert "已失效" in reason


def test_without_the_rule_the_worker_is_paid_as_before(pay_world, run_jan):
    run = compute(pay_world, run_jan)  # Shandong: 未规定
    assert PayLine.objects.filter(run=run, worker=pay_world.worker_a).exists()


def test_the_payroll_page_and_api_show_the_reason(pay_world, run_jan, login, client):
    require_qualification(pay_world)
    run = compute(pay_world, run_jan)
    page = login(pay_world.county_a_admin).get(reverse("pay:run", args=[run.pk]))
    html = page.content.decode()
    assert "未取得资格，不享受专职工会社会工作者待遇（1）" in html and pay_world.worker_a.name in html
    assert [e["worker"] for e in page.context["unqualified"]] == [pay_world.worker_a.pk]

    from unionsw.recruitment.tests.test_api import call

    body = call(client, "get", f"/api/v1/pay/runs/{run.pk}", pay_world.county_a_admin)
    assert body.status_code == 200, body.content
    assert any(e["rule"] == rules.QUALIFICATION_RULE for e in body.json()["excluded"])
