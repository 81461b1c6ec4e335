from datetime import date
from decimal import Decimal

from unionsw.careers import rules

SHANDONG = dict(
    ladder=["见习干事", "初级干事", "中级干事", "高级干事"],
    min_years=3,
    recent=3,
    min_grade="PASS",
    rank_certificate=None,
)
GOOD = {2023: "PASS", 2024: "EXCELLENT", 2025: "PASS"}


def check(on, since=date(2023, 3, 1), results=GOOD, **kw):
    args = dict(
        rank="初级干事",
        rank_since=since,
        employment_mode="public_hire",
        status="active",
        results=results,
        cert_levels=set(),
        on=on,
    )
    args.update(SHANDONG)
    args.update(kw)
    return rules.eligibility(**args)


def test_tenure_is_not_full_the_day_before_the_third_anniversary():
    e = check(date(2026, 2, 28))
    assert not e.eligible
    assert "2026-03-01 满" in e.summary


def test_tenure_is_full_on_the_day_of_the_third_anniversary():
    e = check(date(2026, 3, 1))
    assert e.eligible, e.summary
    assert e.next_rank == "中级干事"


def test_a_29_february_start_completes_on_1_march():
    assert rules.anniversary(date(2020, 2, 29), 3) == date(2023, 3, 1)
    assert rules.full_years(date(2020, 2, 29), date(2023, 2, 28)) == 2


def test_one_basic_result_in_the_last_three_years_blocks_promotion():
    e = check(date(2026, 6, 1), results={2023: "PASS", 2024: "BASIC", 2025: "PASS"})
    assert not e.eligible
    assert "基本合格" in e.summary


def test_a_missing_year_blocks_promotion():
    e = check(date(2026, 6, 1), results={2023: "PASS", 2025: "PASS"})
    assert not e.eligible and "缺少 2024" in e.summary


def test_the_current_year_counts_once_published():
    # 2026 is published as FAIL: the last three are 2026, 2025, 2024
    e = check(date(2026, 12, 20), results={2023: "PASS", 2024: "PASS", 2025: "PASS", 2026: "FAIL"})
    assert not e.eligible


def test_山东_返聘人员不执行职业发展_rehired_workers_are_not_eligible_where_the_policy_says_so():
    e = check(date(2030, 1, 1), employment_mode="rehired", rehired_outside_ladder=True)
    assert not e.eligible and "返聘" in e.summary


def test_rehired_exclusion_is_a_policy_key_not_code_for_every_province():
    e = check(date(2030, 1, 1), employment_mode="rehired", rehired_outside_ladder=False)
    assert "返聘" not in e.summary


def test_top_of_the_ladder_is_not_eligible():
    e = check(date(2030, 1, 1), rank="高级干事")
    assert not e.eligible and "最高等级" in e.summary


def test_unset_rules_make_the_verdict_undetermined_not_eligible():
    e = check(date(2030, 1, 1), min_years=None, recent=None, min_grade=None, ladder=["初级岗", "三级岗"], rank="初级岗")
    assert not e.eligible and e.undetermined
    assert "未规定" in e.summary


def test_hebei_third_grade_post_needs_an_assistant_social_worker_certificate():
    kw = dict(ladder=["初级岗", "三级岗", "二级岗", "一级岗"], rank="初级岗", rank_certificate={"三级岗": "助理社会工作师"})
    on = date(2026, 6, 1)
    assert not check(on, cert_levels=set(), **kw).eligible
    assert check(on, cert_levels={"assistant"}, **kw).eligible
    assert check(on, cert_levels={"social_worker"}, **kw).eligible


def test_quota_is_the_floor_of_ratio_times_headcount():
    q = rules.quota_check(rank="中级干事", rank_quota={"中级干事": 0.2}, headcount=37, held=7)
    assert q.allowed == 7 and not q.ok_to_add
    assert "20% × 37 人 = 7.4" in q.text and "最多 7 人，现有 7 人" in q.text
    assert rules.quota_check(rank="中级干事", rank_quota={"中级干事": 0.2}, headcount=37, held=6).ok_to_add


def test_small_counties_round_down_to_zero_or_one():
    ratio = {"中级干事": 0.2, "高级干事": 0.1}
    assert rules.quota_check(rank="中级干事", rank_quota=ratio, headcount=4, held=0).allowed == 0
    assert rules.quota_check(rank="中级干事", rank_quota=ratio, headcount=5, held=0).allowed == 1
    assert rules.quota_check(rank="高级干事", rank_quota=ratio, headcount=9, held=0).allowed == 0
    assert rules.quota_check(rank="高级干事", rank_quota=ratio, headcount=10, held=0).allowed == 1


def test_exact_products_are_not_lost_to_float_error():
    assert rules.quota_check(rank="中级干事", rank_quota={"中级干事": 0.2}, headcount=35, held=0).allowed == 7
    assert rules.quota_check(rank="高级干事", rank_quota={"高级干事": 0.1}, headcount=30, held=0).allowed == 3


def test_a_rank_without_a_quota_is_not_capped():
    q = rules.quota_check(rank="初级干事", rank_quota={"中级干事": 0.2}, headcount=10, held=10)
    assert q.allowed is None and q.ok_to_add and "未规定" in q.text
    assert q.ratio is None and Decimal(0) == 0


def test_hebei_助理社会工作师等_admits_an_equivalent_certificate_and_二级岗_is_not_called_the_top():
    from datetime import date as d

    def check(rank, certs):
        return rules.eligibility(
            rank=rank,
            rank_since=d(2015, 1, 1),
            employment_mode="public_hire",
            status="active",
            results={},
            cert_levels=set(certs),
            on=d(2026, 6, 1),
            ladder=["初级岗", "三级岗", "二级岗"],
            min_years=None,
            recent=None,
            min_grade=None,
            rank_certificate={"三级岗": "助理社会工作师等"},
        )

    cert = lambda e: next(c for c in e.checks if c.label == "证书")  # noqa: E731
    assert cert(check("初级岗", ["other"])).ok is True and "同等证书" in cert(check("初级岗", ["other"])).detail
    assert cert(check("初级岗", ["assistant"])).ok is True
    assert cert(check("初级岗", [])).ok is False
    top = check("二级岗", [])
    assert "政策列明的最高等级" in top.checks[0].detail and "更高等级未规定" in top.checks[0].detail
