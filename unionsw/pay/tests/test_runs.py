"""Payroll runs through the services: figures, states, the lock, corrections, who is on the run."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from unionsw.core.errors import NotAllowed
from unionsw.pay import runs, services
from unionsw.pay.models import PayLine, PayrollRun, PayShare, RunStatus
from unionsw.pay.services import Conflict

LINE_FIELDS = (
    "worker_id",
    "post_pay",
    "grade_pay",
    "performance",
    "allowance_total",
    "gross",
    "employee_si",
    "iit",
    "net",
    "employer_si",
    "total_cost",
    "shares",
    "notes",
)


def snapshot(run):
    return sorted(
        tuple(getattr(line, f) if f != "shares" else sorted(line.shares.items()) for f in LINE_FIELDS)
        for line in PayLine.objects.filter(run=run)
    )


def approve(world, run):
    run = runs.run_compute(by=world.county_a_admin, run=run)
    run = runs.run_review(by=world.county_a_admin, run=run)
    return runs.run_approve(by=world.county_a_admin, run=run)


def test_a_middle_rank_worker_on_grade_eight_level_twenty_at_eighty_percent(pay_world, run_jan):
    # the same hand-computed month as test_rules: 1,720 + 1,013 + 2,186.40 + 300 = 5,219.40 …
    run = runs.run_compute(by=pay_world.county_a_admin, run=run_jan)
    line = PayLine.objects.get(run=run, worker=pay_world.worker_a)
    assert (line.rank, line.post_grade, line.grade_level, line.ratio) == ("中级干事", 8, 20, D("0.8"))
    assert (line.post_pay, line.grade_pay, line.performance, line.allowance_total) == (
        D("1720"),
        D("1013"),
        D("2186.40"),
        D("300"),
    )
    assert (line.gross, line.employee_si, line.iit, line.net) == (D("5219.40"), D("1163.93"), D("0"), D("4055.47"))
    assert (line.employer_si, line.total_cost) == (D("2019.92"), D("7239.32"))
    assert line.shares == {runs.UNSET_PAYER: "7239.32"}  # Shandong names the payers but not the shares: 未规定
    assert run.status == RunStatus.COMPUTED
    assert run.problems == []


def test_shares_set_by_the_province_split_the_cost(pay_world, run_jan):
    services.cost_shares_set(
        by=pay_world.province_admin,
        org=pay_world.province,
        shares={"全总": "10%", "省总工会": "20%", "市总工会": "20%", "县（市、区）总工会": "30%", "乡镇（街道）财政": "20%"},
        effective_from=date(2025, 1, 1),
        source="省总工会〔2025〕1号（测试）",
    )
    run = runs.run_compute(by=pay_world.county_a_admin, run=run_jan)
    line = PayLine.objects.get(run=run, worker=pay_world.worker_a)
    assert line.shares == {
        "全总": "723.93",
        "省总工会": "1447.87",
        "市总工会": "1447.86",
        "县（市、区）总工会": "2171.80",
        "乡镇（街道）财政": "1447.86",
    }
    assert sum(D(v) for v in run.payer_totals.values()) == D(run.totals["total_cost"])
    assert PayShare.objects.filter(run=run).count() == 5


def test_shares_that_do_not_add_to_100_percent_are_refused(pay_world):
    with pytest.raises(ValidationError, match="合计须为100%，现为90%"):
        services.cost_shares_set(
            by=pay_world.province_admin,
            org=pay_world.province,
            shares={"全总": "10%", "省总工会": "80%"},
            effective_from=date(2025, 1, 1),
            source="测试",
        )
    with pytest.raises(NotAllowed):
        services.cost_shares_set(
            by=pay_world.county_a_admin,
            org=pay_world.county_a,
            shares={"全总": "100%"},
            effective_from=date(2025, 1, 1),
            source="x",
        )


def test_performance_ratio_outside_the_profile_range_is_refused(pay_world):
    with pytest.raises(ValidationError, match="70%至100%"):
        services.performance_ratio_set(by=pay_world.county_a_admin, org=pay_world.county_a, year=2027, ratio="65%", reason="x")
    with pytest.raises(ValidationError, match="县级"):
        services.performance_ratio_set(by=pay_world.county_a_admin, org=pay_world.street_a, year=2027, ratio="80%", reason="x")


def test_recomputing_a_draft_is_idempotent(pay_world, run_jan):
    run = runs.run_compute(by=pay_world.county_a_admin, run=run_jan)
    first = snapshot(run)
    run = runs.run_compute(by=pay_world.county_a_admin, run=run)
    assert snapshot(run) == first
    assert PayLine.objects.filter(run=run).count() == len(first)


def test_a_locked_run_cannot_change_through_any_path(pay_world, run_jan):
    run = approve(pay_world, run_jan)
    before = snapshot(run)
    totals = dict(run.totals)
    admin = pay_world.county_a_admin
    # the data behind it changes…
    services.grade_set(by=admin, worker=pay_world.worker_a, level=30, effective_from=date(2026, 1, 1), reason="更正")
    for step in (runs.run_compute, runs.run_review, runs.run_approve, runs.run_delete):
        with pytest.raises(Conflict, match="已审批并锁定"):
            step(by=admin, run=run)
    with pytest.raises(Conflict, match="已审批并锁定"):
        runs.run_return(by=admin, run=run, reason="想改")
    # …and a correction run references it without touching it
    correction = runs.correction_open(by=admin, run=run, note="薪级更正")
    runs.run_compute(by=admin, run=correction)
    run.refresh_from_db()
    assert run.status == RunStatus.APPROVED and run.totals == totals
    assert snapshot(run) == before


def test_correction_run_holds_the_difference(pay_world, run_jan):
    admin = pay_world.county_a_admin
    run = approve(pay_world, run_jan)
    with pytest.raises(ValidationError, match="原因"):
        runs.correction_open(by=admin, run=run, note="")
    # 薪级 21 from January: +60 薪级工资, +48 绩效 (80 %) → gross +108
    services.grade_set(by=admin, worker=pay_world.worker_a, level=21, effective_from=date(2026, 1, 1), reason="补定薪级")
    correction = runs.run_compute(by=admin, run=runs.correction_open(by=admin, run=run, note="补定薪级"))
    [line] = PayLine.objects.filter(run=correction)
    assert (line.grade_pay, line.performance, line.gross) == (D("60"), D("48"), D("108"))
    assert line.notes[0] == "补发"
    with pytest.raises(ValidationError, match="已有未审批"):
        runs.correction_open(by=admin, run=run, note="再改")
    with pytest.raises(ValidationError, match="只能对已审批"):
        runs.correction_open(by=admin, run=correction, note="x")


def test_states_follow_draft_computed_reviewed_approved(pay_world, run_jan):
    admin = pay_world.county_a_admin
    with pytest.raises(Conflict):
        runs.run_review(by=admin, run=run_jan)
    run = runs.run_compute(by=admin, run=run_jan)
    with pytest.raises(Conflict):
        runs.run_approve(by=admin, run=run)
    run = runs.run_review(by=admin, run=run)
    with pytest.raises(Conflict):
        runs.run_compute(by=admin, run=run)  # reviewed: return to draft first
    run = runs.run_return(by=admin, run=run, reason="复核发现问题")
    assert run.status == RunStatus.DRAFT
    run = runs.run_review(by=admin, run=runs.run_compute(by=admin, run=run))
    with pytest.raises(NotAllowed):
        runs.run_approve(by=pay_world.city_admin, run=run)  # the city holds no pay.approve
    run = runs.run_approve(by=admin, run=run)
    assert run.approved_by == admin and run.is_locked


def test_a_stale_approval_loses_with_a_conflict(pay_world, run_jan):
    admin = pay_world.county_a_admin
    run = runs.run_review(by=admin, run=runs.run_compute(by=admin, run=run_jan))
    seen = run.version
    runs.run_approve(by=admin, run=run, version=seen)
    with pytest.raises(Conflict, match="已审批并锁定"):
        runs.run_approve(by=admin, run=run, version=seen)


def test_one_regular_run_per_county_and_month(pay_world, run_jan):
    with pytest.raises(Conflict, match="已存在"):
        runs.run_open(by=pay_world.county_a_admin, org=pay_world.county_a, month=date(2026, 1, 20))
    with pytest.raises(ValidationError, match="县级"):
        runs.run_open(by=pay_world.county_a_admin, org=pay_world.street_a, month=date(2026, 2, 1))


def test_hire_on_the_fifteenth_of_a_31_day_month_is_prorated(pay_world, add_worker):
    w = add_worker(rank="中级干事", hired_on=date(2026, 3, 15))
    services.grade_set(by=pay_world.county_a_admin, worker=w, level=20, effective_from=date(2026, 3, 15), reason="定级")
    run = runs.run_compute(
        by=pay_world.county_a_admin,
        run=runs.run_open(by=pay_world.county_a_admin, org=pay_world.county_a, month=date(2026, 3, 1)),
    )
    line = PayLine.objects.get(run=run, worker=w)
    # 1,720 × 17/31 = 943.23; 1,013 × 17/31 = 555.52; 80 % of 1,498.75 = 1,199.00; 300 × 17/31 = 164.52
    assert (line.days, line.month_days) == (17, 31)
    assert (line.post_pay, line.grade_pay, line.performance, line.allowance_total) == (
        D("943.23"),
        D("555.52"),
        D("1199.00"),
        D("164.52"),
    )
    assert "按日历天数折算：本月在岗17天/共31天" in line.notes


def test_iit_accumulates_over_the_approved_months_of_the_year(pay_world, run_jan):
    from unionsw.workers.models import Worker

    admin = pay_world.county_a_admin
    # a higher grade so that tax is due: 高级干事 → 七级 1,900, 薪级 40 = 1,013 + 20 × 60 = 2,213
    Worker.objects.filter(pk=pay_world.worker_a.pk).update(rank="高级干事")
    Worker.history.model.objects.filter(id=pay_world.worker_a.pk).update(rank="高级干事")
    services.grade_set(by=admin, worker=pay_world.worker_a, level=40, effective_from=date(2020, 7, 1), reason="x")
    jan = approve(pay_world, run_jan)
    j = PayLine.objects.get(run=jan, worker=pay_world.worker_a)
    # basic 4,113; 绩效 3,290.40; gross 7,703.40; employee SI: 616.27 + 154.07 + 23.11 + 924.41 = 1,717.86
    # taxable 7,703.40 − 5,000 − 1,717.86 = 985.54 → 3 % = 29.57
    assert (j.gross, j.employee_si, j.iit) == (D("7703.40"), D("1717.86"), D("29.57"))
    feb = runs.run_compute(by=admin, run=runs.run_open(by=admin, org=pay_world.county_a, month=date(2026, 2, 1)))
    f = PayLine.objects.get(run=feb, worker=pay_world.worker_a)
    # cumulative 1,971.08 × 3 % = 59.13 − 29.57 withheld = 29.56
    assert f.iit == D("29.56")
    assert "累计减除费用10000.00" in f.tax_explanation


def test_rehired_retiree_is_a_flat_fee_line_without_si(pay_world, add_worker):
    w = add_worker(employment_mode="rehired", rank="", hired_on=date(2025, 1, 1))
    with pytest.raises(ValidationError, match="不定薪级"):
        services.grade_set(by=pay_world.county_a_admin, worker=w, level=10, effective_from=date(2025, 1, 1), reason="x")
    run = runs.run_compute(
        by=pay_world.county_a_admin,
        run=runs.run_open(by=pay_world.county_a_admin, org=pay_world.county_a, month=date(2026, 1, 1)),
    )
    assert {"worker": w.pk, "name": w.name, "reason": "返聘人员未录入劳务协议约定的劳务费"} in run.problems
    services.service_fee_set(by=pay_world.county_a_admin, worker=w, monthly="3000", effective_from=date(2025, 1, 1))
    run = runs.run_compute(by=pay_world.county_a_admin, run=run)
    line = PayLine.objects.get(run=run, worker=w)
    assert (line.kind, line.gross, line.employee_si, line.employer_si, line.iit, line.net) == (
        "rehired",
        D("3000"),
        D("0"),
        D("0"),
        D("440"),
        D("2560"),
    )
    assert line.shares == {runs.REHIRED_PAYER: "3000.00"}
    assert any("商业意外险" in n for n in line.notes)


def test_purchased_service_workers_are_excluded_with_a_note(pay_world, add_worker):
    w = add_worker(employment_mode="purchased_service")
    run = runs.run_compute(
        by=pay_world.county_a_admin,
        run=runs.run_open(by=pay_world.county_a_admin, org=pay_world.county_a, month=date(2026, 1, 1)),
    )
    assert not PayLine.objects.filter(run=run, worker=w).exists()
    assert {"worker": w.pk, "name": w.name, "reason": "购买服务人员由服务机构发放工资，本表记录服务费"} in run.excluded


def test_a_worker_without_grade_blocks_review(pay_world, add_worker):
    w = add_worker(rank="初级干事")
    run = runs.run_compute(
        by=pay_world.county_a_admin,
        run=runs.run_open(by=pay_world.county_a_admin, org=pay_world.county_a, month=date(2026, 1, 1)),
    )
    assert {"worker": w.pk, "name": w.name, "reason": "未核定薪级"} in run.problems
    with pytest.raises(ValidationError, match="未能计算"):
        runs.run_review(by=pay_world.county_a_admin, run=run)


def test_no_ratio_for_the_year_is_a_clear_error(pay_world):
    run = runs.run_open(by=pay_world.county_a_admin, org=pay_world.county_a, month=date(2027, 1, 1))
    with pytest.raises(ValidationError, match="尚未设定2027年度绩效工资比例"):
        runs.run_compute(by=pay_world.county_a_admin, run=run)


def test_another_county_cannot_touch_the_run(pay_world, run_jan):
    from unionsw.core.errors import OutOfScope

    with pytest.raises(OutOfScope):
        runs.run_compute(by=pay_world.county_b_admin, run=run_jan)
    assert PayrollRun.objects.get(pk=run_jan.pk).status == RunStatus.DRAFT


def test_promotion_mid_month_splits_post_pay(pay_world):
    from unionsw.workers.services import worker_update

    admin = pay_world.county_a_admin
    w = pay_world.worker_a
    worker_update(
        by=admin, worker=w, data={"rank": "高级干事", "rank_since": date(2026, 6, 16)}, version=w.version, reason="晋升"
    )
    services.performance_ratio_set(by=admin, org=pay_world.county_a, year=2026, ratio="80%", reason="x")
    run = runs.run_compute(by=admin, run=runs.run_open(by=admin, org=pay_world.county_a, month=date(2026, 6, 1)))
    line = PayLine.objects.get(run=run, worker=w)
    # June: 八级 1,720 for 15 days + 七级 1,900 for 15 days = 860 + 950 = 1,810.00
    assert line.post_pay == D("1810.00")
    assert line.rank == "高级干事" and line.post_grade == 7


def test_four_links_last_years_grade_drives_ratio_and_bonus(pay_world, run_jan, add_worker):
    from unionsw.assessment.models import Result

    admin = pay_world.county_a_admin
    weak = add_worker(rank="中级干事", hired_on=date(2020, 7, 1), name="赵六")
    services.grade_set(by=admin, worker=weak, level=20, effective_from=date(2020, 7, 1), reason="x")
    Result.objects.create(worker=pay_world.worker_a, year=2025, grade="EXCELLENT")
    Result.objects.create(worker=weak, year=2025, grade="FAIL")
    run = runs.run_compute(by=admin, run=run_jan)
    assert PayLine.objects.get(run=run, worker=pay_world.worker_a).ratio == D("0.8")  # 未规定: no link
    with pytest.raises(ValidationError, match="0 到 2"):
        services.assessment_link_set(
            by=admin,
            org=pay_world.county_a,
            year=2026,
            ratio_factors={"EXCELLENT": "3"},
            bonus_months={},
            bonus_month=1,
            reason="x",
        )
    services.assessment_link_set(
        by=admin,
        org=pay_world.county_a,
        year=2026,
        ratio_factors={"EXCELLENT": "1.1", "FAIL": "0.7"},
        bonus_months={"EXCELLENT": "2"},
        bonus_month=1,
        reason="县总工会四挂钩办法（测试）",
    )
    run = runs.run_compute(by=admin, run=run)
    best = PayLine.objects.get(run=run, worker=pay_world.worker_a)
    # 80 % × 1.1 = 88 %: 2,733 × 0.88 = 2,405.04; bonus 2 × 2,733 = 5,466; gross 1,720 + 1,013 + 2,405.04 + 300 + 5,466
    assert (best.ratio, best.performance, best.gross) == (D("0.88"), D("2405.04"), D("10904.04"))
    assert any("年度奖金（四挂钩：2025年度优秀，2个月基本工资）" == name for name, _ in best.allowances)
    # the SI base is the standard wage 5,438.04 (with the 88 % performance, without the bonus):
    # 435.04 + 108.76 + 16.31 + 652.56 = 1,212.67
    assert best.employee_si == D("1212.67")
    low = PayLine.objects.get(run=run, worker=weak)
    # 80 % × 0.7 = 56 % is below Shandong's 70 %: the range holds
    assert low.ratio == D("0.7") and any("按政策范围取 70%" in n for n in low.notes)
