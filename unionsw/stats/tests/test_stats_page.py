"""/stats/: scope, figures that link to lists of the same size, shares, constant queries."""

from datetime import date
from decimal import Decimal
from urllib.parse import parse_qs, urlparse

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import make_id, worker_data
from unionsw.workers import services
from unionsw.workers.models import Certificate, FilingStatus, Worker

from .test_dashboard import bulk_workers

pytestmark = pytest.mark.django_db


def _page(client, **params):
    r = client.get("/stats/", params)
    assert r.status_code == 200, r.content[:300]
    return r


def tables(r):
    return {t.key: t for t in r.context["tables"]}


def figures(r, key):
    return {row.label: row.value for row in tables(r)[key].rows}


def test_anonymous_is_sent_to_login(client, world):
    r = client.get("/stats/")
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]


def test_a_worker_gets_403(world, login):
    assert login(world.worker_a_user).get("/stats/").status_code == 403


def test_another_countys_org_is_404(world, login):
    c = login(world.county_a_admin)
    assert c.get("/stats/", {"org": world.county_b.pk}).status_code == 404
    assert c.get("/stats/", {"org": world.city_a.pk}).status_code == 404
    assert c.get("/stats/", {"org": "x"}).status_code == 404


def test_an_impossible_date_is_400_with_a_message(world, login):
    r = login(world.city_admin).get("/stats/", {"on": "2023-02-30"})
    assert r.status_code == 400 and "日期" in r.content.decode()


def _filed(world, org, n, **kw):
    bulk_workers(org, n, filing=FilingStatus.FILED, template=world.worker_a, **kw)


def test_the_province_counts_only_filed_workers_and_says_so(world, login):
    _filed(world, world.street_a, 3)
    bulk_workers(world.street_b, 4, template=world.worker_a)  # unfiled
    r = _page(login(world.province_admin))
    assert r.context["total"] == 3
    assert figures(r, "filing") == {"已备案": 3, "未备案": 6}  # + 张三, 李四 (unfiled)
    text = r.content.decode()
    assert "未备案的社工不纳入全省统一管理" in text and "《关于加强工会社会工作专业人才队伍建设的意见》" in text


def test_where_the_profile_does_not_require_filing_it_counts_everyone_and_says_so(world, login):
    from unionsw.orgs.models import PolicyProfile

    world.province.policy_profile = PolicyProfile.objects.filter(code="hebei").first()
    world.province.save()
    bulk_workers(world.street_b, 4, template=world.worker_a)
    r = _page(login(world.province_admin))
    assert r.context["total"] == 6
    assert "现行政策未规定" in r.content.decode()


def test_a_city_figure_is_the_sum_of_its_counties_and_a_county_sees_only_its_own(world, login, client):
    _filed(world, world.street_a, 2, rank="初级干事")
    _filed(world, world.street_a2, 3)
    _filed(world, world.street_b, 5)
    county = _page(login(world.county_a_admin))
    assert county.context["total"] == 5
    assert figures(county, "org") == {"解放路街道工会": 2, "千佛山街道工会": 3}
    assert figures(county, "rank")["初级干事"] == 2
    city = _page(login(world.city_admin))
    assert figures(city, "org") == {"历下区总工会": 5}
    province = _page(login(world.province_admin))
    assert figures(province, "org") == {"济南市总工会": 5, "青岛市总工会": 5}
    other = _page(login(world.county_b_admin))
    assert other.context["total"] == 5 and "解放路街道工会" not in other.content.decode()


