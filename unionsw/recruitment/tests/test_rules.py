from datetime import date
from decimal import Decimal as D

import pytest

from unionsw.recruitment import rules
from unionsw.recruitment.rules import Candidate


class TestAge:
    """《关于加强工会社会工作专业人才队伍建设的意见》"年龄40周岁以下", read with 民法典 第1259条 (以下…包括本数):
    40 is included, so an applicant is eligible until the day before the 41st birthday."""

    def test_40周岁以下_includes_the_40th_birthday(self):
        result = rules.check_age(date(1986, 6, 1), date(2026, 6, 1), 40)
        assert result.ok and "含本数" in result.detail and result.rule == "年龄"

    def test_40周岁以下_includes_the_day_before_the_41st_birthday(self):
        assert rules.check_age(date(1986, 6, 1), date(2027, 5, 31), 40).ok

    def test_40周岁以下_excludes_the_41st_birthday(self):
        result = rules.check_age(date(1986, 6, 1), date(2027, 6, 1), 40)
        assert not result.ok
        assert "未满41周岁" in result.detail

    def test_no_age_limit_in_the_policy_means_unrestricted(self):
        result = rules.check_age(date(1950, 1, 1), date(2026, 6, 1), None)
        assert result.ok and "未规定" in result.detail


class TestEducation:
    def test_junior_college_meets_the_junior_college_minimum(self):
        assert rules.check_education("junior_college", "大专").ok

    def test_bachelor_exceeds_it(self):
        assert rules.check_education("bachelor", "大专").ok

    def test_no_education_is_refused(self):
        assert not rules.check_education("", "大专").ok

    def test_no_minimum_means_unrestricted(self):
        assert "未规定" in rules.check_education("junior_college", None).detail


def test_a_post_requiring_a_certificate_refuses_an_applicant_without_one():
    assert not rules.check_certificate(False, True).ok
    assert rules.check_certificate(True, True).ok
    assert rules.check_certificate(False, False).ok


def test_eligibility_names_every_rule():
    ok, checks = rules.eligibility(
        birth=date(1986, 6, 1),
        reference=date(2027, 6, 1),
        education="bachelor",
        has_certificate=False,
        requires_certificate=False,
        max_age=40,
        min_education="大专",
    )
    assert not ok
    assert [c["rule"] for c in checks] == ["年龄", "学历", "证书"]
    assert [c["ok"] for c in checks] == [False, True, True]


class TestPlanSessions:
    """Beijing (seed 004): plans by 03-31 / 09-30 for the May / November exams."""

    BJ = {"deadlines": ["03-31", "09-30"], "exam_months": [5, 11]}

    def test_a_plan_on_the_deadline_day_is_accepted(self):
        assert rules.plan_session_error(on=date(2026, 3, 31), exam_year=2026, exam_month=5, **self.BJ) is None

    def test_a_plan_the_day_after_is_refused(self):
        assert "2026-03-31" in rules.plan_session_error(on=date(2026, 4, 1), exam_year=2026, exam_month=5, **self.BJ)

    def test_the_november_session_has_its_own_deadline(self):
        assert rules.plan_session_error(on=date(2026, 4, 1), exam_year=2026, exam_month=11, **self.BJ) is None
        assert rules.plan_session_error(on=date(2026, 10, 1), exam_year=2026, exam_month=11, **self.BJ)

    def test_a_month_without_an_exam_is_refused(self):
        assert "5月、11月" in rules.plan_session_error(on=date(2026, 1, 1), exam_year=2026, exam_month=6, **self.BJ)

    def test_no_policy_means_no_constraint(self):
        assert (
            rules.plan_session_error(on=date(2026, 12, 31), exam_year=2026, exam_month=6, deadlines=None, exam_months=None)
            is None
        )

    def test_the_exam_date_must_fall_in_an_exam_month(self):
        assert rules.exam_month_error(date(2026, 6, 1), [5, 11])
        assert rules.exam_month_error(date(2026, 5, 30), [5, 11]) is None


class TestInterviewList:
    def test_it_takes_posts_times_ratio(self):
        scores = [(i, D(90 - i)) for i in range(10)]
        assert rules.interview_list(scores, posts=1, ratio=3) == [0, 1, 2]

    def test_everyone_tied_at_the_cut_line_is_included(self):
        scores = [(1, D(90)), (2, D(88)), (3, D(85)), (4, D(85)), (5, D(85)), (6, D(84))]
        assert rules.interview_list(scores, posts=1, ratio=3) == [1, 2, 3, 4, 5]

    def test_a_tie_just_below_the_line_is_not_included(self):
        scores = [(1, D(90)), (2, D(88)), (3, D(86)), (4, D(85)), (5, D(85))]
        assert rules.interview_list(scores, posts=1, ratio=3) == [1, 2, 3]

    def test_absent_candidates_are_never_invited(self):
        assert rules.interview_list([(1, D(60)), (2, None)], posts=2, ratio=3) == [1]


