from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from unionsw.core.idnumber import age_on
from unionsw.stats import rules


def test_thirds_give_the_extra_hundredth_to_the_first_row():
    assert rules.shares([1, 1, 1]) == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]


def test_the_seeds_108_posts_add_to_100_where_the_report_adds_to_100_01():
    # 《关于工会社会工作岗位管理情况的调研报告》 prints 89 / 18 / 1 of 108 as 82.41 %, 16.67 %, 0.93 % (ordinary
    # rounding, total 100.01 %); largest remainder keeps the first two and gives 0.92 % (0.9259… cut to 0.92)
    assert rules.shares([89, 18, 1]) == [Decimal("82.41"), Decimal("16.67"), Decimal("0.92")]


def test_the_largest_remainder_wins_not_the_largest_row():
    # 2/7 = 28.571…, 5/7 = 71.428…: cut to 28.57 + 71.42 = 99.99; the 0.01 goes to the larger remainder (5/7: .857…)
    assert rules.shares([2, 5]) == [Decimal("28.57"), Decimal("71.43")]


def test_a_zero_total_is_all_zero():
    assert rules.shares([0, 0]) == [Decimal("0.00"), Decimal("0.00")]
    assert rules.shares([]) == []


def test_sums_of_money_work_too():
    assert sum(rules.shares([Decimal("1000.10"), Decimal("2000.20"), Decimal("0.01")])) == Decimal("100.00")


@given(st.lists(st.integers(min_value=0, max_value=100_000), min_size=1, max_size=30))
def test_shares_always_add_to_exactly_100(values):
    result = rules.shares(values)
    if sum(values):
        assert sum(result) == Decimal("100.00")
        assert all(abs(s - Decimal(v) * 100 / sum(values)) < Decimal("0.01") for s, v in zip(result, values, strict=True))
    else:
        assert sum(result) == 0


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2030, 12, 31)), st.integers(0, 60))
def test_full_year_ranges_agree_with_age_on(birth, years):
    day = birth + timedelta(days=years * 365 + 40)
    for low, high, _ in rules.AGE_BANDS_FINE:
        after, until = rules.full_years_range(day, low, high)
        inside = (after is None or birth > after) and (until is None or birth <= until)
        age = age_on(birth, day)
        assert inside == ((low is None or age >= low) and (high is None or age <= high)), (birth, day, low, high)


def test_35_on_the_day_before_the_36th_birthday_and_36_on_it():
    day = date(2023, 6, 30)
    after, until = rules.full_years_range(day, None, 35)
    assert date(1987, 7, 1) > after  # 35 on 2023-06-30
    assert not date(1987, 6, 30) > after  # 36 that day
