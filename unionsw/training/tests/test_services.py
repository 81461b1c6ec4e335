from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import make_id, worker_data
from unionsw.core.errors import NotAllowed, OutOfScope
from unionsw.core.models import AuditEvent
from unionsw.training import compliance, rules, selectors, services
from unionsw.training.models import Enrolment
from unionsw.workers.services import worker_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def test_a_plan_is_one_per_org_and_year_and_only_at_county_level_or_above(world, plan_a):
    with pytest.raises(ValidationError) as exc:
        services.plan_create(by=world.county_a_admin, org=world.county_a, year=plan_a.year, title="重复")
    assert "已有" in exc.value.message_dict["year"][0]
    with pytest.raises(ValidationError) as exc:
        services.plan_create(by=world.county_a_admin, org=world.street_a, year=2026, title="街道")
    assert exc.value.message_dict["org"] == ["年度培训计划由省、市、县（市、区）总工会制定"]
    with pytest.raises(OutOfScope):
        services.plan_create(by=world.county_b_admin, org=world.county_a, year=2030, title="他县")
    with pytest.raises(NotAllowed):
        services.plan_create(by=world.township_admin, org=world.county_a, year=2030, title="只读")


def test_session_kind_must_be_a_kind_of_the_profile(world, plan_a, make_session):
    with pytest.raises(ValidationError) as exc:
        make_session(kind="茶话会")
    assert "培训类别应为" in exc.value.message_dict["kind"][0]
    with pytest.raises(ValidationError) as exc:
        make_session(hours="abc", ends_on=date.today() - timedelta(days=1))
    assert set(exc.value.message_dict) == {"hours", "ends_on"}


def test_enrolment_respects_capacity_and_scope(world, make_session):
    s = make_session(capacity=1)
    other = worker_create(by=world.county_a_admin, data=worker_data(world.street_a2, name="王五", id_number=make_id()))
    with pytest.raises(ValidationError) as exc:
        services.enrol(by=world.county_a_admin, session=s, workers=[world.worker_a, other])
    assert "名额不足" in exc.value.messages[0]
    assert services.enrol(by=world.county_a_admin, session=s, workers=[world.worker_a]) == 1
    assert services.enrol(by=world.county_a_admin, session=s, workers=[world.worker_a]) == 0  # already enrolled
    with pytest.raises(ValidationError):
        services.enrol(by=world.county_a_admin, session=s, workers=[world.worker_b])  # another county's worker
    with pytest.raises(OutOfScope):
        services.enrol(by=world.county_b_admin, session=s, workers=[world.worker_b])


def test_a_worker_joins_a_self_enrolment_session_and_signs_in_with_the_current_code(world, make_session):
    s = make_session(self_enrol=True)
    user = world.worker_a_user
    services.self_enrol(by=user, session=s)
    with pytest.raises(services.Conflict):
        services.self_enrol(by=user, session=s)
    with pytest.raises(ValidationError) as exc:
        services.signin_with_code(by=user, session=s, code="000000")
    assert exc.value.message_dict["code"] == ["签到未开启或已截止"]
    s = services.signin_open(by=world.county_a_admin, session=s, minutes=30)
    now = timezone.now()
    code = rules.signin_code(s.signin_secret, now)
    enrolment = services.signin_with_code(by=user, session=s, code=code, now=now)
    enrolment.refresh_from_db()
    assert enrolment.attended_at is not None and enrolment.hours_credited == Decimal("8.0")
    assert enrolment.attendance_method == "code"
    assert AuditEvent.objects.filter(action="training.signin", result="ok").exists()
    assert selectors.worker_hours_by_year(user, world.worker_a) == {date.today().year: Decimal("8.0")}


def test_an_expired_code_and_a_closed_signin_are_refused(world, make_session):
    s = make_session()
    services.enrol(by=world.county_a_admin, session=s, workers=[world.worker_a])
    s = services.signin_open(by=world.county_a_admin, session=s, minutes=30)
    now = timezone.now()
    old = rules.signin_code(s.signin_secret, now - timedelta(seconds=2 * rules.SIGNIN_PERIOD_SECONDS + 1))
    current = rules.signin_code(s.signin_secret, now)
    if old != current:
        with pytest.raises(ValidationError) as exc:
            services.signin_with_code(by=world.worker_a_user, session=s, code=old, now=now)
        assert "不正确或已过期" in exc.value.message_dict["code"][0]
    with pytest.raises(ValidationError):
        services.signin_with_code(by=world.worker_a_user, session=s, code=current, now=s.signin_until + timedelta(seconds=1))


