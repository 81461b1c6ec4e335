"""To-do rows from careers, assessment (admonition, Beijing certification) and employment (staffing norm):
each only where the profile applies, scoped, gone once done, linking to a page that opens for the user,
and a constant number of queries on /todo/."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import make_id, worker_data
from unionsw.stats import todo

pytestmark = pytest.mark.django_db


def on_profile(world, code):
    from unionsw.orgs.models import PolicyProfile

    world.province.policy_profile = PolicyProfile.objects.filter(code=code).order_by("-effective_from").first()
    world.province.save(update_fields=["policy_profile"])


def items(user, prefix, day=None):
    return [i for i in todo.collect(user, day or timezone.localdate()) if i.key.startswith(prefix)]


def add_worker(world, org=None, **fields):
    from unionsw.workers.services import worker_create

    org = org or world.street_a
    by = world.county_a_admin if org.path.startswith(world.county_a.path) else world.county_b_admin
    fields.setdefault("name", "候选人")
    return worker_create(by=by, data=worker_data(org, id_number=make_id(org.parent.region_code or "370102"), **fields))


def eligible_worker(world, org=None, name="候选人"):
    from unionsw.assessment.models import Result

    w = add_worker(world, org, name=name, rank="初级干事", rank_since=date(2019, 1, 1), hired_on=date(2018, 1, 1))
    year = timezone.localdate().year
    for y in range(year - 3, year):
        Result.objects.create(worker=w, year=y, grade="PASS")
    return w


def opens(login, user, item):
    r = login(user).get(item.url)
    assert r.status_code == 200, (item.key, item.url, r.status_code)
    return r


# ---------------------------------------------------------------- careers


def test_an_eligible_worker_is_a_to_do_of_the_county_until_proposed(world, login):
    from django.urls import reverse

    w = eligible_worker(world, name="晋升候选")
    for i in range(3):  # five in the county: 中级干事 ≤ 20 % × 5 = 1 (the quota lets the proposal through)
        add_worker(world, name=f"同事{i}")
    rows = items(world.county_a_admin, "promotion.propose:")
    assert [(i.key, i.title) for i in rows] == [(f"promotion.propose:{w.pk}:中级干事", "符合晋升条件待提名")]
    assert "晋升候选：初级干事 → 中级干事" in rows[0].detail
    assert "晋升候选" in opens(login, world.county_a_admin, rows[0]).content.decode()
    # worker_a (见习干事 since 2022, no results) is not eligible; other counties and the city do not propose
    assert items(world.county_b_admin, "promotion.propose:") == []
    assert items(world.city_admin, "promotion.propose:") == []
    login(world.county_a_admin).post(reverse("careers:propose", args=[w.pk]))
    assert w.promotions.filter(status="proposed").exists()
    assert items(world.county_a_admin, "promotion.propose:") == []


# ---------------------------------------------------------------- assessment: 诫勉谈话


def test_a_fail_without_an_admonition_is_a_to_do_where_the_profile_requires_it(world, login):
    from django.urls import reverse

    from unionsw.assessment.models import Result

    r = Result.objects.create(worker=world.worker_a, year=timezone.localdate().year - 1, grade="FAIL")
    Result.objects.create(worker=world.worker_b, year=timezone.localdate().year - 1, grade="FAIL")
    # Shandong's profile is silent (未规定): no row
    assert items(world.county_a_admin, "assessment.admonition_missing") == []
    on_profile(world, "jiangsu")
    rows = items(world.county_a_admin, "assessment.admonition_missing")
    assert [i.key for i in rows] == [f"assessment.admonition_missing:{world.worker_a.pk}"]
    assert "不合格" in rows[0].detail and "诫勉谈话" in rows[0].detail
    assert opens(login, world.county_a_admin, rows[0]).context["result"].pk == r.pk
    # the township (no assessment.county) and the other county see nothing of it
    assert items(world.township_admin, "assessment.") == []
    assert [i.detail for i in items(world.county_b_admin, "assessment.admonition_missing")] != []
    assert all("李四" in i.detail for i in items(world.county_b_admin, "assessment.admonition_missing"))
    login(world.county_a_admin).post(
        reverse("assessment:admonition", args=[r.pk]),
        {"talked_on": timezone.localdate().isoformat(), "talker": "副主席王某", "content": "指出存在的问题，提出改进要求和期限。"},
    )
    assert r.admonitions.count() == 1
    assert items(world.county_a_admin, "assessment.admonition_missing") == []
    # an old result (three years back) is not nagged about
    Result.objects.create(worker=world.worker_a, year=timezone.localdate().year - 3, grade="FAIL")
    assert items(world.county_a_admin, "assessment.admonition_missing") == []


# ---------------------------------------------------------------- Beijing certification


def cert_round(world, *, start, until, attempt=1):
    from unionsw.assessment.models import CertRound

    return CertRound.objects.create(
        org=world.county_a,
        name="2026年资格认证",
        attempt=attempt,
        register_from=start,
        register_until=until,
        pass_line=60,
        weights={"written": 40, "performance": 30, "daily": 30},
    )


def test_beijing_non_registrants_are_a_to_do_and_after_the_deadline_urgent(world, login):
    from unionsw.assessment import services

    today = timezone.localdate()
    other = add_worker(world, world.street_a2, name="王五")
    cr = cert_round(world, start=today - timedelta(days=3), until=today + timedelta(days=10))
    assert items(world.county_a_admin, "certification.") == []  # Shandong: no certification
    on_profile(world, "beijing")
    services.cert_register(by=world.county_a_admin, cert_round=cr, worker=world.worker_a)
    rows = items(world.county_a_admin, "certification.unregistered")
    assert [(i.key, i.level) for i in rows] == [(f"certification.unregistered:{cr.pk}", "warn")]
    assert "1 名社工尚未报名" in rows[0].detail
    page = opens(login, world.county_a_admin, rows[0])
    assert [w.pk for w in page.context["missing"]] == [other.pk]
    late = items(world.county_a_admin, "certification.unregistered", today + timedelta(days=11))
    assert late[0].level == "bad" and "视同放弃资格认证" in late[0].detail
    # not yet open: no row; another county's admin cannot see the round
    assert items(world.county_a_admin, "certification.unregistered", today - timedelta(days=4)) == []
    assert items(world.county_b_admin, "certification.") == []
    services.cert_register(by=world.county_a_admin, cert_round=cr, worker=other)
    assert items(world.county_a_admin, "certification.unregistered") == []


def test_beijing_qualification_reviews_wait_for_the_year_s_results(world, login):
    from unionsw.assessment.models import Qualification, Result

    year = timezone.localdate().year - 1
    on_profile(world, "beijing")
    Qualification.objects.create(worker=world.worker_a, number="京工社202500001", issued_on=date(year, 1, 10))
    Qualification.objects.create(worker=world.worker_b, number="京工社202500002", issued_on=date(year, 1, 10))
    assert items(world.county_a_admin, "certification.review") == []  # no result yet
    Result.objects.create(worker=world.worker_a, year=year, grade="PASS")
    Result.objects.create(worker=world.worker_a, year=year - 1, grade="PASS")  # before the certificate: no review
    Result.objects.create(worker=world.worker_b, year=year, grade="PASS")
    rows = items(world.county_a_admin, "certification.review")
    assert [i.key for i in rows] == [f"certification.review:{year}"]
    assert f"{year}年度考核结果已公布，1 名持证社工" in rows[0].detail
    opens(login, world.county_a_admin, rows[0])
    r = login(world.county_a_admin).post(rows[0].url, {"action": "review", "org": world.county_a.pk, "year": year})
    assert r.status_code == 302
    assert items(world.county_a_admin, "certification.review") == []
    assert [i.key for i in items(world.county_b_admin, "certification.review")] == [f"certification.review:{year}"]
    on_profile(world, "shandong")
    assert items(world.county_b_admin, "certification.review") == []


# ---------------------------------------------------------------- staffing norm


def test_units_below_the_staffing_norm_are_a_to_do_of_the_county(world, login):
    # 千佛山街道 has 230 unions and 6,000 members: Jiangsu's norm requires a worker (应当配备); it has none
    assert items(world.county_a_admin, "staffing.") == []  # Shandong: 未规定
    on_profile(world, "jiangsu")
    rows = items(world.county_a_admin, "staffing.")
    assert [i.key for i in rows] == [f"staffing.below:{world.street_a2.pk}:1"]
    assert "千佛山街道工会：应配备不少于 1 名，现有 0 名，尚缺 1 名" == rows[0].detail
    r = opens(login, world.county_a_admin, rows[0])
    assert r.context["root"] == world.county_a
    assert items(world.county_b_admin, "staffing.") == []  # 八大关: 90 unions, 2,000 members → optional
    assert items(world.city_admin, "staffing.") == [] and items(world.township_admin, "staffing.") == []
    add_worker(world, world.street_a2, name="新到岗", rank="")  # Jiangsu sets no ladder
    assert items(world.county_a_admin, "staffing.") == []


# ---------------------------------------------------------------- queries


@pytest.mark.parametrize("profile", ["shandong", "jiangsu"])
def test_the_to_do_page_does_a_constant_number_of_queries(world, login, profile):
    """Shandong: more workers eligible for promotion; Jiangsu (no ladder): more 不合格 without an admonition,
    and a unit below the norm."""
    from unionsw.assessment.models import Result

    on_profile(world, profile)
    c = login(world.county_a_admin)

    def more(n, start):
        for i in range(n):
            if profile == "shandong":
                eligible_worker(world, world.street_a if i % 2 else world.street_a2, name=f"社工{start + i}")
            else:
                x = add_worker(world, world.street_a, name=f"不合格{start + i}", rank="")
                Result.objects.create(worker=x, year=timezone.localdate().year - 1, grade="FAIL")

    more(2, 0)
    c.get("/todo/")
    with CaptureQueriesContext(connection) as few:
        r = c.get("/todo/")
    n_few = len(r.context["items"])
    more(6, 10)
    with CaptureQueriesContext(connection) as many:
        r = c.get("/todo/")
    assert len(r.context["items"]) >= n_few + 6
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]
