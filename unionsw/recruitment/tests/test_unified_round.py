"""统一招聘 (issue 12): a city runs one round for the filed plans of several of its counties and for posts of
its directly managed units; each county sees only its own posts' applicants and hires them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import make_id, make_user
from unionsw.core.errors import NotAllowed
from unionsw.orgs.models import OrgKind, OrgLevel
from unionsw.recruitment import selectors, services
from unionsw.recruitment.models import Application, JudgeScore, Plan, PlanStatus, Round, RoundStatus
from unionsw.workers.models import Worker

from .conftest import applicant, round_data
from .helpers import portal_register, xlsx
from .test_api import call


@dataclass
class Unified:
    world: object
    county_c: object  # a second county of 济南 (the world's city)
    street_c: object
    county_c_admin: object
    direct: object  # 济南市建筑行业工会联合会, managed by the city itself
    plan_a: Plan
    plan_c: Plan


def _filed(world, *, by, org, unit, kind="组建指导岗", count=1, title=None):
    plan = services.plan_create(
        by=by,
        org=org,
        data={"title": title or f"{org.name}招录计划", "exam_year": date.today().year + 1, "exam_month": 6},
        posts=[{"unit": unit, "kind": kind, "count": count}],
    )
    services.plan_propose(by=by, plan=plan)
    services.plan_approve(by=world.city_admin, plan=plan)
    services.plan_file(by=world.province_admin, plan=plan)
    return plan


@pytest.fixture
def u(world):
    from unionsw.accounts.roles import ensure_builtin_roles
    from unionsw.orgs.services import org_create

    def org(parent, level, name, **extra):
        return org_create(by=None, parent=parent, level=level, skip_scope=True, data={"name": name, **extra})

    roles = ensure_builtin_roles()
    county_c = org(world.city_a, OrgLevel.COUNTY, "槐荫区总工会", region_code="370104")
    street_c = org(county_c, OrgLevel.TOWNSHIP, "振兴街道工会", kind=OrgKind.STREET)
    direct = org(world.city_a, OrgLevel.TOWNSHIP, "济南市建筑行业工会联合会", kind=OrgKind.INDUSTRY)
    county_c_admin = make_user("county_c_admin", county_c, [roles["county_admin"]])
    plan_a = _filed(world, by=world.county_a_admin, org=world.county_a, unit=world.street_a)
    plan_c = _filed(world, by=county_c_admin, org=county_c, unit=street_c, kind="维权服务岗", count=2)
    return Unified(world, county_c, street_c, county_c_admin, direct, plan_a, plan_c)


def unified_round(u, *, plans=None, direct_posts=None, **data):
    return services.round_unified_create(
        by=u.world.city_admin,
        org=u.world.city_a,
        plans=[u.plan_a, u.plan_c] if plans is None else plans,
        direct_posts=[{"unit": u.direct, "kind": "职工频道岗", "count": 1}] if direct_posts is None else direct_posts,
        data=round_data(title="济南市总工会统一公开招聘公告", **data),
    )


def staff(user) -> Client:
    c = Client()
    c.force_login(user)
    s = c.session
    s["epoch"] = user.session_epoch
    s.save()
    return c


# --- services -------------------------------------------------------------------------------------


def test_a_city_takes_its_counties_filed_plans_and_its_direct_units_posts_into_one_round(u):
    rnd = unified_round(u)
    assert rnd.unified and rnd.org == u.world.city_a and rnd.status == RoundStatus.ANNOUNCED
    u.plan_a.refresh_from_db()
    u.plan_c.refresh_from_db()
    assert u.plan_a.unified_round == rnd and u.plan_c.unified_round == rnd
    # the round's own plan is the city's and holds the direct unit's post
    assert rnd.plan.org == u.world.city_a and [p.unit for p in rnd.plan.posts.all()] == [u.direct]
    posts = list(rnd.posts.select_related("unit").order_by("code"))
    # round-wide codes (the tickets are numbered by code): the direct unit first, then county by county
    assert [(p.code, p.unit.name) for p in posts] == [
        ("01", "济南市建筑行业工会联合会"),
        ("02", "解放路街道工会"),
        ("03", "振兴街道工会"),
    ]
    assert u.plan_c.events.filter(action="plan_unified").exists()
    assert rnd.plan.events.filter(action="round_unified").exists()


def test_it_refuses_a_plan_of_a_county_outside_the_city(u):
    world = u.world
    roles = {r.code: r for r in world.city_admin.roles.all()}
    city_b_admin = make_user("city_b_admin", world.city_b, list(roles.values()))
    plan = services.plan_create(
        by=world.county_b_admin,
        org=world.county_b,
        data={"title": "市南区计划", "exam_year": date.today().year + 1, "exam_month": 6},
        posts=[{"unit": world.street_b, "kind": "组建指导岗", "count": 1}],
    )
    services.plan_propose(by=world.county_b_admin, plan=plan)
    services.plan_approve(by=city_b_admin, plan=plan)
    services.plan_file(by=world.province_admin, plan=plan)
    with pytest.raises(ValidationError) as exc:
        unified_round(u, plans=[u.plan_a, plan])
    assert "不是本市所辖县（市、区）的招录计划" in str(exc.value)
    assert not Round.objects.exists()
    assert not Plan.objects.filter(unified_round__isnull=False).exists()


@pytest.mark.parametrize(
    "status, message", [(PlanStatus.PROPOSED, "未经市总批准"), (PlanStatus.RETURNED, "未经市总批准"), (PlanStatus.APPROVED, "尚未经省总备案")]
)
def test_it_refuses_a_plan_the_chain_has_not_passed(u, status, message):
    plan = services.plan_create(
        by=u.county_c_admin,
        org=u.county_c,
        data={"title": "槐荫区第二批", "exam_year": date.today().year + 1, "exam_month": 6},
        posts=[{"unit": u.street_c, "kind": "组建指导岗", "count": 1}],
    )
    services.plan_propose(by=u.county_c_admin, plan=plan)
    if status == PlanStatus.RETURNED:
        services.plan_return(by=u.world.city_admin, plan=plan, reason="补充材料")
    elif status == PlanStatus.APPROVED:
        services.plan_approve(by=u.world.city_admin, plan=plan)
    with pytest.raises(ValidationError) as exc:
        unified_round(u, plans=[u.plan_a, plan])
    assert message in str(exc.value)
    assert not Round.objects.exists()


def test_a_plan_goes_into_one_round_only(u):
    services.round_announce(by=u.county_c_admin, plan=u.plan_c, data=round_data())
    with pytest.raises(ValidationError) as exc:
        unified_round(u)
    assert "已发布公告或已纳入其他统一招聘" in str(exc.value)
    rnd = unified_round(u, plans=[u.plan_a])
    with pytest.raises(ValidationError) as exc:
        services.round_announce(by=u.world.county_a_admin, plan=u.plan_a, data=round_data())
    assert "已纳入市总统一招聘" in str(exc.value)
    assert Round.objects.filter(plan=u.plan_a).count() == 0 and rnd.posts.count() == 2


def test_direct_posts_must_be_at_the_citys_own_units(u):
    with pytest.raises(ValidationError) as exc:
        unified_round(u, direct_posts=[{"unit": u.street_c, "kind": "组建指导岗", "count": 1}])
    assert "须为本级直属单位" in str(exc.value)


def test_only_the_level_the_policy_names_runs_a_unified_round(u):
    from unionsw.orgs.services import policy_override_add

    with pytest.raises(NotAllowed):
        services.round_unified_create(
            by=u.world.county_a_admin, org=u.world.county_a, plans=[], direct_posts=[], data=round_data()
        )
    policy_override_add(
        by=u.world.province_admin,
        org=u.world.city_a,
        key="unified_round_level",
        value="province",
        effective_from=date(2020, 1, 1),
        source="测试",
    )
    with pytest.raises(ValidationError) as exc:
        unified_round(u)
    assert "统一招聘由省级（直辖市）总工会组织" in str(exc.value)
    assert not Round.objects.exists()


def test_a_county_sees_only_its_own_posts_applicants_and_may_act_only_on_them(u):
    world = u.world
    rnd = unified_round(u)
    post_a = rnd.posts.get(plan=u.plan_a)
    post_c = rnd.posts.get(plan=u.plan_c)
    app_a = services.application_submit(
        applicant=applicant("甲", phone="13900000011"),
        round=rnd,
        data={"post": post_a, "education": "bachelor", "school": "山东大学", "major": "社会工作"},
    )
    app_c = services.application_submit(
        applicant=applicant("丙", born=date(1996, 4, 2), phone="13900000012"),
        round=rnd,
        data={"post": post_c, "education": "bachelor", "school": "济南大学", "major": "社会学"},
    )
    assert list(selectors.applications_visible_to(world.county_a_admin).filter(round=rnd)) == [app_a]
    assert list(selectors.applications_visible_to(u.county_c_admin).filter(round=rnd)) == [app_c]
    assert set(selectors.applications_visible_to(world.city_admin).filter(round=rnd)) == {app_a, app_c}
    assert set(selectors.applications_visible_to(world.province_admin).filter(round=rnd)) == {app_a, app_c}
    assert not selectors.applications_visible_to(world.county_b_admin).filter(round=rnd).exists()
    # both counties see the round; a county of another city does not
    assert selectors.rounds_visible_to(world.county_a_admin).filter(pk=rnd.pk).exists()
    assert not selectors.rounds_visible_to(world.county_b_admin).filter(pk=rnd.pk).exists()
    # whole-round steps belong to the city
    with pytest.raises(NotAllowed):
        services.round_close_registration(by=world.county_a_admin, round=rnd)
    services.round_close_registration(by=world.city_admin, round=rnd)
    # a county reviews its own applicant
    services.application_review(by=world.county_a_admin, application=app_a, passed=True)
    app_a.refresh_from_db()
    assert app_a.review == "passed"

    a, c = staff(world.county_a_admin), staff(u.county_c_admin)
    assert a.get(reverse("recruitment:application_detail", args=[app_a.pk])).status_code == 200
    assert a.get(reverse("recruitment:application_detail", args=[app_c.pk])).status_code == 404
    response = a.post(reverse("recruitment:application_action", args=[app_c.pk, "review"]), {"passed": "1"})
    assert response.status_code == 404
    app_c.refresh_from_db()
    assert app_c.review == "pending"
    page = c.get(reverse("recruitment:round_detail", args=[rnd.pk])).content.decode()
    assert "丙" in page and ">甲<" not in page
    assert c.post(reverse("recruitment:round_action", args=[rnd.pk, "review_auto"])).status_code == 403
    assert staff(world.county_b_admin).get(reverse("recruitment:round_detail", args=[rnd.pk])).status_code == 404


# --- pages ----------------------------------------------------------------------------------------


def test_the_city_creates_a_unified_round_from_its_menu(u):
    world = u.world
    city = staff(world.city_admin)
    url = reverse("recruitment:unified_create")
    assert url in city.get(reverse("recruitment:rounds")).content.decode()  # the menu and the list's button
    page = city.get(url).content.decode()
    assert "历下区总工会" in page and "槐荫区总工会" in page and "济南市建筑行业工会联合会" in page
    assert "设区市总工会" in page and "牵头抓总" not in page  # Shandong's source is quoted, not Jiangsu's
    assert staff(world.county_a_admin).get(url).status_code == 403
    assert Client().get(url).status_code == 302
    today = timezone.localdate()
    response = city.post(
        url,
        {
            "plan": [u.plan_a.pk, u.plan_c.pk],
            "unit_0": u.direct.pk,
            "kind_0": "职工频道岗",
            "count_0": 1,
            "title": "济南市统一招聘公告",
            "body": "统一组织",
            "reference_date": today,
            "registration_start": today - timedelta(days=1),
            "registration_end": today + timedelta(days=3),
            "exam_date": today + timedelta(days=10),
            "written_weight": "0.5",
            "interview_ratio": 3,
            "drop_high_low": "on",
            "second_tie_key": "written",
            "waiting_list_months": 12,
        },
    )
    rnd = Round.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("recruitment:round_detail", args=[rnd.pk])
    detail = city.get(response["Location"]).content.decode()
    assert "纳入的单位" in detail and "槐荫区总工会" in detail and "济南市建筑行业工会联合会" in detail
    # the portal's announcement lists the posts grouped by unit
    portal = Client().get(f"/portal/rounds/{rnd.pk}/").content.decode()
    for heading in ("1. 济南市建筑行业工会联合会", "2. 历下区总工会", "3. 槐荫区总工会"):
        assert heading in portal


def test_a_refused_unified_round_keeps_the_form_and_changes_nothing(u):
    city = staff(u.world.city_admin)
    response = city.post(reverse("recruitment:unified_create"), {"plan": [u.plan_a.pk], "title": ""})
    page = response.content.decode()
    assert response.status_code == 200 and "errorlist" in page
    assert f'value="{u.plan_a.pk}" aria-label="纳入{u.plan_a.title}" checked' in page  # the choice is kept
    assert not Round.objects.exists()
    # a plan outside the city's scope is a 404
    other = _filed_other_city(u)
    response = city.post(reverse("recruitment:unified_create"), {**_form_dates(), "plan": [other.pk]})
    assert response.status_code == 404 and not Round.objects.exists()


def _form_dates():
    today = timezone.localdate()
    return {
        "title": "济南市统一招聘公告",
        "reference_date": today,
        "registration_start": today,
        "registration_end": today + timedelta(days=3),
        "exam_date": today + timedelta(days=10),
        "written_weight": "0.5",
        "interview_ratio": 3,
        "second_tie_key": "written",
        "waiting_list_months": 12,
    }


def _filed_other_city(u):
    world = u.world
    city_b_admin = make_user("city_b_admin2", world.city_b, list(world.city_admin.roles.all()))
    plan = services.plan_create(
        by=world.county_b_admin,
        org=world.county_b,
        data={"title": "市南区计划", "exam_year": date.today().year + 1, "exam_month": 6},
        posts=[{"unit": world.street_b, "kind": "组建指导岗", "count": 1}],
    )
    services.plan_propose(by=world.county_b_admin, plan=plan)
    services.plan_approve(by=city_b_admin, plan=plan)
    services.plan_file(by=world.province_admin, plan=plan)
    return plan


def test_the_round_page_does_a_constant_number_of_queries(u, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    city = staff(u.world.city_admin)

    def queries(rnd):
        with CaptureQueriesContext(connection) as ctx:
            assert city.get(reverse("recruitment:round_detail", args=[rnd.pk])).status_code == 200
        return len(ctx)

    small = unified_round(u, plans=[u.plan_a], direct_posts=[])
    extra = [
        _filed(u.world, by=u.county_c_admin, org=u.county_c, unit=u.street_c, title=f"槐荫区第{i}批") for i in range(3)
    ]
    big = services.round_unified_create(
        by=u.world.city_admin,
        org=u.world.city_a,
        plans=[u.plan_c, *extra],
        direct_posts=[{"unit": u.direct, "kind": "职工频道岗", "count": 1}],
        data=round_data(title="第二次统一招聘"),
    )
    queries(small), queries(big)  # warm the cached round figures of the first view
    assert queries(big) == queries(small)


# --- API ------------------------------------------------------------------------------------------


def test_the_api_creates_a_unified_round_through_the_same_service(u, client):
    today = timezone.localdate()
    body = {
        "title": "济南市统一招聘（API）",
        "reference_date": str(today),
        "registration_start": str(today),
        "registration_end": str(today + timedelta(days=3)),
        "exam_date": str(today + timedelta(days=10)),
        "plan_ids": [u.plan_a.pk, u.plan_c.pk],
        "direct_posts": [{"unit_id": u.direct.pk, "kind": "职工频道岗", "count": 1}],
    }
    url = reverse("api:recruitment_round_unified")
    import json

    response = call(client, "post", url, u.world.county_a_admin, data=json.dumps(body))
    assert response.status_code == 403 and not Round.objects.exists()
    response = call(client, "post", url, u.world.city_admin, data=json.dumps({**body, "plan_ids": [_filed_other_city(u).pk]}))
    assert response.status_code == 404 and not Round.objects.exists()
    response = call(client, "post", url, u.world.city_admin, data=json.dumps(body))
    assert response.status_code == 200, response.content
    rnd = Round.objects.get()
    assert response.json()["unified"] is True and response.json()["id"] == rnd.pk
    assert rnd.posts.count() == 3 and rnd.plan.events.filter(action="round_unified").exists()


# --- one flow through the pages -------------------------------------------------------------------


def test_a_unified_round_runs_from_registration_to_hire_for_two_counties(u):
    world = u.world
    today = timezone.localdate()
    # one judge: the interview score is the judge's score (no highest/lowest to drop)
    rnd = unified_round(u, direct_posts=[], registration_start=today - timedelta(days=1), drop_high_low=False)
    city, county_a, county_c = staff(world.city_admin), staff(world.county_a_admin), staff(u.county_c_admin)
    post_a, post_c = rnd.posts.get(plan=u.plan_a), rnd.posts.get(plan=u.plan_c)

    # registration: applicants choose a post of either county in the same round
    for name, post, born in (("甲考生", post_a, date(1996, 1, 1)), ("丙考生", post_c, date(1997, 2, 2)), ("丁考生", post_c, date(1998, 3, 3))):
        c = Client()
        portal_register(c, name=name, id_number=make_id("370102", born))
        r = c.post(
            f"/portal/rounds/{rnd.pk}/apply/",
            {"post": post.pk, "education": "bachelor", "school": "山东大学", "major": "社会工作", "political_status": "masses", "ethnicity": "汉族"},
        )
        assert r.status_code == 302, r.content.decode()[:1500]
    assert Application.objects.filter(round=rnd).count() == 3

    # the city runs review, exam, interview and ranking once for all of them
    assert city.post(reverse("recruitment:round_action", args=[rnd.pk, "close"])).status_code == 302
    assert city.post(reverse("recruitment:round_action", args=[rnd.pk, "review_auto"])).status_code == 302
    assert city.post(
        reverse("recruitment:round_action", args=[rnd.pk, "written"]), {"room_name": ["第1考场"], "room_capacity": ["30"]}
    ).status_code == 302
    apps = {a.name: a for a in Application.objects.filter(round=rnd)}
    assert len({a.ticket_no for a in apps.values()}) == 3  # round-wide post codes: no ticket collides
    rows = [["准考证号", "笔试成绩"]] + [[a.ticket_no, s] for a, s in zip(apps.values(), (80, 75, 70), strict=True)]
    assert city.post(reverse("recruitment:round_action", args=[rnd.pk, "scores"]), {"file": xlsx(rows)}).status_code == 302
    assert city.post(reverse("recruitment:round_action", args=[rnd.pk, "interview"])).status_code == 302
    judge = make_user("judge_city", world.city_a, [])
    assert city.post(reverse("recruitment:round_action", args=[rnd.pk, "judge"]), {"user": judge.pk}).status_code == 302
    jc = staff(judge)
    for a in Application.objects.filter(round=rnd, in_interview=True):
        r = jc.post(reverse("recruitment:judge_round", args=[rnd.pk]), {"application": a.pk, "score": 80})
        assert r.status_code == 302
    assert JudgeScore.objects.filter(application__round=rnd).count() == 3
    assert county_a.post(reverse("recruitment:round_action", args=[rnd.pk, "rank"])).status_code == 403
    r = city.post(reverse("recruitment:round_action", args=[rnd.pk, "rank"]), follow=True)
    assert "已计算总成绩和排名" in r.content.decode(), [str(m) for m in r.context["messages"]][-1]
    rnd.refresh_from_db()
    assert rnd.status == RoundStatus.RANKED
    apps = {a.name: a for a in Application.objects.filter(round=rnd)}
    # ranking per post: 甲 is first of 历下区's post; 丙 and 丁 compete for 槐荫区's two places
    assert apps["甲考生"].rank == 1 and apps["丙考生"].rank == 1 and apps["丁考生"].rank == 2
    assert all(a.selected for a in apps.values())

    # each county does 体检、考察 of its own candidates, the city publishes the notice, the province files,
    # and each county hires onto its own unit
    for client, name in ((county_a, "甲考生"), (county_c, "丙考生")):
        app = apps[name]
        assert client.post(reverse("recruitment:application_action", args=[app.pk, "medical"]), {"passed": "1"}).status_code == 302
        assert client.post(reverse("recruitment:application_action", args=[app.pk, "vetting"]), {"passed": "1"}).status_code == 302
    assert county_a.post(
        reverse("recruitment:application_action", args=[apps["丙考生"].pk, "medical"]), {"passed": "1"}
    ).status_code == 404
    start, end = today - timedelta(days=8), today - timedelta(days=1)
    assert city.post(reverse("recruitment:round_action", args=[rnd.pk, "publicity"]), {"start": start, "end": end}).status_code == 302
    province = staff(world.province_admin)
    for name in ("甲考生", "丙考生"):
        assert province.post(reverse("recruitment:application_action", args=[apps[name].pk, "file"])).status_code == 302
    for client, name in ((county_a, "甲考生"), (county_c, "丙考生")):
        r = client.post(reverse("recruitment:application_action", args=[apps[name].pk, "hire"]), {"hired_on": today})
        assert r.status_code == 302
    hired = {w.name: w.org for w in Worker.objects.filter(application__round=rnd)}
    assert hired == {"甲考生": world.street_a, "丙考生": u.street_c}
    # the county's worker list shows its own hire only
    listing = county_c.get(reverse("workers:list")).content.decode()
    assert "丙考生" in listing and "甲考生" not in listing


def test_the_city_hires_for_its_direct_unit_and_the_post_fill_waits_for_employment_rights(u):
    """Service chain for one applicant to the direct unit's post; the city records the hire itself."""
    from unionsw.recruitment.models import Judge

    world, today = u.world, timezone.localdate()
    city = world.city_admin
    rnd = unified_round(u, plans=[u.plan_a], drop_high_low=False)
    post = rnd.posts.get(unit=u.direct)
    app = services.application_submit(
        applicant=applicant("戊", phone="13900000021"),
        round=rnd,
        data={"post": post, "education": "bachelor", "school": "山东大学", "major": "新闻学"},
    )
    services.round_close_registration(by=city, round=rnd)
    services.review_accept_auto(by=city, round=rnd)
    services.round_start_written(by=city, round=rnd, rooms=[{"name": "第1考场", "capacity": 10}])
    app.refresh_from_db()
    services._scores_write(by=city, round=rnd, rows=[["准考证号", "笔试成绩"], [app.ticket_no, 81]])
    services.round_start_interview(by=city, round=rnd)
    judge = make_user("judge_direct", world.city_a, [])
    services.judge_assign(by=city, round=rnd, user=judge)
    assert Judge.objects.filter(round=rnd).count() == 1
    app.refresh_from_db()
    services.judge_score_set(by=type(judge).objects.get(pk=judge.pk), application=app, score=88)
    services.round_rank(by=city, round=rnd)
    app.refresh_from_db()
    # the county of the other post may not act on the direct unit's applicant
    with pytest.raises(NotAllowed):
        services.check_record(by=world.county_a_admin, application=app, kind="medical", passed=True)
    services.check_record(by=city, application=app, kind="medical", passed=True)
    services.check_record(by=city, application=app, kind="vetting", passed=True)
    services.publicity_start(by=city, round=rnd, start=today - timedelta(days=8), end=today - timedelta(days=1))
    app.refresh_from_db()
    services.application_file(by=world.province_admin, application=app)
    app.refresh_from_db()
    worker = services.application_hire(by=city, application=app, hired_on=today)
    assert worker.org == u.direct and worker.name == "戊"
    assert rnd.plan.events.filter(application=app, label__contains="待有岗位、合同管理权限的人员办理").exists()
