from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from unionsw.activity import selectors, services
from unionsw.activity.models import Honour, NominationStatus, Review, SelectionStatus, WorkLogEntry
from unionsw.activity.tests.test_rules import jpeg, png
from unionsw.core.errors import NotAllowed, OutOfScope
from unionsw.orgs.models import PolicyOverride

pytestmark = pytest.mark.django_db

TODAY = date.today()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def log(world, **kw):
    data = {"category": "组建指导", "day": TODAY, "place": "解放路", "served": "某公司工会", "beneficiaries": 40, "description": "指导组建工会"} | kw
    return services.worklog_add(by=world.worker_a_user, data=data, evidence=kw.pop("evidence", None))


def test_a_worker_logs_work_with_a_photo(world):
    e = log(world, evidence=SimpleUploadedFile("p.jpg", jpeg(1280, 960), content_type="image/jpeg"))
    e = WorkLogEntry.objects.get(pk=e.pk)
    assert e.org == world.street_a and e.status == Review.SUBMITTED
    assert (e.evidence.width, e.evidence.height) == (1280, 960)


def test_bad_evidence_is_refused_before_decoding(world):
    with pytest.raises(ValidationError) as exc:
        log(world, evidence=SimpleUploadedFile("p.png", png(30000, 30000), content_type="image/png"))
    assert "超出限制" in exc.value.message_dict["evidence"][0]
    with pytest.raises(ValidationError):
        log(world, evidence=SimpleUploadedFile("x.exe", b"MZ\x90\x00", content_type="image/png"))
    big = SimpleUploadedFile("b.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024), content_type="application/pdf")
    with pytest.raises(ValidationError) as exc:
        log(world, evidence=big)
    assert exc.value.message_dict["evidence"] == ["佐证材料不能超过 10 MB"]
    assert WorkLogEntry.objects.count() == 0


def test_categories_and_fields_are_checked(world):
    with pytest.raises(ValidationError) as exc:
        log(world, category="打牌", day=TODAY + timedelta(days=1), description="")
    assert set(exc.value.message_dict) == {"category", "day", "description"}
    PolicyOverride.objects.create(org=world.county_a, key="worklog_categories", value=["组建指导", "职工频道"], effective_from=date(2020, 1, 1), source="本地")
    with pytest.raises(ValidationError):
        log(world, category="维权服务")
    assert log(world, category="职工频道").category == "职工频道"


def test_the_host_unit_confirms_and_the_other_county_cannot(world, host_daily):
    e = log(world)
    with pytest.raises(OutOfScope):
        services.worklog_review(by=world.county_b_admin, entries=[e], confirm=True)
    with pytest.raises(ValidationError):
        services.worklog_review(by=world.township_admin, entries=[e], confirm=False, note="")
    assert services.worklog_review(by=world.township_admin, entries=[e], confirm=True) == 1
    e.refresh_from_db()
    assert e.status == Review.CONFIRMED and e.reviewed_by == world.township_admin
    with pytest.raises(services.Conflict):
        services.worklog_review(by=world.township_admin, entries=[e], confirm=True)


def test_summaries_per_worker_and_unit(world, host_daily):
    a, b = log(world), log(world, category="维权服务", beneficiaries=5)
    log(world)  # stays unconfirmed
    services.worklog_review(by=world.township_admin, entries=[a, b], confirm=True)
    s = selectors.worklog_summary(world.county_a_admin, year=TODAY.year)
    assert s["entries"] == 2 and s["people"] == 45 and s["totals"]["组建指导"] == (1, 40)
    assert s["by_month"] == {TODAY.month: {"组建指导": 1, "维权服务": 1}}
    [row] = selectors.worklog_by_worker(world.county_a_admin, year=TODAY.year)
    assert (row["confirmed"], row["pending"], row["people"]) == (2, 1, 45)
    assert selectors.worklog_summary(world.county_b_admin, year=TODAY.year)["entries"] == 0


def _round(world):
    from unionsw.assessment import services as assessment

    setup = {"w_workload": "40", "w_host": "30", "w_county": "30", "pass_line": "70", "basic_line": "60", "bonus_city": "2"}
    return assessment.round_create(by=world.county_a_admin, org=world.county_a, year=TODAY.year, data=setup)


def test_the_workload_table_is_filled_from_the_confirmed_log(world, host_daily):
    a, b = log(world), log(world, beneficiaries=10)
    services.worklog_review(by=world.township_admin, entries=[a, b], confirm=True)
    rnd = _round(world)
    entry = rnd.entries.get(worker=world.worker_a)
    entry.workload = [{"item": "职工频道", "count": 2, "note": "手填"}]
    entry.save()
    rows = services.workload_prefill(by=world.worker_a_user, entry=entry)
    entry.refresh_from_db()
    assert entry.workload == rows
    assert rows[0]["item"] == "组建指导" and rows[0]["count"] == 2 and "受益 50 人次" in rows[0]["note"]
    assert rows[1]["item"] == "职工频道"
    with pytest.raises(OutOfScope):
        services.workload_prefill(by=world.county_b_admin, entry=entry)
    assert services.workload_prefill_round(by=world.county_a_admin, round=rnd) == 1


def test_volunteer_hours_by_the_organiser_and_by_the_worker(world):
    act = services.activity_create(by=world.county_a_admin, org=world.county_a, data={"theme": "文明城市", "day": TODAY, "place": "泉城广场"})
    assert services.participants_set(by=world.county_a_admin, activity=act, hours_by_worker={world.worker_a.pk: "3.5"}) == 1
    with pytest.raises(ValidationError):
        services.participants_set(by=world.county_a_admin, activity=act, hours_by_worker={world.worker_b.pk: "2"})
    row = services.hours_log(
        by=world.worker_a_user,
        data={"day": TODAY, "hours": "2", "note": "社区普法"},
        evidence=SimpleUploadedFile("p.png", png(800, 600), content_type="image/png"),
    )
    assert row.status == Review.SUBMITTED
    with pytest.raises(ValidationError):
        services.hours_log(by=world.worker_a_user, data={"day": TODAY, "hours": "30", "note": "x"}, evidence=None)
    with pytest.raises(OutOfScope):
        services.hours_review(by=world.county_b_admin, rows=[row], confirm=True)
    with pytest.raises(NotAllowed):
        services.worklog_add(by=world.county_a_admin, data={})
    totals = selectors.volunteer_totals(world.city_admin, start=date(TODAY.year, 1, 1), end=TODAY)
    assert totals["total"] == Decimal("3.5")
    services.hours_review(by=world.county_a_admin, rows=[row], confirm=True)
    totals = selectors.volunteer_totals(world.province_admin, start=date(TODAY.year, 1, 1), end=TODAY)
    assert totals["total"] == Decimal("5.5")
    by_org = {org.name: h for _, org, h in totals["rows"]}
    assert by_org["山东省总工会"] == by_org["济南市总工会"] == by_org["历下区总工会"] == by_org["解放路街道工会"] == Decimal("5.5")
    assert selectors.volunteer_totals(world.county_b_admin, start=date(TODAY.year, 1, 1), end=TODAY)["total"] == 0


def test_volunteer_totals_take_constant_queries(world, django_assert_max_num_queries):
    from conftest import make_id, worker_data
    from unionsw.workers.services import worker_create

    act = services.activity_create(by=world.city_admin, org=world.city_a, data={"theme": "植树", "day": TODAY, "place": "山"})
    services.participants_set(by=world.city_admin, activity=act, hours_by_worker={world.worker_a.pk: "2"})
    selectors.volunteer_totals(world.city_admin, start=date(TODAY.year, 1, 1), end=TODAY)
    with django_assert_max_num_queries(6) as few:
        selectors.volunteer_totals(world.city_admin, start=date(TODAY.year, 1, 1), end=TODAY)
    ws = [worker_create(by=world.county_a_admin, data=worker_data(world.street_a2, name=f"志愿者{i}", id_number=make_id())) for i in range(10)]
    services.participants_set(by=world.city_admin, activity=act, hours_by_worker={w.pk: "1" for w in ws})
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert selectors.volunteer_totals(world.city_admin, start=date(TODAY.year, 1, 1), end=TODAY)["total"] == Decimal("12")


def test_honours_feed_the_assessment_commendation(world):
    services.honour_add(by=world.county_a_admin, worker=world.worker_a, data={"level": "county", "title": "优秀工会积极分子", "body": "历下区总工会", "awarded_on": TODAY})
    services.honour_add(by=world.county_a_admin, worker=world.worker_a, data={"level": "city", "title": "优秀工会工作者", "body": "济南市总工会", "awarded_on": TODAY})
    with pytest.raises(OutOfScope):
        services.honour_add(by=world.county_b_admin, worker=world.worker_a, data={"level": "city", "title": "x", "body": "y", "awarded_on": TODAY})
    rnd = _round(world)
    assert services.bonus_prefill_round(by=world.county_a_admin, round=rnd) == 1
    entry = rnd.entries.get(worker=world.worker_a)
    assert entry.commendation == "city"
    assert rnd.bonus_points == {"city": 2.0}  # the round's local bonus for the level is what the total adds


def _selection(world, quota=None):
    if quota is not None:
        PolicyOverride.objects.create(org=world.city_a, key="excellent_per_year", value=quota, effective_from=date(2018, 1, 1), source="青岛")
    return services.selection_create(by=world.city_admin, org=world.city_a, year=TODAY.year, title="优秀工会社会工作专业人才")


def test_the_selection_flow_from_nomination_to_award(world):
    sel = _selection(world, quota=20)
    assert sel.quota == 20
    nom = services.nominate(by=world.county_a_admin, selection=sel, worker=world.worker_a, reason="扎根基层，组建工会成效突出")
    with pytest.raises(services.Conflict):
        services.nominate(by=world.county_a_admin, selection=sel, worker=world.worker_a, reason="扎根基层，组建工会成效突出")
    with pytest.raises(ValidationError):
        services.nominate(by=world.county_b_admin, selection=sel, worker=world.worker_b, reason="另一个市的社工不能推荐")
    sel = services.selection_advance(by=world.city_admin, selection=sel)
    assert sel.status == SelectionStatus.REVIEWING
    services.nomination_review(by=world.city_admin, nomination=nom, approve=True)
    sel = services.selection_advance(by=world.city_admin, selection=sel, notice_from=TODAY - timedelta(days=7), notice_until=TODAY - timedelta(days=1))
    assert sel.status == SelectionStatus.NOTICE
    with pytest.raises(ValidationError):
        services.objection_raise(by=world.county_a_admin, nomination=nom, text="公示期已过的异议")
    sel = services.selection_advance(by=world.city_admin, selection=sel)
    assert sel.status == SelectionStatus.AWARDED
    honour = Honour.objects.get(worker=world.worker_a, selection=sel)
    assert honour.title == "优秀工会社会工作专业人才" and honour.level == "city"


def test_the_quota_is_enforced_and_an_upheld_objection_withdraws(world):
    from conftest import make_id, worker_data
    from unionsw.workers.services import worker_create

    sel = _selection(world, quota=1)
    other = worker_create(by=world.county_a_admin, data=worker_data(world.street_a2, name="王五", id_number=make_id()))
    n1 = services.nominate(by=world.county_a_admin, selection=sel, worker=world.worker_a, reason="扎根基层，组建工会成效突出")
    n2 = services.nominate(by=world.county_a_admin, selection=sel, worker=other, reason="维权服务成效突出，职工满意")
    services.selection_advance(by=world.city_admin, selection=sel)
    services.nomination_review(by=world.city_admin, nomination=n1, approve=True)
    with pytest.raises(ValidationError) as exc:
        services.nomination_review(by=world.city_admin, nomination=n2, approve=True)
    assert "名额已满" in exc.value.messages[0]
    sel = services.selection_advance(by=world.city_admin, selection=sel, notice_from=TODAY, notice_until=TODAY + timedelta(days=5))
    obj = services.objection_raise(by=world.township_admin, nomination=n1, text="该同志所报业绩不实")
    services.objection_resolve(by=world.city_admin, objection=obj, upheld=True, resolution="经核实，业绩不实")
    n1.refresh_from_db()
    assert n1.status == NominationStatus.WITHDRAWN
    with pytest.raises(ValidationError):
        services.selection_advance(by=world.city_admin, selection=sel)  # the notice runs for 5 more days


def test_without_a_quota_in_the_profile_it_is_not_set(world):
    assert _selection(world).quota is None


def test_worklog_by_city_rolls_entries_up_to_the_children(world, host_daily):
    a = log(world)
    services.worklog_review(by=world.township_admin, entries=[a], confirm=True)
    rows = {r["org"].name: (r["entries"], r["people"]) for r in selectors.worklog_by_child_org(world.province_admin, year=TODAY.year, parent=world.province)}
    assert rows == {"济南市总工会": (1, 40), "青岛市总工会": (0, 0)}
    rows = selectors.worklog_by_child_org(world.city_admin, year=TODAY.year, parent=world.city_a)
    assert [(r["org"].name, r["entries"]) for r in rows] == [("历下区总工会", 1)]


def test_a_part_time_post_without_consent_is_flagged_where_the_profile_requires_it(world):
    from unionsw.activity.alerts import alerts_for
    from unionsw.orgs.models import PolicyProfile

    with pytest.raises(ValidationError) as exc:
        services.part_time_add(by=world.county_a_admin, worker=world.worker_a, data={"title": "会计", "organisation": "某公司", "starts_on": TODAY, "consent": True})
    assert set(exc.value.message_dict) == {"consent_by", "consent_on"}
    services.part_time_add(by=world.county_a_admin, worker=world.worker_a, data={"title": "会计", "organisation": "某公司", "starts_on": TODAY})
    assert [a.kind for a in alerts_for(world.county_a_admin, TODAY)] == ["parttime.no_consent"]  # Shandong: 须经同意
    services.part_time_add(
        by=world.county_a_admin,
        worker=world.worker_a,
        data={"title": "讲师", "organisation": "职工学校", "starts_on": TODAY, "consent": True, "consent_by": "解放路街道工会", "consent_on": TODAY},
    )
    assert len(alerts_for(world.county_a_admin, TODAY)) == 1
    with pytest.raises(OutOfScope):
        services.part_time_add(by=world.county_b_admin, worker=world.worker_a, data={"title": "x", "organisation": "y", "starts_on": TODAY})
    world.province.policy_profile = PolicyProfile.objects.get(code="hebei")  # 未规定
    world.province.save()
    assert alerts_for(world.county_a_admin, TODAY) == []


def test_an_activity_photo_is_checked_like_evidence(world):
    act = services.activity_create(
        by=world.county_a_admin, org=world.county_a, data={"theme": "植树", "day": TODAY, "place": "山"},
        photo=SimpleUploadedFile("a.png", png(800, 600), content_type="image/png"),
    )
    assert act.photo_type == "image/png"
    with pytest.raises(ValidationError) as exc:
        services.activity_create(
            by=world.county_a_admin, org=world.county_a, data={"theme": "植树", "day": TODAY, "place": "山"},
            photo=SimpleUploadedFile("a.png", png(50000, 10), content_type="image/png"),
        )
    assert "超出限制" in exc.value.message_dict["photo"][0]