class TestInterviewScore:
    def test_highest_and_lowest_are_dropped_when_the_round_says_so(self):
        assert rules.interview_score([D(70), D(80), D(82), D(99)], True) == D("81.00")

    def test_plain_mean_otherwise(self):
        assert rules.interview_score([D(70), D(80), D(90)], False) == D("80.00")

    def test_dropping_needs_three_judges(self):
        with pytest.raises(ValueError):
            rules.interview_score([D(70), D(80)], True)


def test_total_is_the_weighted_sum():
    assert rules.total_score(D(80), D(90), D("0.4")) == D("86.000")
    assert rules.total_score(D(80), D(90), D("1")) == D("80.000")
    assert rules.total_score(D(80), D(90), D("0")) == D("90.000")


class TestRanking:
    CERT = ["社会工作者职业水平证书"]

    def test_higher_total_ranks_first_whatever_the_certificate(self):
        result = rules.rank_candidates(
            [Candidate(1, D("80.001"), True, D(80), D(80)), Candidate(2, D("80.002"), False, D(80), D(80))],
            tie_break=self.CERT,
            second_key="written",
        )
        assert [r[0] for r in result] == [2, 1] and [r[1] for r in result] == [1, 2] and result[0][2] == ""

    def test_at_equal_totals_the_certificate_holder_ranks_first(self):
        result = rules.rank_candidates(
            [Candidate(1, D(80), False, D(90), D(70)), Candidate(2, D(80), True, D(70), D(90))],
            tie_break=self.CERT,
            second_key="written",
        )
        assert [r[0] for r in result] == [2, 1]
        assert "证书" in result[0][2] and "证书" in result[1][2]

    def test_without_the_policy_tie_break_the_certificate_does_not_count(self):
        result = rules.rank_candidates(
            [Candidate(1, D(80), False, D(90), D(70)), Candidate(2, D(80), True, D(70), D(90))],
            tie_break=None,
            second_key="written",
        )
        assert [r[0] for r in result] == [1, 2] and "笔试" in result[0][2]

    def test_equal_totals_and_certificates_fall_to_the_next_key(self):
        result = rules.rank_candidates(
            [Candidate(1, D(80), True, D(70), D(90)), Candidate(2, D(80), True, D(90), D(70))],
            tie_break=self.CERT,
            second_key="interview",
        )
        assert [r[0] for r in result] == [1, 2] and "面试成绩高者优先" in result[1][2]

    def test_equal_on_every_key_shares_the_rank(self):
        result = rules.rank_candidates(
            [
                Candidate(1, D(80), True, D(80), D(80), "2"),
                Candidate(2, D(80), True, D(80), D(80), "1"),
                Candidate(3, D(70), True, D(70), D(70)),
            ],
            tie_break=self.CERT,
            second_key="written",
        )
        assert [r[1] for r in result] == [1, 1, 3] and "并列" in result[0][2]


class TestWaitingList:
    def test_valid_on_the_last_day(self):
        assert rules.waiting_list_valid(date(2026, 1, 31), 12, date(2027, 1, 31))

    def test_expired_the_day_after(self):
        assert not rules.waiting_list_valid(date(2026, 1, 31), 12, date(2027, 2, 1))

    def test_month_end_is_clamped(self):
        assert rules.waiting_list_valid_until(date(2026, 1, 31), 1) == date(2026, 2, 28)

    def test_no_period_means_not_valid(self):
        assert not rules.waiting_list_valid(date(2026, 1, 1), None, date(2026, 1, 2))


def test_contract_deadline_follows_the_policy():
    assert rules.contract_sign_by(date(2026, 3, 15), 1) == date(2026, 4, 15)
    assert rules.contract_sign_by(date(2026, 3, 15), None) is None


class TestPublicity:
    def test_filing_waits_for_the_end_of_the_notice(self):
        assert rules.publicity_error(date(2026, 1, 1), date(2026, 1, 7), date(2026, 1, 7), 0)
        assert rules.publicity_error(date(2026, 1, 1), date(2026, 1, 7), date(2026, 1, 8), 0) is None

    def test_open_objections_block_filing(self):
        assert "异议" in rules.publicity_error(date(2026, 1, 1), date(2026, 1, 7), date(2026, 1, 8), 1)


def test_seats_fill_rooms_in_order_and_refuse_overflow():
    assert rules.assign_seats(3, [2, 5]) == [(0, 1), (0, 2), (1, 1)]
    with pytest.raises(ValueError):
        rules.assign_seats(8, [2, 5])


@pytest.mark.parametrize("raw", ["-1", "100.01", "abc", "nan"])
def test_scores_out_of_range_or_not_numbers_are_refused(raw):
    with pytest.raises(ValueError):
        rules.parse_score(raw)


def test_scores_at_the_bounds_are_accepted():
    assert rules.parse_score("0") == D("0.00") and rules.parse_score(100) == D("100.00")
