"""Pay rules against figures computed by hand (the working is in each test's comments)."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from unionsw.pay import rules
from unionsw.pay.rules import ContributionRate as R

SHANDONG_RANGE = [0.7, 1.0]
LADDER = {"见习干事": 10, "初级干事": 9, "中级干事": 8, "高级干事": 7}

# illustrative rates (not any city's): 养老 16/8, 医疗 9/2, 失业 0.7/0.3, 工伤 0.2/0, 生育 0.8/0, 公积金 12/12
RATES = [
    R("pension", D("0.16"), D("0.08"), D("3800"), D("20000")),
    R("medical", D("0.09"), D("0.02"), D("3800"), D("20000")),
    R("unemployment", D("0.007"), D("0.003"), D("3800"), D("20000")),
    R("injury", D("0.002"), D("0"), D("3800"), D("20000")),
    R("maternity", D("0.008"), D("0"), D("3800"), D("20000")),
    R("housing_fund", D("0.12"), D("0.12"), D("2500"), D("25000")),
]


def test_money_rounds_half_up_to_the_fen_and_refuses_floats():
    assert rules.money(D("0.125")) == D("0.13")
    assert rules.money(D("2.675")) == D("2.68")  # a float 2.675 would be 2.67499… and round down
    assert rules.money(D("-0.125")) == D("-0.13")  # half away from zero
    assert rules.money(D("1.004")) == D("1.00")
    with pytest.raises(TypeError):
        rules.money(2.675)


def test_parse_money_and_ratio_give_chinese_messages():
    assert rules.parse_money("1,720.5") == D("1720.50")
    for bad, text in (("abc", "应为数字"), ("1.234", "两位小数"), ("-1", "负数"), ("", "请填写"), ("NaN", "应为数字")):
        with pytest.raises(ValidationError, match=text):
            rules.parse_money(bad)
    assert rules.parse_ratio("80%") == D("0.8")
    assert rules.parse_ratio("80") == D("0.8")
    assert rules.parse_ratio("0.85") == D("0.85")
    with pytest.raises(ValidationError):
        rules.parse_ratio("120%")


def test_rank_maps_to_the_management_grade_of_the_profile_or_to_nothing():
    assert rules.post_grade_for_rank("中级干事", LADDER) == 8
    assert rules.post_grade_for_rank("见习干事", LADDER) == 10
    assert rules.post_grade_for_rank("初级岗", None) is None  # Hebei maps nothing: 未规定
    assert rules.post_grade_for_rank("不存在", LADDER) is None


def test_performance_ratio_outside_shandong_range_is_refused_naming_the_range():
    rules.check_performance_ratio(D("0.7"), SHANDONG_RANGE)
    rules.check_performance_ratio(D("1"), SHANDONG_RANGE)
    with pytest.raises(ValidationError, match="70%至100%") as exc:
        rules.check_performance_ratio(D("0.69"), SHANDONG_RANGE)
    assert "69%" in str(exc.value)
    with pytest.raises(ValidationError, match="70%至100%"):
        rules.check_performance_ratio(D("1.01"), SHANDONG_RANGE)
    rules.check_performance_ratio(D("0.5"), None)  # no range in the profile: the county decides


def test_a_middle_rank_worker_on_grade_eight_level_twenty_at_eighty_percent():
    # 中级干事 → 八级; 岗位工资 1,720.00, 薪级 20 = 1,013.00 (illustrative tables)
    # basic 2,733.00; 绩效 80 % = 2,186.40; 交通补贴 300.00 → gross 5,219.40
    # employee: 养老 417.552→417.55, 医疗 104.388→104.39, 失业 15.6582→15.66, 公积金 626.328→626.33 = 1,163.93
    # employer: 835.104→835.10 + 469.746→469.75 + 36.5358→36.54 + 10.4388→10.44 + 41.7552→41.76 + 626.33 = 2,019.92
    # IIT January: 5,219.40 − 5,000 − 1,163.93 − 1,000 (专项附加) < 0 → 0; net 4,055.47; cost 7,239.32
    inp = rules.LineInput(
        month=date(2026, 1, 1),
        start=date(2020, 7, 1),
        end=None,
        post_pay=[(date(2020, 1, 1), D("1720"))],
        grade_pay=[(date(2020, 1, 1), D("1013"))],
        ratio=D("0.8"),
        allowances=[("交通补贴", D("300"))],
        rates=RATES,
        additional_deduction=D("1000"),
    )
    r = rules.compute_line(inp)
    assert (r.post_pay, r.grade_pay, r.performance, r.gross) == (D("1720.00"), D("1013.00"), D("2186.40"), D("5219.40"))
    assert r.employee_si == D("1163.93")
    assert r.employer_si == D("2019.92")
    assert r.iit == D("0.00")
    assert r.net == D("4055.47")
    assert r.total_cost == D("7239.32")
    assert r.notes == []


def test_contribution_base_is_raised_to_the_floor_and_capped_at_the_ceiling():
    assert rules.contribution_base(D("3000"), D("3800"), D("20000")) == D("3800.00")
    assert rules.contribution_base(D("25000"), D("3800"), D("20000")) == D("20000.00")
    assert rules.contribution_base(D("5000"), None, None) == D("5000.00")
    [pension] = rules.contributions(D("3000"), RATES[:1])
    assert (pension.base, pension.employer, pension.employee) == (D("3800.00"), D("608.00"), D("304.00"))


def test_rates_are_validated():
    with pytest.raises(ValidationError, match="下限不能高于上限"):
        rules.validate_rates([R("pension", D("0.16"), D("0.08"), D("5000"), D("4000"))])
    with pytest.raises(ValidationError, match="重复"):
        rules.validate_rates([RATES[0], RATES[0]])


def test_iit_of_a_december_with_cumulative_income():
    # 15,000 a month, 2,000 employee SI/HF, 1,500 专项附加扣除, Jan–Dec:
    # Dec: 180,000 − 60,000 − 24,000 − 18,000 = 78,000 → 10 % − 2,520 = 5,280
    # Nov: 165,000 − 55,000 − 22,000 − 16,500 = 71,500 → 7,150 − 2,520 = 4,630 withheld by the end of November
    # December withholds 5,280 − 4,630 = 650.00
    t = rules.wage_tax(
        cumulative_income=D("180000"),
        months=12,
        cumulative_special=D("24000"),
        cumulative_additional=D("18000"),
        already_withheld=D("4630"),
    )
    assert t.cumulative_taxable == D("78000.00")
    assert (t.rate, t.quick_deduction) == (D("0.10"), D("2520.00"))
    assert t.cumulative_tax == D("5280.00")
    assert t.this_month == D("650.00")
    assert "累计应纳税所得额78000.00" in t.explanation


def test_iit_month_that_crosses_the_36000_bracket():
    # 6,500 taxable a month: May 32,500 × 3 % = 975; June 39,000 × 10 % − 2,520 = 1,380 → June withholds 405
    may = rules.wage_tax(
        cumulative_income=D("57500"), months=5, cumulative_special=D("0"), cumulative_additional=D("-0"), already_withheld=D("0")
    )
    assert may.cumulative_tax == D("975.00")
    june = rules.wage_tax(
        cumulative_income=D("69000"), months=6, cumulative_special=D("0"), cumulative_additional=D("0"), already_withheld=D("975")
    )
    assert june.this_month == D("405.00")


def test_iit_is_never_negative_within_the_year():
    t = rules.wage_tax(
        cumulative_income=D("10000"), months=2, cumulative_special=D("0"), cumulative_additional=D("0"), already_withheld=D("30")
    )
    assert t.this_month == D("0.00")


def test_iit_top_bracket():
    t = rules.wage_tax(
        cumulative_income=D("1000000"), months=0, cumulative_special=D("0"), cumulative_additional=D("0"), already_withheld=D("0")
    )
    assert t.cumulative_tax == D("268080.00")  # 1,000,000 × 45 % − 181,920


def test_proration_hire_on_the_fifteenth_of_a_31_day_month():
    # March 2026: on the payroll 15 … 31 = 17 days; 3,100 × 17 / 31 = 1,700.00
    assert rules.days_on_payroll(date(2026, 3, 1), date(2026, 3, 15), None) == 17
    assert rules.prorate(D("3100"), 17, 31) == D("1700.00")
    # 岗位 1,720 × 17/31 = 943.2258 → 943.23; 薪级 1,013 × 17/31 = 555.516 → 555.52; 绩效 80 % of 1,498.75 = 1,199.00
    r = rules.compute_line(
        rules.LineInput(
            month=date(2026, 3, 1),
            start=date(2026, 3, 15),
            end=None,
            post_pay=[(date(2020, 1, 1), D("1720"))],
            grade_pay=[(date(2020, 1, 1), D("1013"))],
            ratio=D("0.8"),
        )
    )
    assert (r.days, r.month_days) == (17, 31)
    assert (r.post_pay, r.grade_pay, r.performance) == (D("943.23"), D("555.52"), D("1199.00"))
    assert r.notes == ["按日历天数折算：本月在岗17天/共31天"]


def test_exit_mid_month_and_absent_month():
    assert rules.days_on_payroll(date(2026, 2, 1), None, date(2026, 2, 10)) == 10
    assert rules.days_on_payroll(date(2026, 2, 1), date(2026, 3, 1), None) == 0
    r = rules.compute_line(
        rules.LineInput(
            month=date(2026, 2, 1),
            start=date(2026, 3, 1),
            end=None,
            post_pay=[(date(2020, 1, 1), D("1"))],
            grade_pay=[],
            ratio=D("0.7"),
        )
    )
    assert r.gross == D("0") and r.notes == ["本月不在岗"]


def test_promotion_in_the_middle_of_a_month_splits_the_post_pay_by_days():
    # June 2026 (30 days), 初级 1,500 until the 15th, 中级 1,720 from the 16th: 750 + 860 = 1,610.00
    changes = [(date(2020, 1, 1), D("1500")), (date(2026, 6, 16), D("1720"))]
    parts = rules.split_month(date(2026, 6, 1), None, None, changes)
    assert [(a.day, b.day, v) for a, b, v in parts] == [(1, 15, D("1500")), (16, 30, D("1720"))]
    segs = [rules.Segment(a, b, v) for a, b, v in parts]
    assert rules.prorate_segments(segs, 30) == D("1610.00")


def test_split_cost_adds_to_the_total_by_largest_remainder():
    # 7,239.32 at 10/20/20/30/20 %: floors 723.93, 1447.86 ×3, 2171.79 leave 2 fen → 县 (.6) then 省 (.4, first)
    shares = {"全总": D("0.1"), "省": D("0.2"), "市": D("0.2"), "县": D("0.3"), "乡镇": D("0.2")}
    parts = rules.split_cost(D("7239.32"), shares)
    assert parts == {"全总": D("723.93"), "省": D("1447.87"), "市": D("1447.86"), "县": D("2171.80"), "乡镇": D("1447.86")}
    assert sum(parts.values()) == D("7239.32")
    assert sum(rules.split_cost(D("-100.01"), {"a": D("0.5"), "b": D("0.5")}).values()) == D("-100.01")


def test_shares_that_do_not_add_to_100_percent_are_refused():
    with pytest.raises(ValidationError, match="合计须为100%，现为90%"):
        rules.check_shares({"全总": D("0.3"), "省": D("0.6")})
    with pytest.raises(ValidationError, match="不是政策规定的承担方"):
        rules.check_shares({"某单位": D("1")}, payers=["全总", "省总工会"])
    with pytest.raises(ValidationError):
        rules.split_cost(D("100"), {"a": D("0.5"), "b": D("0.6")})


def test_rehired_retiree_is_outside_the_scale_flat_fee_without_si():
    # 3,000 劳务费: (3,000 − 800) × 20 % = 440; net 2,560; no SI/HF, cost = fee
    line = rules.compute_rehired_line(month=date(2026, 4, 1), fee=D("3000"), start=date(2025, 1, 1), end=None)
    assert (line.gross, line.iit, line.net, line.total_cost) == (D("3000.00"), D("440.00"), D("2560.00"), D("3000.00"))
    assert "不缴社会保险" in line.notes[0]
    assert rules.service_fee_tax(D("5000")) == D("800.00")  # 5,000 × 80 % × 20 %
    assert rules.service_fee_tax(D("30000")) == D("5200.00")  # 24,000 × 30 % − 2,000
    assert rules.service_fee_tax(D("700")) == D("0.00")


def test_suggested_grade_level_from_education_and_years():
    start = {"junior_college": 5, "bachelor": 7, "master": 11}
    assert rules.suggest_grade_level(education="bachelor", service_years=6, start_levels=start) == 13
    assert rules.suggest_grade_level(education="doctor", service_years=6, start_levels=start) is None
    assert rules.suggest_grade_level(education="master", service_years=80, start_levels=start) == 65
    assert rules.full_years(date(2020, 3, 15), date(2026, 3, 14)) == 5
    assert rules.full_years(date(2020, 3, 15), date(2026, 3, 15)) == 6


def test_percent_display():
    assert rules.percent(D("0.8")) == "80%"
    assert rules.percent(D("0.105")) == "10.5%"
    assert rules.percent(None) == "未规定"
