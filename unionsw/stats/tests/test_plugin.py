"""The plug-in: another app's BREAKDOWNS appear on /stats/ with shares, chart and export (assessment's)."""

import pytest

from unionsw.assessment.models import Result
from unionsw.stats import engine

pytestmark = pytest.mark.django_db


def test_the_assessment_grade_table_comes_from_the_assessment_app(world, login):
    Result.objects.create(worker=world.worker_a, year=2025, grade="EXCELLENT")
    Result.objects.create(worker=world.worker_b, year=2025, grade="FAIL")
    Result.objects.create(worker=world.worker_b, year=2024, grade="PASS")
    r = login(world.province_admin).get("/stats/")
    t = {t.key: t for t in r.context["tables"]}["assessment.grades"]
    assert t.title == "年度考核等次（2025年度）"
    assert {row.label: (row.value, str(row.share)) for row in t.rows} == {
        "优秀": (1, "50.00"),
        "合格": (0, "0.00"),
        "基本合格": (0, "0.00"),
        "不合格": (1, "50.00"),
    }
    county = {t.key: t for t in engine.collect(world.county_a_admin, r.context["on"], world.county_a)}
    assert county["assessment.grades"].total == 1  # 张三 only; 李四 is another county's
    assert "年度考核等次" in r.content.decode()


def test_contract_cohorts_come_from_the_employment_app_and_reach_the_report(world, login):
    from datetime import date

    from unionsw.employment.models import Contract
    from unionsw.stats import report as reports

    for w in (world.worker_a,):
        Contract.objects.create(
            worker=w,
            kind="labour",
            employer="历下区总工会",
            starts_on=date(2022, 4, 7),
            ends_on=date(2025, 4, 6),
            status="active",
        )
    Contract.objects.create(
        worker=world.worker_b,
        kind="labour",
        employer="市南区总工会",
        starts_on=date(2021, 4, 1),
        ends_on=date(2024, 3, 31),
        status="active",
    )
    r = login(world.province_admin).get("/stats/", {"on": "2023-06-30"})
    t = {t.key: t for t in r.context["tables"]}["employment.contracts"]
    assert {row.label: row.value for row in t.rows} == {"2021年4月1日至2024年3月31日": 1, "2022年4月7日至2025年4月6日": 1}
    text = "".join(reports.build(world.province_admin, world.province, date(2023, 6, 30)).sentences)
    assert "1名社工合同期限为2022年4月7日至2025年4月6日" in text
    later = {t.key: t for t in engine.collect(world.province_admin, date(2024, 6, 30), world.province)}
    assert {row.label for row in later["employment.contracts"].rows} == {"2022年4月7日至2025年4月6日"}


def test_posts_filled_and_vacant_link_to_the_post_list(world, login):
    from unionsw.employment.models import Post, PostKind

    kind, _ = PostKind.objects.get_or_create(name="组建指导岗")
    Post.objects.create(unit=world.street_a, kind=kind, holder=world.worker_a)
    Post.objects.create(unit=world.street_a, kind=kind)
    Post.objects.create(unit=world.street_b, kind=kind)
    c = login(world.county_a_admin)
    t = {t.key: t for t in c.get("/stats/").context["tables"]}["employment.posts"]
    assert {row.label: row.value for row in t.rows} == {"在岗": 1, "空缺": 1}
    for row in t.rows:
        assert c.get(row.url).context["page"].paginator.count == row.value
    assert "employment.posts" not in {t.key for t in c.get("/stats/", {"on": "2024-01-01"}).context["tables"]}


