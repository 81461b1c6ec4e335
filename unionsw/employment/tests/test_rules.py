"""Pure rules: the staffing norm at its thresholds, contract periods, overlaps, alerts' building blocks."""

from datetime import date
from types import SimpleNamespace as NS

import pytest

from unionsw.employment import rules

JIANGSU = {"required_from_unions": 200, "required_from_members": 5000, "optional_max": 1, "required_max": 5}


def unit(unions, members):
    return NS(union_count=unions, member_count=members)


@pytest.mark.parametrize(
    ("unions", "members", "status"),
    [(199, 4999, "optional"), (200, 4999, "required"), (199, 5000, "required"), (200, 5000, "required"), (0, 0, "optional")],
)
def test_staffing_norm_is_required_from_200_unions_or_5000_members(unions, members, status):
    assert rules.staffing_norm(unit(unions, members), JIANGSU).status == status


def test_an_optional_unit_may_have_one_and_has_no_gap():
    norm = rules.staffing_norm(unit(199, 4999), JIANGSU)
    assert (norm.minimum, norm.maximum) == (0, 1)
    assert norm.gap(0) == 0 and norm.gap(1) == 0 and norm.gap(2) == -1


def test_a_required_unit_needs_at_least_one_and_at_most_five_when_no_formula_is_set():
    norm = rules.staffing_norm(unit(420, 26000), JIANGSU)
    assert (norm.minimum, norm.maximum, norm.target) == (1, 5, None)
    assert norm.gap(0) == 1 and norm.gap(3) == 0 and norm.gap(7) == -2


def test_the_count_formula_is_policy_data_and_is_capped_by_the_maximum():
    policy = JIANGSU | {"unions_per_worker": 100, "members_per_worker": 5000}
    assert rules.staffing_norm(unit(200, 100), policy).target == 2
    assert rules.staffing_norm(unit(201, 100), policy).target == 3
    assert rules.staffing_norm(unit(10, 5000), policy).target == 1
    assert rules.staffing_norm(unit(10, 15001), policy).target == 4
    assert rules.staffing_norm(unit(900, 90000), policy).target == 5
    assert rules.staffing_norm(unit(201, 100), policy).gap(1) == 2


def test_without_a_policy_value_the_norm_is_unset():
    norm = rules.staffing_norm(unit(500, 9000), None)
    assert norm.status == "unset" and norm.label == "未规定" and norm.gap(3) is None


def test_sign_deadline_adds_the_policy_months_and_is_none_when_unset():
    assert rules.sign_deadline(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert rules.sign_deadline(date(2025, 3, 1), 1) == date(2025, 4, 1)
    assert rules.sign_deadline(date(2025, 3, 1), None) is None


def test_periods_are_validated_with_chinese_messages():
    assert rules.validate_period(date(2025, 1, 1), date(2025, 1, 1), "fixed") == {"ends_on": "终止日期须晚于起始日期"}
    assert rules.validate_period(date(2025, 1, 1), date(2025, 1, 2), "fixed") == {}
    assert "ends_on" in rules.validate_period(date(2025, 1, 1), None, "fixed")
    assert "ends_on" in rules.validate_period(date(2025, 1, 1), date(2026, 1, 1), "open")
    assert rules.validate_period(date(2025, 1, 1), None, "open") == {}
    assert "starts_on" in rules.validate_period(None, None, "open")


def c(start, end, closed=None, kind="labour", term="fixed", status="active"):
    return NS(
        starts_on=start, ends_on=end, closed_on=closed, effective_end=closed or end, kind=kind, term_type=term, status=status
    )


def test_overlap_is_detected_on_the_boundary_day_and_not_the_day_after():
    existing = [c(date(2022, 1, 1), date(2024, 12, 31))]
    assert rules.overlaps(date(2024, 12, 31), date(2027, 1, 1), existing)
    assert not rules.overlaps(date(2025, 1, 1), date(2027, 1, 1), existing)
    assert rules.overlaps(date(2020, 1, 1), None, existing)


def test_a_contract_closed_early_stops_counting_at_its_closing_day():
    existing = [c(date(2022, 1, 1), date(2024, 12, 31), closed=date(2023, 6, 30))]
    assert not rules.overlaps(date(2023, 7, 1), None, existing)
    assert rules.overlaps(date(2023, 6, 30), None, existing)
    assert rules.overlaps(date(2030, 1, 1), None, [c(date(2022, 1, 1), None)])


def test_consecutive_fixed_terms_count_the_tail_and_reset_on_open_or_dissolved():
    assert rules.consecutive_fixed_terms([c(date(2019, 1, 1), date(2021, 12, 31))]) == 1
    two = [c(date(2019, 1, 1), date(2021, 12, 31)), c(date(2022, 1, 1), date(2024, 12, 31))]
    assert rules.consecutive_fixed_terms(two) == 2
    assert rules.consecutive_fixed_terms([*two, c(date(2025, 1, 1), None, term="open")]) == 0
    assert rules.consecutive_fixed_terms([c(date(2019, 1, 1), date(2020, 1, 1), status="dissolved"), two[1]]) == 1
    assert rules.consecutive_fixed_terms([c(date(2019, 1, 1), date(2020, 1, 1), kind="service"), two[1]]) == 1


def test_two_consecutive_fails_are_flagged_only_when_the_policy_says_so():
    assert rules.consecutive_fails(["PASS", "FAIL", "FAIL"], 2)
    assert not rules.consecutive_fails(["FAIL", "PASS", "FAIL"], 2)
    assert not rules.consecutive_fails(["FAIL"], 2)
    assert not rules.consecutive_fails(["FAIL", "FAIL"], None)


def test_expiry_level_is_60_then_30_days_and_none_outside():
    today = date(2025, 1, 1)
    assert rules.expiry_level(date(2025, 3, 3), today) is None  # 61 days
    assert rules.expiry_level(date(2025, 3, 2), today) == 60
    assert rules.expiry_level(date(2025, 1, 31), today) == 30
    assert rules.expiry_level(date(2025, 2, 1), today) == 60
    assert rules.expiry_level(date(2024, 12, 31), today) is None
    assert rules.expiry_level(None, today) is None


def test_rehired_workers_sign_a_service_agreement_and_are_recognised():
    assert rules.is_rehired(NS(employment_mode="rehired"))
    assert not rules.is_rehired(NS(employment_mode="public_hire"))
    assert rules.contract_kind_for("rehired") == "service"
    assert rules.contract_kind_for("purchased_service") == "labour"


def test_insurance_must_cover_the_start_day():
    ins = [NS(starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31))]
    assert rules.insurance_covers(ins, date(2025, 1, 1))
    assert rules.insurance_covers(ins, date(2025, 12, 31))
    assert not rules.insurance_covers(ins, date(2026, 1, 1))
    assert not rules.insurance_covers([], date(2025, 1, 1))