def test_ten_wrong_codes_lock_the_worker_out(world, make_session):
    s = make_session()
    services.enrol(by=world.county_a_admin, session=s, workers=[world.worker_a])
    s = services.signin_open(by=world.county_a_admin, session=s, minutes=30)
    now = timezone.now()
    right = rules.signin_code(s.signin_secret, now)
    wrong = f"{(int(right) + 1) % 1000000:06d}"
    for _ in range(rules.SIGNIN_MAX_FAILURES):
        with pytest.raises(ValidationError):
            services.signin_with_code(by=world.worker_a_user, session=s, code=wrong, now=now)
    with pytest.raises(ValidationError) as exc:
        services.signin_with_code(by=world.worker_a_user, session=s, code=right, now=now)
    assert "错误次数过多" in exc.value.message_dict["code"][0]


def test_a_worker_cannot_sign_in_to_a_session_of_another_county(world, make_session):
    s = make_session(self_enrol=True)
    from conftest import make_user

    user_b = make_user("worker_b", world.street_b, [world.roles["worker"]])
    from unionsw.workers.models import Worker

    Worker.objects.filter(pk=world.worker_b.pk).update(user=user_b)
    with pytest.raises(OutOfScope):
        services.self_enrol(by=user_b, session=s)
    with pytest.raises(OutOfScope):
        services.signin_with_code(by=user_b, session=s, code="123456")


def test_the_organiser_marks_attendance_and_credits_hours(world, make_session, plan_a):
    s = make_session()
    services.enrol(by=world.county_a_admin, session=s, workers=[world.worker_a])
    e = s.enrolments.get()
    services.attendance_mark(by=world.county_a_admin, session=s, attended_ids=[e.pk], hours="6")
    e.refresh_from_db()
    assert e.hours_credited == Decimal("6.0") and e.attendance_method == "organiser"
    with pytest.raises(ValidationError):
        services.attendance_mark(by=world.county_a_admin, session=s, attended_ids=[e.pk], hours="9")  # above the session's 8
    done = selectors.plan_completion(plan_a)
    assert done["enrolled"] == 1 and done["attended"] == 1 and done["attendance_rate"] == 100.0
    assert done["headcount"] == 1 and done["coverage_rate"] == 100.0
    services.attendance_mark(by=world.county_a_admin, session=s, attended_ids=[])
    assert Enrolment.objects.get(pk=e.pk).attended_at is None


def test_the_completion_certificate_is_a_pdf_and_only_for_attended(world, make_session):
    s = make_session()
    services.enrol(by=world.county_a_admin, session=s, workers=[world.worker_a])
    e = s.enrolments.get()
    with pytest.raises(ValidationError):
        services.certificate_open(by=world.worker_a_user, enrolment=e)
    services.attendance_mark(by=world.county_a_admin, session=s, attended_ids=[e.pk])
    e.refresh_from_db()
    assert services.certificate_open(by=world.worker_a_user, enrolment=e).startswith(b"%PDF")


def test_compliance_of_the_world_on_the_boundary_day(world, make_session, plan_a):
    from unionsw.workers.models import Worker

    Worker.objects.filter(pk=world.worker_a.pk).update(hired_on=date(2026, 1, 15))
    world.worker_a.refresh_from_db()
    assert compliance.for_worker(world.worker_a, date(2026, 7, 15))["c"].state == "pending"
    assert compliance.for_worker(world.worker_a, date(2026, 7, 16))["c"].state == "overdue"
    assert compliance.for_worker(world.worker_a, date(2026, 7, 16))["pretraining_required"] is True


def test_jiangsu_workers_are_judged_by_jiangsu(world):
    services.plan_create(by=world.province_admin, org=world.province, year=2025, title="全省培训")
    from unionsw.orgs.models import PolicyProfile
    from unionsw.workers.models import Worker

    world.province.policy_profile = PolicyProfile.objects.get(code="jiangsu")
    world.province.save()
    Worker.objects.filter(pk=world.worker_a.pk).update(hired_on=date(2025, 3, 1))
    world.worker_a.refresh_from_db()
    c = compliance.for_worker(world.worker_a, date(2026, 3, 1))["c"]
    assert c.deadline == date(2026, 3, 1) and c.kinds == ["业务培训"] and c.state == "pending"
    assert compliance.for_worker(world.worker_a, date(2026, 3, 2))["c"].state == "overdue"