def _mixed_population(world):
    """Filed active workers of varied attributes under 历下区, through the services (history rows too)."""
    people = [
        dict(name="甲", born=date(1990, 1, 1), gender="F", political_status="cpc", education="bachelor", rank="初级干事"),
        dict(name="乙", born=date(1980, 1, 1), gender="F", political_status="pwdp", education="postgraduate", rank="见习干事"),
        dict(name="丙", born=date(1975, 1, 1), gender="M", political_status="cyl", education="junior_college", rank=""),
        dict(name="丁", born=date(1998, 1, 1), gender="F", political_status="non_party", education="bachelor", rank="初级干事"),
    ]
    out = []
    for p in people:
        born = p.pop("born")
        p.pop("gender")
        w = services.worker_create(
            by=world.county_a_admin,
            data=worker_data(
                world.street_a2, id_number=make_id("370102", born), ethnicity="回族" if p["name"] == "丁" else "汉族", **p
            ),
        )
        services.worker_file(by=world.province_admin, worker=w, filed_on=date(2022, 6, 1))
        out.append(w)
    Certificate.objects.create(worker=out[0], level="assistant", issued_on=date(2020, 1, 1))
    Certificate.objects.create(worker=out[0], level="social_worker", issued_on=date(2022, 1, 1))
    Certificate.objects.create(worker=out[1], level="assistant", issued_on=date(2021, 1, 1))
    return out


def test_every_figure_links_to_a_worker_list_of_the_same_count(world, login):
    _mixed_population(world)
    services.worker_file(by=world.province_admin, worker=world.worker_a)
    c = login(world.city_admin)
    r = _page(c)
    checked = 0
    for t in r.context["tables"]:
        assert sum(row.share for row in t.rows) in (Decimal("100.00"), Decimal("0.00")), t.key
        for row in t.rows:
            assert row.url and row.url.startswith("/workers/?"), (t.key, row.label)
            listed = c.get(row.url)
            assert listed.status_code == 200
            assert listed.context["page"].paginator.count == row.value, (t.key, row.label, row.url)
            checked += 1
    assert checked > 30
    assert figures(r, "political")["农工党"] == 1 and figures(r, "political")["无党派人士"] == 1
    assert figures(r, "education")["研究生"] == 1
    assert figures(r, "certificate") == {
        "助理社会工作师": 1,
        "社会工作师": 1,
        "高级社会工作师": 0,
        "其他证书": 0,
        "未取得证书": 3,
    }
    assert figures(r, "ethnicity") == {"汉族": 4, "回族": 1}


def test_age_bands_on_the_day(world, login):
    _mixed_population(world)
    r = _page(login(world.city_admin), on="2023-06-30")  # 甲 33, 乙 43, 丙 48, 丁 25; 张三 (unfiled) not counted
    assert figures(r, "age") == {"35岁及以下": 2, "36—45岁": 1, "45岁以上": 1}


def test_the_page_does_the_same_number_of_queries_for_few_and_many_workers(world, login):
    c = login(world.province_admin)
    _page(c)
    _filed(world, world.street_a, 3)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            _page(c)
        return len(ctx.captured_queries)

    small = count()
    _filed(world, world.street_a2, 200, rank="初级干事")
    _filed(world, world.street_b, 100, rank="中级干事")
    for w in Worker.objects.all()[:50]:
        Certificate.objects.create(worker=w, level="assistant", issued_on=date(2020, 1, 1))
    large = count()
    assert small == large, f"{small} queries for 3 workers, {large} for 303"
    assert small <= 30


def test_the_excel_export_has_every_table(world, login):
    import io

    from openpyxl import load_workbook

    _filed(world, world.street_a, 3, rank="初级干事")
    r = login(world.city_admin).get("/stats/export/")
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(r.content)).active
    cells = [c.value for row in ws.iter_rows() for c in row]
    assert "岗位等级" in cells and "政治面貌" in cells and "100.00" in cells


def test_a_link_keeps_the_org_and_the_filing_rule(world, login):
    _filed(world, world.street_a, 1)
    r = _page(login(world.province_admin), org=world.city_a.pk)
    url = tables(r)["gender"].rows[0].url
    q = parse_qs(urlparse(url).query)
    assert q["org"] == [str(world.city_a.pk)] and q["filing_status"] == ["filed"] and q["status"] == ["active"]
