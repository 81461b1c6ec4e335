from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from unionsw.training import rules

SHANDONG = {"months": 6, "kinds": ["资格培训", "业务培训"]}
JIANGSU = {"months": 12, "kinds": ["业务培训"]}


def test_the_shandong_deadline_is_the_corresponding_day_six_months_on():
    hired = date(2026, 1, 15)
    assert rules.training_deadline(hired, 6) == date(2026, 7, 15)
    on_day = rules.compliance(hired_on=hired, **SHANDONG, attended=[], today=date(2026, 7, 15))
    day_after = rules.compliance(hired_on=hired, **SHANDONG, attended=[], today=date(2026, 7, 16))
    assert on_day.state == "pending" and day_after.state == "overdue"


def test_the_jiangsu_deadline_is_one_year_from_the_hire_date():
    hired = date(2025, 3, 1)
    assert rules.training_deadline(hired, 12) == date(2026, 3, 1)
    assert rules.compliance(hired_on=hired, **JIANGSU, attended=[], today=date(2026, 3, 1)).state == "pending"
    assert rules.compliance(hired_on=hired, **JIANGSU, attended=[], today=date(2026, 3, 2)).state == "overdue"


def test_training_on_the_last_day_is_in_time_and_the_day_after_is_late():
    hired = date(2025, 3, 1)
    assert rules.compliance(hired_on=hired, **JIANGSU, attended=[("业务培训", date(2026, 3, 1))], today=date(2027, 1, 1)).state == "done"
    late = rules.compliance(hired_on=hired, **JIANGSU, attended=[("业务培训", date(2026, 3, 2))], today=date(2027, 1, 1))
    assert late.state == "done_late" and late.done_on == date(2026, 3, 2)


def test_only_the_profiles_kinds_count():
    hired = date(2026, 1, 15)
    other = rules.compliance(hired_on=hired, **JIANGSU, attended=[("专题培训", date(2026, 2, 1))], today=date(2027, 1, 16))
    assert other.state == "overdue"
    qual = rules.compliance(hired_on=hired, **SHANDONG, attended=[("资格培训", date(2026, 2, 1))], today=date(2027, 1, 16))
    assert qual.state == "done"


def test_no_deadline_in_the_profile_is_not_set():
    c = rules.compliance(hired_on=date(2020, 1, 1), months=None, kinds=None, attended=[], today=date(2030, 1, 1))
    assert c.state == "not_set" and c.label == "未规定"


def test_months_without_a_corresponding_day_end_on_the_last_day_of_the_month():
    assert rules.add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert rules.add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert rules.add_months(date(2025, 12, 31), 2) == date(2026, 2, 28)


def test_the_signin_code_changes_every_period_and_the_previous_one_still_works():
    secret = "s3cret"
    t = datetime(2026, 12, 2, 9, 0, 0, tzinfo=UTC)
    code = rules.signin_code(secret, t)
    assert len(code) == 6 and code.isdigit()
    assert rules.signin_code(secret, t + timedelta(seconds=119)) == code
    later = t + timedelta(seconds=120)
    assert rules.signin_code(secret, later) != code or rules.signin_code(secret, later + timedelta(seconds=120)) != code
    assert rules.code_matches(secret, code, later)  # grace: the code that just changed
    assert not rules.code_matches(secret, code, t + timedelta(seconds=240))  # expired
    assert not rules.code_matches(secret, "12345", t) and not rules.code_matches("", code, t)
    assert not rules.code_matches("other", code, t)


def test_hours_by_year_and_rates():
    assert rules.hours_by_year([(2025, Decimal("8")), (2026, Decimal("4")), (2026, None), (2026, Decimal("2.5"))]) == {
        2026: Decimal("6.5"),
        2025: Decimal("8"),
    }
    assert rules.rate(1, 3) == 33.3 and rules.rate(0, 0) is None
    assert rules.session_kinds(None) == (rules.DEFAULT_KINDS, False)
    assert rules.session_kinds(["业务培训"]) == (["业务培训"], True)