def test_training_hours_work_log_and_volunteer_hours_come_from_their_apps(world, login):
    """Issue 9: the training and activity apps' plug-ins — credited hours by kind, confirmed log entries by
    category, confirmed volunteer hours per org below — each within the user's scope, on /stats/."""
    from datetime import date
    from decimal import Decimal

    from django.utils import timezone

    from unionsw.activity.models import Review, VolunteerHours, WorkLogEntry
    from unionsw.training.models import Enrolment, TrainingPlan, TrainingSession

    today = timezone.localdate()
    plan = TrainingPlan.objects.create(org=world.county_a, year=today.year, title="年度培训计划")
    session = TrainingSession.objects.create(
        plan=plan, kind="岗前培训", title="新入职培训", starts_on=date(today.year, 1, 2), ends_on=date(today.year, 1, 3),
        hours=Decimal("16"), place="区工会",
    )
    Enrolment.objects.create(session=session, worker=world.worker_a, attended_at=timezone.now(), hours_credited=Decimal("16"))
    Enrolment.objects.create(session=session, worker=world.worker_b, hours_credited=None)  # enrolled, never attended
    for worker, status in ((world.worker_a, Review.CONFIRMED), (world.worker_a, Review.SUBMITTED), (world.worker_b, Review.CONFIRMED)):
        WorkLogEntry.objects.create(
            worker=worker, org=worker.org, day=date(today.year, 1, 5), category="维权服务", description="x", beneficiaries=3, status=status
        )
        VolunteerHours.objects.create(worker=worker, org=worker.org, day=date(today.year, 1, 5), hours=Decimal("2.5"), status=status)
    r = login(world.province_admin).get("/stats/")
    tables = {t.key: t for t in r.context["tables"]}
    assert tables["training.hours_by_kind"].by_key()["岗前培训"].value == Decimal("16")
    done = tables["training.completion"].by_key()
    assert (done["enrolled"].value, done["attended"].value, str(done["attended"].share)) == (2, 1, "50.00")
    assert tables["activity.worklog_by_category"].by_key()["维权服务"].value == 2  # the unconfirmed one is left out
    volunteer = {row.label: row.value for row in tables["activity.volunteer_hours"].rows}
    assert volunteer[world.city_a.name] == Decimal("2.5") and volunteer[world.city_b.name] == Decimal("2.5")
    assert "培训学时" in r.content.decode() and "志愿服务时长" in r.content.decode()
    county = {t.key: t for t in engine.collect(world.county_a_admin, r.context["on"], world.county_a)}
    assert county["activity.worklog_by_category"].total == 1 and county["training.hours_by_kind"].total == Decimal("16")
    assert "training.hours_by_kind" not in {t.key for t in engine.collect(world.worker_a_user, r.context["on"], world.county_a)}


def test_pay_cost_by_payer_on_stats_and_the_dashboard_only_for_pay_view(world, login):
    """Issue 8: approved pay cost by payer — a /stats/ table and a dashboard card — for users holding
    pay.view; a user without it sees neither; a draft run's shares do not count."""
    from datetime import date
    from decimal import Decimal

    from django.utils import timezone

    from unionsw.pay.models import PayrollRun, PayShare

    today = timezone.localdate()
    month = date(today.year, 1, 1)
    approved = PayrollRun.objects.create(org=world.county_a, month=month, status="approved")
    draft = PayrollRun.objects.create(org=world.county_b, month=month, status="draft")
    PayShare.objects.create(run=approved, org=world.street_a, month=month, payer="县级工会", amount=Decimal("6000.00"))
    PayShare.objects.create(run=approved, org=world.street_a, month=month, payer="市级工会", amount=Decimal("4000.00"))
    PayShare.objects.create(run=draft, org=world.street_b, month=month, payer="县级工会", amount=Decimal("9999.00"))
    province = login(world.province_admin)
    tables = {t.key: t for t in province.get("/stats/").context["tables"]}
    assert {r.label: r.value for r in tables["pay.cost_by_payer"].rows} == {"县级工会": Decimal("6000.00"), "市级工会": Decimal("4000.00")}
    page = province.get("/dashboard/")
    assert page.context["pay"]["total"] == Decimal("10000.00") and "薪酬成本" in page.content.decode()
    assert not world.township_admin.can("pay.view")
    assert "pay.cost_by_payer" not in {t.key for t in engine.collect(world.township_admin, today, world.county_a)}
    r = login(world.township_admin).get("/dashboard/")
    assert r.status_code == 200 and r.context["pay"] is None and "薪酬成本" not in r.content.decode()


