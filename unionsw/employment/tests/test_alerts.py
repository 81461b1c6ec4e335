"""Alerts: expiry at 60/30 days, unsigned past the policy limit, the second fixed term, the registry."""

from datetime import date

import pytest

from unionsw.employment import alerts, services
from unionsw.orgs.models import PolicyOverride

pytestmark = pytest.mark.django_db


def kinds_for(user, today, worker=None):
    return sorted(a.kind for a in alerts.collect(user, today) if worker is None or a.worker_id == worker.pk)


def test_expiring_contracts_alert_at_60_and_30_days(world, contract_a):
    # contract_a ends 2025-02-28
    assert kinds_for(world.county_a_admin, date(2024, 12, 29)) == []  # 61 days before
    assert kinds_for(world.county_a_admin, date(2024, 12, 30)) == ["contract.expiring60"]
    assert kinds_for(world.county_a_admin, date(2025, 1, 29)) == ["contract.expiring30"]
    assert kinds_for(world.county_a_admin, date(2025, 3, 1)) == ["contract.overdue"]


def test_a_renewed_contract_no_longer_alerts(world, contract_a):
    services.contract_renew(
        by=world.county_a_admin, contract=contract_a, ends_on=None, term_type="open", signed_on=date(2025, 1, 10)
    )
    assert "contract.expiring30" not in kinds_for(world.county_a_admin, date(2025, 2, 1))


def test_unsigned_past_劳动合同法第十条_one_month_is_flagged_and_not_before(world):
    services.contract_draft_create(
        by=world.county_b_admin, worker=world.worker_b, kind="labour", start=date(2025, 3, 1), end=date(2028, 2, 28)
    )
    assert kinds_for(world.county_b_admin, date(2025, 4, 1)) == ["contract.unsigned"]
    assert kinds_for(world.county_b_admin, date(2025, 4, 2)) == ["contract.unsigned_late"]


def test_unsigned_without_a_policy_limit_is_a_plain_to_do(world):
    PolicyOverride.objects.create(
        org=world.city_a, key="contract_sign_limit_months", value=None, effective_from=date(2018, 1, 1), source="测试"
    )
    services.contract_draft_create(
        by=world.county_a_admin, worker=world.worker_a, kind="labour", start=date(2025, 3, 1), end=date(2028, 2, 28)
    )
    [alert] = alerts.collect(world.county_a_admin, date(2026, 1, 1))
    assert alert.kind == "contract.unsigned" and alert.level == "info" and "未规定" in alert.detail


def test_the_second_consecutive_fixed_term_contract_is_flagged(world, contract_a):
    assert "contract.second_fixed" not in kinds_for(world.county_a_admin, date(2024, 1, 1))
    services.contract_renew(by=world.county_a_admin, contract=contract_a, ends_on=date(2028, 2, 28), signed_on=date(2025, 2, 1))
    assert "contract.second_fixed" in kinds_for(world.county_a_admin, date(2025, 6, 1))


def test_alerts_stay_within_scope(world, contract_a):
    assert kinds_for(world.county_b_admin, date(2025, 1, 29)) == []
    assert kinds_for(world.city_admin, date(2025, 1, 29)) == ["contract.expiring30"]
    assert alerts.collect(world.worker_a_user, date(2025, 1, 29)) == []  # no contract.view


def test_rehired_insurance_lapse_is_flagged(world, rehired):
    services.insurance_add(
        by=world.county_a_admin,
        worker=rehired,
        insurer="平安",
        policy_number="P1",
        starts_on=date(2024, 1, 1),
        ends_on=date(2024, 6, 30),
    )
    c = services.contract_draft_create(
        by=world.county_a_admin, worker=rehired, kind="service", start=date(2024, 1, 1), end=date(2024, 12, 31)
    )
    services.contract_sign(by=world.county_a_admin, contract=c, signed_on=date(2024, 1, 1))
    assert "insurance.expiring" in kinds_for(world.county_a_admin, date(2024, 6, 10), rehired)
    assert "insurance.lapsed" in kinds_for(world.county_a_admin, date(2024, 7, 1), rehired)


def test_other_apps_can_add_alerts_through_the_registry(world, monkeypatch):
    import types

    module = types.ModuleType("unionsw.assessment.alerts")
    module.alerts_for = lambda user, today: [alerts.consecutive_fail_alert(worker=world.worker_a, years=[2023, 2024])]
    monkeypatch.setitem(__import__("sys").modules, "unionsw.assessment.alerts", module)
    found = alerts.collect(world.county_a_admin, date(2025, 1, 1))
    assert [a.kind for a in found] == ["assessment.consecutive_fail"]
    assert "2023、2024" in found[0].detail
