"""The chain's transitions and the rules as the services apply them, database checked."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import make_user
from unionsw.core.errors import NotAllowed, OutOfScope
from unionsw.core.models import AuditEvent
from unionsw.orgs.services import policy_override_add
from unionsw.recruitment import services
from unionsw.recruitment.models import Application, Plan, PlanStatus, RecruitmentEvent, Review, RoundStatus

from .conftest import applicant, apply, draft_plan, filed_plan, round_data
from .helpers import xlsx

draft = draft_plan


class TestPlan:
    def test_an_exam_month_in_the_past_is_refused(self, world):
        today = date.today()
        last_month = (today.replace(day=1) - timedelta(days=1))
        with pytest.raises(ValidationError, match="考试月份不能早于本月"):
            draft(world, exam_year=last_month.year, exam_month=last_month.month)
        assert draft(world, exam_year=today.year, exam_month=today.month).exam_month == today.month

    def test_企业数量_and_职工人数_must_be_numbers(self, world):
        with pytest.raises(ValidationError) as exc:
            draft(world, reason_enterprises="约4200家", reason_members="9.6万")
        assert set(exc.value.message_dict) == {"reason_enterprises", "reason_members"}
        assert draft(world, reason_enterprises=4200, reason_members="96000").reason_members == "96000"


    def test_the_city_cannot_approve_a_draft(self, world):
        with pytest.raises(ValidationError):
            services.plan_approve(by=world.city_admin, plan=draft(world))

    def test_the_province_cannot_file_before_the_city_approves(self, world):
        plan = draft(world)
        services.plan_propose(by=world.county_a_admin, plan=plan)
        with pytest.raises(ValidationError):
            services.plan_file(by=world.province_admin, plan=plan)
        assert Plan.objects.get().status == PlanStatus.PROPOSED

    def test_returning_needs_a_reason(self, world):
        plan = draft(world)
        services.plan_propose(by=world.county_a_admin, plan=plan)
        with pytest.raises(ValidationError):
            services.plan_return(by=world.city_admin, plan=plan, reason=" ")

    def test_a_county_cannot_approve_its_own_plan(self, world):
        plan = draft(world)
        services.plan_propose(by=world.county_a_admin, plan=plan)
        with pytest.raises(NotAllowed):
            services.plan_approve(by=world.county_a_admin, plan=plan)

    def test_another_city_cannot_touch_it(self, world):
        other_city = make_user("city_b", world.city_b, [world.roles["city_admin"]])
        plan = draft(world)
        services.plan_propose(by=world.county_a_admin, plan=plan)
        with pytest.raises(OutOfScope):
            services.plan_approve(by=other_city, plan=plan)

    def test_a_unit_outside_the_county_is_refused(self, world):
        with pytest.raises(ValidationError):
            services.plan_create(
                by=world.county_a_admin,
                org=world.county_a,
                data={"title": "x", "exam_year": date.today().year + 1, "exam_month": 5},
                posts=[{"unit": world.street_b, "kind": "岗", "count": 1}],
            )
        assert not Plan.objects.exists()

    def test_every_transition_is_recorded_and_audited(self, world):
        filed_plan(world)
        assert list(RecruitmentEvent.objects.order_by("id").values_list("action", flat=True)) == [
            "plan_create",
            "plan_propose",
            "plan_approve",
            "plan_file",
        ]
        assert AuditEvent.objects.filter(action="recruitment.plan_file", actor=world.province_admin).exists()

    def test_beijing_deadlines_come_from_the_policy(self, world):
        for key, value in (("plan_deadlines", ["03-31", "09-30"]), ("exam_months", [5, 11])):
            policy_override_add(
                by=world.province_admin, org=world.county_a, key=key, value=value, effective_from=date(2020, 1, 1), source="test"
            )
        plan = services.plan_create(
            by=world.county_a_admin,
            org=world.county_a,
            data={"title": "计划", "exam_year": 2026, "exam_month": 5},
            posts=[{"unit": world.street_a, "kind": "组建指导岗", "count": 1}],
            on=date(2026, 1, 1),
        )
        with pytest.raises(ValidationError, match="2026-03-31"):
            services.plan_propose(by=world.county_a_admin, plan=plan, on=date(2026, 4, 1))
        services.plan_propose(by=world.county_a_admin, plan=plan, on=date(2026, 3, 31))
        assert Plan.objects.get().status == PlanStatus.PROPOSED


def test_an_unfiled_plan_cannot_be_announced(world):
    plan = draft(world)
    with pytest.raises(ValidationError):
        services.round_announce(by=world.county_a_admin, plan=plan, data=round_data())


class TestApplications:
    def test_one_application_per_round(self, open_round):
        person = applicant()
        apply(person, open_round)
        with pytest.raises(ValidationError, match="只能报名一个"):
            apply(person, open_round)

    def test_registration_is_closed_after_the_window(self, world):
        rnd = services.round_announce(
            by=world.county_a_admin,
            plan=filed_plan(world),
            data=round_data(registration_start=date(2020, 1, 1), registration_end=date(2020, 1, 2), exam_date=date(2020, 2, 1)),
            on=date(2019, 12, 1),
        )
        with pytest.raises(ValidationError, match="不在报名时间"):
            apply(applicant(), rnd)

    def test_the_age_check_uses_the_reference_date(self, world):
        ref = timezone.localdate()
        rnd = services.round_announce(by=world.county_a_admin, plan=filed_plan(world), data=round_data(reference_date=ref))
        def born_years_ago(years):
            day = (ref.month, ref.day) if (ref.month, ref.day) != (2, 29) else (3, 1)
            return date(ref.year - years, *day)

        forty_one_today = apply(applicant(name="满四十一", born=born_years_ago(41)), rnd)
        young = apply(applicant(name="满四十", born=born_years_ago(40)), rnd)  # 40周岁以下 includes 40
        assert not forty_one_today.auto_passed and forty_one_today.auto_checks[0]["rule"] == "年龄"
        assert young.auto_passed

    def test_rejection_needs_a_reason_the_applicant_sees(self, open_round, world):
        app = apply(applicant(), open_round)
        services.round_close_registration(by=world.county_a_admin, round=open_round)
        with pytest.raises(ValidationError):
            services.application_review(by=world.county_a_admin, application=app, passed=False, reason="")
        services.application_review(by=world.county_a_admin, application=app, passed=False, reason="学历证书无法核验")
        app.refresh_from_db()
        assert app.review == Review.REJECTED and app.review_reason == "学历证书无法核验"

    def test_review_before_registration_closes_is_refused(self, open_round, world):
        app = apply(applicant(), open_round)
        with pytest.raises(ValidationError, match="资格审查"):
            services.application_review(by=world.county_a_admin, application=app, passed=True)


def reviewed_round(world, n=3, count=1, certs=()):
    plan = filed_plan(world, posts=[{"unit": world.street_a, "kind": "组建指导岗", "count": count}])
    rnd = services.round_announce(by=world.county_a_admin, plan=plan, data=round_data())
    apps = []
    for i in range(n):
        cert = "assistant" if i in certs else ""
        apps.append(
            apply(
                applicant(name=f"考生{i}", phone=f"1390000{i:04d}"), rnd, certificate=cert, certificate_number="C" if cert else ""
            )
        )
    services.round_close_registration(by=world.county_a_admin, round=rnd)
    services.review_accept_auto(by=world.county_a_admin, round=rnd)
    return rnd, apps


class TestWrittenExam:
    def test_rooms_too_small_are_refused_and_nothing_is_numbered(self, world):
        rnd, _ = reviewed_round(world, n=3)
        with pytest.raises(ValidationError, match="不足"):
            services.round_start_written(by=world.county_a_admin, round=rnd, rooms=[{"name": "1", "capacity": 2}])
        assert not Application.objects.exclude(ticket_no="").exists()

    def test_tickets_and_seats_are_unique(self, world):
        rnd, _ = reviewed_round(world, n=5)
        services.round_start_written(
            by=world.county_a_admin, round=rnd, rooms=[{"name": "1", "capacity": 2}, {"name": "2", "capacity": 5}]
        )
        rows = list(Application.objects.values_list("ticket_no", "room__name", "seat"))
        assert len({r[0] for r in rows}) == 5 and len({(r[1], r[2]) for r in rows}) == 5

    def test_score_import_lists_every_error_and_changes_nothing(self, world):
        rnd, _ = reviewed_round(world, n=3)
        services.round_start_written(by=world.county_a_admin, round=rnd, rooms=[{"name": "1", "capacity": 10}])
        t = list(Application.objects.order_by("ticket_no").values_list("ticket_no", flat=True))
        bad = xlsx([["准考证号", "笔试成绩"], [t[0], 80], ["999", 70], [t[0], 60], [t[1], 101], [t[2], "x"]])
        with pytest.raises(ValidationError) as exc:
            services.scores_import(by=world.county_a_admin, round=rnd, file=bad)
        text = "；".join(exc.value.messages)
        assert "不存在" in text and "重复" in text and "超出" in text and "不是数字" in text
        assert not Application.objects.filter(written_score__isnull=False).exists()

    def test_scores_cannot_be_imported_before_the_exam_is_arranged(self, world):
        rnd, _ = reviewed_round(world)
        with pytest.raises(ValidationError, match="阶段"):
            services.scores_import(by=world.county_a_admin, round=rnd, file=xlsx([["准考证号", "笔试成绩"]]))


def written_round(world, scores, count=1, certs=()):
    rnd, apps = reviewed_round(world, n=len(scores), count=count, certs=certs)
    services.round_start_written(by=world.county_a_admin, round=rnd, rooms=[{"name": "1", "capacity": 50}])
    for app in apps:
        app.refresh_from_db()
    rows = [["准考证号", "笔试成绩"]] + [[a.ticket_no, s] for a, s in zip(apps, scores, strict=True)]
    services.scores_import(by=world.county_a_admin, round=rnd, file=xlsx(rows))
    return rnd, apps


def test_the_interview_list_includes_ties_at_the_cut_line(world):
    rnd, apps = written_round(world, [90, 85, 80, 80, 70])
    services.round_start_interview(by=world.county_a_admin, round=rnd)
    invited = set(Application.objects.filter(in_interview=True).values_list("name", flat=True))
    assert invited == {"考生0", "考生1", "考生2", "考生3"}


def interviewed(world, scores, judge_scores, certs=(), count=1):
    rnd, apps = written_round(world, scores, count=count, certs=certs)
    services.round_start_interview(by=world.county_a_admin, round=rnd)
    apps = [Application.objects.get(pk=a.pk) for a in apps]
    judges = [make_user(f"j{i}", world.county_a, []) for i in range(3)]
    for j in judges:
        services.judge_assign(by=world.county_a_admin, round=rnd, user=j)
    for app, marks in zip(apps, judge_scores, strict=False):
        for j, m in zip(judges, marks, strict=True):
            services.judge_score_set(by=j, application=app, score=m)
    return rnd, apps, judges


class TestInterviewAndRanking:
    def test_a_judge_not_on_the_panel_cannot_score(self, world):
        rnd, apps, _ = interviewed(world, [80, 70], [(80, 80, 80), (70, 70, 70)])
        outsider = make_user("j_out", world.county_a, [services.ensure_judge_role()])
        with pytest.raises(OutOfScope):
            services.judge_score_set(by=outsider, application=apps[0], score=90)

    def test_ranking_waits_for_every_judge(self, world):
        rnd, apps, judges = interviewed(world, [80, 70], [(80, 80, 80)])
        with pytest.raises(ValidationError, match="未录齐"):
            services.round_rank(by=world.county_a_admin, round=rnd)
        assert Application.objects.filter(rank__isnull=False).count() == 0

    def test_drop_high_low_weights_and_certificate_tie_break(self, world):
        # both written 80; interview 90/70/85 → 85 after dropping; equal totals → the holder (考生1) first
        rnd, apps, _ = interviewed(world, [80, 80], [(90, 70, 85), (85, 60, 99)], certs=(1,))
        services.round_rank(by=world.county_a_admin, round=rnd)
        a, b = (Application.objects.get(pk=x.pk) for x in apps)
        assert a.interview_score == b.interview_score == Decimal("85.00")
        assert a.total_score == b.total_score == Decimal("82.500")
        assert (b.rank, a.rank) == (1, 2) and "证书" in b.tie_rule
        assert b.selected and not a.selected
        assert Application.objects.get(pk=b.pk).round.status == RoundStatus.RANKED

    def test_a_failed_check_moves_the_next_candidate_up(self, world):
        rnd, apps, _ = interviewed(world, [90, 80, 70], [(90, 90, 90), (80, 80, 80), (70, 70, 70)])
        services.round_rank(by=world.county_a_admin, round=rnd)
        first = Application.objects.get(name="考生0")
        services.check_record(by=world.county_a_admin, application=first, kind="medical", passed=True)
        with pytest.raises(ValidationError):
            services.check_record(by=world.county_a_admin, application=first, kind="vetting", passed=False, note="")
        promoted = services.check_record(
            by=world.county_a_admin, application=first, kind="vetting", passed=False, note="与报名信息不符"
        )
        assert promoted.name == "考生1" and Application.objects.get(name="考生1").selected

    def test_vetting_waits_for_the_medical(self, world):
        rnd, apps, _ = interviewed(world, [90], [(90, 90, 90)])
        services.round_rank(by=world.county_a_admin, round=rnd)
        with pytest.raises(ValidationError, match="体检"):
            services.check_record(by=world.county_a_admin, application=Application.objects.get(), kind="vetting", passed=True)


def ranked_and_checked(world):
    rnd, apps, _ = interviewed(world, [90, 80, 70], [(90, 90, 90), (80, 80, 80), (70, 70, 70)])
    services.round_rank(by=world.county_a_admin, round=rnd)
    first = Application.objects.get(name="考生0")
    services.check_record(by=world.county_a_admin, application=first, kind="medical", passed=True)
    services.check_record(by=world.county_a_admin, application=first, kind="vetting", passed=True)
    return rnd, first


class TestNoticeFilingHire:
    def test_filing_waits_for_the_end_of_the_notice(self, world):
        rnd, first = ranked_and_checked(world)
        today = timezone.localdate()
        services.publicity_start(by=world.county_a_admin, round=rnd, start=today - timedelta(days=2), end=today)
        with pytest.raises(ValidationError, match="公示期满"):
            services.application_file(by=world.province_admin, application=Application.objects.get(pk=first.pk))
        services.application_file(
            by=world.province_admin, application=Application.objects.get(pk=first.pk), on=today + timedelta(days=1)
        )
        assert Application.objects.get(pk=first.pk).filed_at == today + timedelta(days=1)

    def test_hire_before_filing_is_refused(self, world):
        rnd, first = ranked_and_checked(world)
        with pytest.raises(ValidationError, match="备案"):
            services.application_hire(by=world.county_a_admin, application=first, hired_on=timezone.localdate())
        assert first.worker_id is None

    def test_an_upheld_objection_cancels_and_promotes(self, world):
        rnd, first = ranked_and_checked(world)
        today = timezone.localdate()
        services.publicity_start(
            by=world.county_a_admin, round=rnd, start=today - timedelta(days=9), end=today - timedelta(days=1)
        )
        obj = services.objection_add(
            by=world.county_a_admin, application=Application.objects.get(pk=first.pk), content="学历造假", received_on=today
        )
        services.objection_resolve(by=world.county_a_admin, objection=obj, resolution="核实属实", upheld=True)
        assert not Application.objects.get(pk=first.pk).selected and Application.objects.get(name="考生1").selected

    def test_the_contract_deadline_follows_the_city_policy(self, world):
        policy_override_add(
            by=world.province_admin,
            org=world.city_a,
            key="contract_sign_limit_months",
            value=1,
            effective_from=date(2020, 1, 1),
            source="test",
        )
        rnd, first = ranked_and_checked(world)
        today = timezone.localdate()
        services.publicity_start(
            by=world.county_a_admin, round=rnd, start=today - timedelta(days=9), end=today - timedelta(days=1)
        )
        services.application_file(by=world.province_admin, application=Application.objects.get(pk=first.pk))
        hired = today - timedelta(days=1)
        worker = services.application_hire(
            by=world.county_a_admin, application=Application.objects.get(pk=first.pk), hired_on=hired
        )
        app = Application.objects.get(pk=first.pk)
        assert app.worker == worker and app.contract_sign_by == services.rules.add_months(hired, 1)
        assert worker.is_filed and worker.filed_at == app.filed_at


class TestWaitingList:
    def test_the_next_candidate_of_the_kind_is_offered_in_score_order(self, world):
        rnd, first = ranked_and_checked(world)
        app = services.waiting_list_offer(by=world.county_a_admin, round=rnd, kind="组建指导岗", unit=world.street_a2)
        assert app.name == "考生1" and app.from_waiting_list and app.hire_unit == world.street_a2
        again = services.waiting_list_offer(by=world.county_a_admin, round=rnd, kind="组建指导岗", unit=world.street_a2)
        assert again.name == "考生2"

    def test_an_expired_list_offers_nobody(self, world):
        rnd, first = ranked_and_checked(world)
        with pytest.raises(ValidationError, match="有效期"):
            services.waiting_list_offer(
                by=world.county_a_admin,
                round=rnd,
                kind="组建指导岗",
                unit=world.street_a2,
                on=services.rules.add_months(rnd.ranked_on, rnd.waiting_list_months) + timedelta(days=1),
            )
        services.waiting_list_offer(
            by=world.county_a_admin,
            round=rnd,
            kind="组建指导岗",
            unit=world.street_a2,
            on=services.rules.add_months(rnd.ranked_on, rnd.waiting_list_months),
        )

    def test_a_kind_with_nobody_left_is_refused(self, world):
        rnd, first = ranked_and_checked(world)
        with pytest.raises(ValidationError, match="没有"):
            services.waiting_list_offer(by=world.county_a_admin, round=rnd, kind="法律援助岗", unit=world.street_a2)


def _exam_months_policy(world, *, soft):
    for key, value in (("exam_months", [5, 11]), ("soft_rules", ["exam_months"] if soft else ["rank_quota"])):
        policy_override_add(
            by=world.province_admin, org=world.county_a, key=key, value=value, effective_from=date(2020, 1, 1), source="test"
        )


def _off_month_exam():
    day = timezone.localdate() + timedelta(days=20)
    while day.month in (5, 11):
        day += timedelta(days=31)
    return day


def test_北京_入职考试原则上每年两次_is_soft_an_authorised_reason_allows_another_month(world):
    plan = filed_plan(world)
    _exam_months_policy(world, soft=True)
    exam = _off_month_exam()
    with pytest.raises(ValidationError) as exc:
        services.round_announce(by=world.county_a_admin, plan=plan, data=round_data(exam_date=exam))
    assert "统一考试月份" in str(exc.value) and "原则上" in str(exc.value)
    rnd = services.round_announce(
        by=world.county_a_admin,
        plan=plan,
        data=round_data(exam_date=exam, exam_month_override_reason="考点冲突，经市总同意顺延"),
    )
    assert rnd.exam_date == exam
    event = AuditEvent.objects.filter(action="recruitment.round_announce").latest("id")
    assert event.detail["soft_override"] == {"rule": "exam_months", "reason": "考点冲突，经市总同意顺延"}


def test_a_hard_exam_month_rule_ignores_the_reason(world):
    plan = filed_plan(world)
    _exam_months_policy(world, soft=False)
    with pytest.raises(ValidationError) as exc:
        services.round_announce(
            by=world.county_a_admin, plan=plan, data=round_data(exam_date=_off_month_exam(), exam_month_override_reason="理由")
        )
    assert "统一考试月份" in str(exc.value) and "原则上" not in str(exc.value)


def test_an_exam_date_in_the_past_is_refused(world):
    with pytest.raises(ValidationError, match="笔试日期不能早于今天"):
        services.round_announce(
            by=world.county_a_admin,
            plan=filed_plan(world),
            data=round_data(registration_start=date(2020, 1, 1), registration_end=date(2020, 1, 2), exam_date=date(2020, 2, 1)),
        )