def test_a_worker_hired_before_the_profile_existed_is_not_judged(world):
    from unionsw.workers.models import Worker

    Worker.objects.filter(pk=world.worker_a.pk).update(hired_on=date(2015, 1, 1))  # Shandong profile from 2017
    world.worker_a.refresh_from_db()
    assert compliance.for_worker(world.worker_a, date(2026, 1, 1))["c"].state == "not_set"


def test_without_any_plan_above_a_worker_nothing_is_judged_overdue(world):
    from unionsw.workers.models import Worker

    Worker.objects.filter(pk=world.worker_a.pk).update(hired_on=date(2026, 1, 15))
    world.worker_a.refresh_from_db()
    assert compliance.for_worker(world.worker_a, date(2026, 7, 16))["c"].state == "untracked"
    services.plan_create(by=world.city_admin, org=world.city_a, year=2027, title="济南市培训")
    assert compliance.for_worker(world.worker_a, date(2026, 7, 16))["c"].state == "untracked"  # deadline before 2027
    services.plan_create(by=world.county_a_admin, org=world.county_a, year=2026, title="历下区培训")
    assert compliance.for_worker(world.worker_a, date(2026, 7, 16))["c"].state == "overdue"


def test_the_overdue_alert_reaches_the_alert_centre(world):
    from unionsw.employment.alerts import collect
    from unionsw.workers.models import Worker

    services.plan_create(by=world.province_admin, org=world.province, year=2020, title="全省培训")
    Worker.objects.filter(pk=world.worker_a.pk).update(hired_on=date(2026, 1, 15))
    alerts = [a for a in collect(world.county_a_admin, date(2026, 7, 16)) if a.kind == "training.overdue"]
    assert [a.worker_name for a in alerts] == ["张三"]
    assert [a.worker_name for a in collect(world.county_b_admin, date(2026, 7, 16)) if a.kind == "training.overdue"] == ["李四"]


def test_shandong_reminds_a_new_worker_without_pre_job_training(world):
    """坚持岗前培训、持证上岗 (Shandong, `pretraining_required`): a worker hired since records exist, with no
    attended 岗前培训, is reminded; another kind does not count; attending one ends it; a profile without the
    rule never reminds; a worker hired before the records is not judged."""
    from decimal import Decimal

    from django.utils import timezone

    from unionsw.employment.alerts import collect
    from unionsw.orgs.models import PolicyOverride
    from unionsw.training import rules
    from unionsw.training.models import Enrolment, TrainingSession
    from unionsw.workers.models import Worker

    def reminded(user=world.county_a_admin):
        return [a.worker_name for a in collect(user, date(2026, 3, 1)) if a.kind == "training.pretraining"]

    plan = services.plan_create(by=world.province_admin, org=world.province, year=2020, title="全省培训")
    Worker.objects.filter(pk=world.worker_a.pk).update(hired_on=date(2026, 1, 15))
    Worker.objects.filter(pk=world.worker_b.pk).update(hired_on=date(2019, 1, 15))  # before any record: not judged
    assert reminded() == ["张三"] and reminded(world.county_b_admin) == []

    def attend(kind):
        s = TrainingSession.objects.create(
            plan=plan, kind=kind, title=kind, starts_on=date(2026, 2, 1), ends_on=date(2026, 2, 2), hours=Decimal("8"), place="x"
        )
        Enrolment.objects.create(session=s, worker=world.worker_a, attended_at=timezone.now(), hours_credited=Decimal("8"))

    attend("业务培训")
    assert reminded() == ["张三"]
    attend(rules.PRETRAINING_KIND)
    assert reminded() == []
    Enrolment.objects.filter(session__kind=rules.PRETRAINING_KIND).delete()
    PolicyOverride.objects.create(
        org=world.county_a, key="pretraining_required", value=False, effective_from=date(2000, 1, 1), source="测试"
    )
    assert reminded() == []
