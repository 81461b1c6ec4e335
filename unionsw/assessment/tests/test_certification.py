"""Beijing qualification certification (seed 004) on a Beijing-profile federation."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_id, make_user, worker_data
from unionsw.assessment import services
from unionsw.assessment.models import CertEntry, Qualification, Result

pytestmark = pytest.mark.django_db


@pytest.fixture
def beijing(world):
    from unionsw.orgs.models import OrgLevel, PolicyProfile
    from unionsw.orgs.services import org_create
    from unionsw.workers.services import worker_create

    profile = PolicyProfile.objects.filter(code="beijing").first()
    city = org_create(
        by=None,
        parent=None,
        level=OrgLevel.PROVINCE,
        skip_scope=True,
        data={"name": "北京市总工会", "region_code": "110000", "policy_profile": profile},
    )
    district = org_create(
        by=None, parent=city, level=OrgLevel.COUNTY, skip_scope=True, data={"name": "东城区总工会", "region_code": "110101"}
    )
    street = org_create(
        by=None, parent=district, level=OrgLevel.TOWNSHIP, skip_scope=True, data={"name": "东华门街道工会", "kind": "street"}
    )
    admin = make_user("bj_city", city, [world.roles["city_admin"]])
    district_admin = make_user("bj_district", district, [world.roles["county_admin"]])
    street_admin = make_user("bj_street", street, [world.roles["township_admin"]])
    workers = [
        worker_create(by=admin, data=worker_data(street, name=f"京{i}", id_number=make_id("110101"), rank="")) for i in range(3)
    ]
    return {"city": city, "admin": admin, "district_admin": district_admin, "street_admin": street_admin, "workers": workers}


def make_round(bj, attempt=1, start=None):
    today = timezone.localdate()
    return services.cert_round_create(
        by=bj["admin"],
        org=bj["city"],
        data={
            "name": "首次资格认证" if attempt == 1 else "第二次资格认证",
            "attempt": attempt,
            "register_from": start or today - timedelta(days=1),
            "register_until": today + timedelta(days=7),
            "w_written": "40",
            "w_performance": "30",
            "w_daily": "30",
            "pass_line": "60",
        },
    )


def test_certification_is_refused_where_the_policy_does_not_require_it(world):
    with pytest.raises(Exception, match="未规定资格认证"):
        services.cert_round_create(by=world.city_admin, org=world.city_a, data={})


def test_the_full_certification_with_a_second_attempt_and_annual_review(world, beijing, client):
    bj = beijing
    cr = make_round(bj)
    a, b, absent = bj["workers"]
    for w in (a, b):
        services.cert_register(by=bj["admin"], cert_round=cr, worker=w)
    ea, eb = CertEntry.objects.get(worker=a), CertEntry.objects.get(worker=b)
    for e, written in ((ea, 80), (eb, 30)):
        services.cert_score(by=bj["admin"], entry=e, field="written", value=written)
        services.cert_score(by=bj["district_admin"], entry=e, field="performance", value=70)
        services.cert_score(by=bj["street_admin"], entry=e, field="daily", value=75)
    with pytest.raises(Exception, match="未经区县确认"):
        services.cert_close(by=bj["admin"], cert_round=cr)
    for e in (ea, eb):
        e.refresh_from_db()
        services.cert_confirm_daily(by=bj["district_admin"], entry=e)
    result = services.cert_close(by=bj["admin"], cert_round=cr)
    assert result == {"passed": 1, "failed": 1}
    q = Qualification.objects.get(worker=a)
    assert q.number.startswith(f"京工社{timezone.localdate().year}")
    assert not Qualification.objects.filter(worker=b).exists()

    # the page flags who did not register
    client.force_login(bj["admin"])
    body = client.get(reverse("assessment:cert_round", args=[cr.pk])).content.decode()
    assert "京2" in body and "未报名" in body

    # second attempt: only those who failed the first
    cr2 = make_round(bj, attempt=2)
    assert list(services.cert_candidates(cr2)) == [b]
    with pytest.raises(Exception, match="不在本次认证范围"):
        services.cert_register(by=bj["admin"], cert_round=cr2, worker=absent)

    # annual review with the assessment: a 不合格 year revokes
    Result.objects.create(worker=a, year=2025, grade="FAIL")
    assert services.qualification_review(by=bj["admin"], year=2025, org=bj["city"]) == 1
    q.refresh_from_db()
    assert q.revoked and q.reviews == {"2025": False}


def test_registration_outside_the_window_is_refused(world, beijing):
    cr = make_round(beijing, start=timezone.localdate() + timedelta(days=3))
    with pytest.raises(Exception, match="不在报名时间内"):
        services.cert_register(by=beijing["admin"], cert_round=cr, worker=beijing["workers"][0])
    assert not CertEntry.objects.exists()
    _ = date


def test_annual_review_from_the_page(world, beijing, client):
    from unionsw.assessment.models import Qualification

    w = beijing["workers"][0]
    q = Qualification.objects.create(worker=w, number="京工社202600001", issued_on=date(2026, 1, 1))
    Result.objects.create(worker=w, year=2026, grade="PASS")
    client.force_login(beijing["admin"])
    client.post(reverse("assessment:cert_rounds"), {"action": "review", "org": beijing["city"].pk, "year": "2026"})
    q.refresh_from_db()
    assert q.reviews == {"2026": True} and not q.revoked
    client.force_login(world.township_admin)
    assert (
        client.post(
            reverse("assessment:cert_rounds"), {"action": "review", "org": beijing["city"].pk, "year": "2026"}
        ).status_code
        == 403
    )


def test_the_beijing_menu_item_shows_only_where_a_beijing_profile_applies(world, beijing, login):
    shandong = login(world.county_a_admin).get(reverse("assessment:results")).content.decode()
    assert "资格认证（北京）" not in shandong
    page = login(beijing["district_admin"]).get(reverse("assessment:results")).content.decode()
    assert "资格认证（北京）" in page


def test_one_menu_item_is_highlighted(world, login):
    body = login(world.county_a_admin).get(reverse("assessment:results")).content.decode()
    assert body.count('aria-current="page"') == 1
    assert 'href="/assessment/results/" class="active"' in body