def test_the_recruitment_funnel_and_the_application_to_place_ratio(world, login):
    """Issue 10: the recruitment plug-in — applicants, passed review, sat the exam, interviewed, selected, hired —
    as stages of the first (not shares of a sum), and 报录比 against the planned places."""
    from decimal import Decimal

    from django.utils import timezone

    from unionsw.recruitment import services
    from unionsw.recruitment.models import Application
    from unionsw.recruitment.tests.conftest import applicant, apply, filed_plan, round_data

    plan = filed_plan(world, posts=[{"unit": world.street_a, "kind": "组建指导岗", "count": 2}])
    rnd = services.round_announce(by=world.county_a_admin, plan=plan, data=round_data())
    for i in range(4):
        apply(applicant(name=f"报名{i}", phone=f"1390000000{i}", born=timezone.localdate().replace(year=1995, month=3, day=1 + i)), rnd)
    Application.objects.filter(pk__in=list(Application.objects.values_list("pk", flat=True)[:3])).update(review="passed")
    Application.objects.filter(pk__in=list(Application.objects.values_list("pk", flat=True)[:2])).update(written_score=Decimal("80"))
    r = login(world.province_admin).get("/stats/")
    t = {t.key: t for t in r.context["tables"]}["recruitment.funnel"]
    assert {row.key: row.value for row in t.rows} == {"applied": 4, "passed": 3, "wrote": 2, "interviewed": 0, "selected": 0, "hired": 0}
    assert [str(row.share) for row in t.rows][:3] == ["100.00", "75.00", "50.00"] and t.total == 4
    assert t.extra["ratio"] == "2.0:1" and "报录比" in t.note and "报录比" in r.content.decode()
    assert "recruitment.funnel" not in {x.key for x in engine.collect(world.county_b_admin, r.context["on"], world.county_b)}


def test_staffing_against_the_norm_today_only(world):
    """配备标准执行情况 under Jiangsu's norm (千佛山街道: 230 unions → 应当配备 ≥ 1, none in post): required,
    in post, the gap; shares of the required number (配备率); today only (the norm's inputs keep no history);
    none under Shandong, which sets no norm."""
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone

    from unionsw.stats.tests.test_todo_sources import on_profile

    today = timezone.localdate()
    assert "employment.staffing" not in {x.key for x in engine.collect(world.county_a_admin, today, world.county_a)}
    on_profile(world, "jiangsu")
    t = {x.key: x for x in engine.collect(world.county_a_admin, today, world.county_a)}["employment.staffing"]
    rows = t.by_key()
    assert (rows["required"].value, rows["gap"].value) == (1, 1) and rows["required"].share == Decimal("100.00")
    assert t.total == 1
    past = {x.key for x in engine.collect(world.county_a_admin, today - timedelta(days=30), world.county_a)}
    assert "employment.staffing" not in past


def test_major_is_a_breakdown_with_links_to_the_same_count(world, login):
    """专业 as typed (free text), largest first, 未填写 for blanks; each figure links to the worker list behind it."""
    from datetime import date

    from unionsw.workers.models import Worker
    from unionsw.workers.services import worker_file

    worker_file(by=world.province_admin, worker=world.worker_a, filed_on=date(2023, 1, 1))  # Shandong counts filed only
    Worker.objects.filter(pk=world.worker_a.pk).update(major="社会工作")
    Worker.objects.filter(pk=world.worker_b.pk).update(major="")
    c = login(world.province_admin)
    page = c.get("/stats/").context
    t = {x.key: x for x in page["tables"]}["major"]
    values = {row.label: row.value for row in t.rows}
    assert values.get("社会工作") == Worker.objects.filter(major="社会工作", status="active").count() >= 1
    row = t.by_key()["社会工作"]
    listed = c.get(row.url)
    assert listed.status_code == 200 and f"共 {row.value} 条" in listed.content.decode()
