from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import make_id, worker_data
from unionsw.orgs.models import Org, OrgLevel, PolicyOverride
from unionsw.orgs.services import org_create
from unionsw.workers.services import worker_create

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


# ---- the matrix: anonymous, other county, read-only -----------------------------------------


@pytest.mark.parametrize(
    "url",
    ["/orgs/", "/orgs/{street_a}/", "/orgs/{county_a}/new/", "/orgs/{street_a}/edit/", "/orgs/{street_a}/move/", "/orgs/policy/"],
)
def test_anonymous_is_sent_to_login(client, world, url):
    r = client.get(url.format(street_a=world.street_a.pk, county_a=world.county_a.pk))
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]


def test_another_county_gets_404_for_an_org_and_its_policy(world, login):
    c = login(world.county_b_admin)
    assert c.get(f"/orgs/{world.street_a.pk}/").status_code == 404
    assert c.get(f"/orgs/policy/?org={world.street_a.pk}").status_code == 404
    assert c.get(f"/orgs/{world.street_b.pk}/").status_code == 200


def test_a_sysadmin_of_another_county_gets_404_on_every_write(world, login, county_b_sysadmin):
    c = login(county_b_sysadmin)
    pk = world.street_a.pk
    for url in (f"/orgs/{world.county_a.pk}/new/", f"/orgs/{pk}/edit/", f"/orgs/{pk}/move/", f"/orgs/{pk}/disable/"):
        assert c.post(url, {"name": "x"}).status_code == 404, url
    # and cannot pick an org of county A as the new parent of one of its own
    r = c.post(f"/orgs/{world.street_b.pk}/move/", {"new_parent": world.county_a.pk})
    assert r.status_code == 404
    assert Org.objects.get(pk=world.street_b.pk).parent_id == world.county_b.pk


def test_read_only_users_see_the_tree_without_buttons_and_get_403_on_writes(world, login):
    c = login(world.county_a_admin)
    page = html(c.get(f"/orgs/{world.county_a.pk}/"))
    assert "解放路街道工会" in page and "千佛山街道工会" in page
    assert "新增下级" not in page and "移动" not in page and "停用</button>" not in page
    pk = world.street_a2.pk
    assert c.get(f"/orgs/{world.county_a.pk}/new/").status_code == 403
    assert c.get(f"/orgs/{pk}/edit/").status_code == 403
    assert c.get(f"/orgs/{pk}/move/").status_code == 403
    assert c.post(f"/orgs/{pk}/disable/").status_code == 403
    assert c.post(f"/orgs/{world.county_a.pk}/policy/override/", {}).status_code == 403
    assert Org.objects.get(pk=pk).is_active


def test_disable_and_enable_accept_only_post(world, login, sysadmin):
    c = login(sysadmin)
    assert c.get(f"/orgs/{world.street_a2.pk}/disable/").status_code == 405
    assert Org.objects.get(pk=world.street_a2.pk).is_active


# ---- the tree page ----------------------------------------------------------------------------


def test_the_tree_starts_at_the_users_org_and_shows_details_children_and_worker_counts(world, login):
    c = login(world.county_a_admin)
    r = c.get("/orgs/")
    page = html(r)
    assert r.context["selected"] == world.county_a
    assert "青岛" not in page and "市南区" not in page
    children = dict((o.name, n) for o, n in r.context["children"])
    assert children == {"解放路街道工会": 1, "千佛山街道工会": 0}
    assert r.context["worker_total"] == 1


def test_a_city_admin_sees_worker_counts_of_whole_subtrees(world, login):
    worker_create(by=world.county_a_admin, data=worker_data(world.street_a2, name="王五", id_number=make_id("370102")))
    worker_create(
        by=world.county_a_admin,
        data=worker_data(world.street_a2, name="赵六", id_number=make_id("370102"), status="resigned", left_on=date(2024, 1, 1)),
    )
    r = login(world.city_admin).get(f"/orgs/{world.city_a.pk}/")
    assert [(o.name, n) for o, n in r.context["children"]] == [("历下区总工会", 2)]


def _grow(world, n: int) -> None:
    for i in range(n):
        unit = org_create(
            by=None, parent=world.county_a, level=OrgLevel.TOWNSHIP, skip_scope=True, data={"name": f"街道{i}", "kind": "street"}
        )
        worker_create(by=world.county_a_admin, data=worker_data(unit, name=f"社工{i}", id_number=make_id("370102")))


def test_the_tree_page_runs_a_constant_number_of_queries(world, login, sysadmin):
    c = login(sysadmin)
    url = f"/orgs/{world.county_a.pk}/"
    c.get(url)
    with CaptureQueriesContext(connection) as few:
        assert c.get(url).status_code == 200
    _grow(world, 25)
    with CaptureQueriesContext(connection) as many:
        r = c.get(url)
    assert len(r.context["children"]) == 27
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_an_admin_sees_the_buttons_and_the_import_link_only_when_it_exists(world, login, sysadmin):
    from django.urls import NoReverseMatch, reverse

    page = html(login(sysadmin).get(f"/orgs/{world.county_a.pk}/"))
    assert "新增下级" in page and "移动" in page and "停用" in page
    try:
        assert reverse("orgs:import") in page
    except NoReverseMatch:
        assert "导入" not in page


# ---- add / edit / move / disable through the pages -------------------------------------------


def test_a_sysadmin_adds_a_child_through_the_form(world, login, sysadmin):
    c = login(sysadmin)
    form = html(c.get(f"/orgs/{world.county_a.pk}/new/"))
    assert "乡镇（街道）级 · 街道工会" in form and "市级" not in form
    r = c.post(
        f"/orgs/{world.county_a.pk}/new/",
        {
            "placement": f"{OrgLevel.TOWNSHIP}:zone",
            "name": "历下经济开发区工会联合会",
            "region_code": "",
            "union_count": 250,
            "member_count": 9000,
            "sort": 9,
        },
    )
    org = Org.objects.get(name="历下经济开发区工会联合会")
    assert r.status_code == 302 and r["Location"] == f"/orgs/{org.pk}/"
    assert (org.parent, org.level, org.kind, org.union_count) == (world.county_a, OrgLevel.TOWNSHIP, "zone", 250)


def test_a_bad_child_shows_the_reason_and_saves_nothing(world, login, sysadmin):
    c = login(sysadmin)
    before = Org.objects.count()
    r = c.post(
        f"/orgs/{world.county_a.pk}/new/",
        {
            "placement": f"{OrgLevel.TOWNSHIP}:street",
            "name": "",
            "region_code": "12345",
            "union_count": -1,
            "member_count": 0,
            "sort": 0,
        },
    )
    page = html(r)
    assert r.status_code == 200 and "这个字段是必填项" in page and "GB/T 2260" in page
    r = c.post(
        f"/orgs/{world.county_a.pk}/new/",
        {"placement": f"{OrgLevel.TOWNSHIP}:city_direct", "name": "伪造", "union_count": 0, "member_count": 0, "sort": 0},
    )
    assert r.status_code == 200 and "选择一个有效的选项" in html(r)
    assert Org.objects.count() == before


def test_the_edit_form_refuses_a_stale_version_with_a_clear_message(world, login, sysadmin):
    c = login(sysadmin)
    data = {
        "name": "解放路街道工会（新）",
        "kind": "street",
        "region_code": "",
        "union_count": 120,
        "member_count": 3000,
        "sort": 0,
        "version": 1,
    }
    assert c.post(f"/orgs/{world.street_a.pk}/edit/", data).status_code == 302
    r = c.post(f"/orgs/{world.street_a.pk}/edit/", data | {"name": "别人的旧表单"})
    assert r.status_code == 200 and "该记录已被其他人修改，请刷新页面后重新编辑" in html(r)
    assert Org.objects.get(pk=world.street_a.pk).name == "解放路街道工会（新）"


def test_the_move_picker_lists_only_valid_parents_and_moves(world, login, sysadmin):
    c = login(sysadmin)
    r = c.get(f"/orgs/{world.street_a.pk}/move/")
    names = [p.name for p in r.context["parents"]]
    assert names == ["市南区总工会"]  # not its own county, not a city, not a street
    r = c.post(f"/orgs/{world.street_a.pk}/move/", {"new_parent": world.county_b.pk})
    assert r.status_code == 302
    moved = Org.objects.get(pk=world.street_a.pk)
    assert moved.parent_id == world.county_b.pk and moved.path.startswith(world.county_b.path)


def test_a_cycle_is_refused_on_the_move_page_in_chinese(world, login, sysadmin):
    c = login(sysadmin)
    r = c.post(f"/orgs/{world.city_a.pk}/move/", {"new_parent": world.county_a.pk})
    assert r.status_code == 200 and "不能把组织移动到它自己或它的下级组织之下" in html(r)
    r = c.post(f"/orgs/{world.county_a.pk}/move/", {"new_parent": world.street_b.pk})
    assert "下级组织的层级须低于上级（乡镇（街道）级）" in html(r)
    assert Org.objects.get(pk=world.county_a.pk).parent_id == world.city_a.pk


def test_disabling_an_org_with_workers_shows_why_and_changes_nothing(world, login, sysadmin):
    c = login(sysadmin)
    r = c.post(f"/orgs/{world.street_a.pk}/disable/", follow=True)
    assert "还有在岗社工" in html(r)
    assert Org.objects.get(pk=world.street_a.pk).is_active
    r = c.post(f"/orgs/{world.street_a2.pk}/disable/", follow=True)
    assert "已停用" in html(r) and not Org.objects.get(pk=world.street_a2.pk).is_active
    c.post(f"/orgs/{world.street_a2.pk}/enable/")
    assert Org.objects.get(pk=world.street_a2.pk).is_active


# ---- policy pages -----------------------------------------------------------------------------


def test_the_policy_page_shows_sources_not_set_and_the_version_history(world, login):
    r = login(world.county_a_admin).get(f"/orgs/policy/?org={world.street_a.pk}&on=2024-01-01")
    page = html(r)
    assert "年龄40周岁以下" in page and "未规定" in page
    assert "山东省政策" in page and "首个版本" in page


def test_the_policy_page_on_a_date_before_the_profile_shows_no_policy(world, login):
    page = html(login(world.county_a_admin).get(f"/orgs/policy/?org={world.street_a.pk}&on=2000-01-01"))
    assert "未设置政策" in page


def test_the_comparison_shows_the_four_profiles_side_by_side_with_not_set(world, login):
    r = login(world.township_admin).get("/orgs/policy/compare/")
    page = html(r)
    assert [p.code for p in r.context["profiles"]] == ["shandong", "jiangsu", "hebei", "beijing"]
    row = next(row for row in r.context["rows"] if row["key"] == "recruit_max_age")
    assert [c["set"] for c in row["cells"]] == [True, False, False, False]
    assert "未规定" in page and "一述三评一量化" not in page  # a 秦皇岛 city measure, not the Hebei profile
    scheme = next(row for row in r.context["rows"] if row["key"] == "assessment_scheme")
    assert [c["set"] for c in scheme["cells"]][2] is False


def test_a_province_admin_adds_an_override_and_sees_who_inherits_it(world, login):
    c = login(world.province_admin)
    r = c.post(
        f"/orgs/{world.city_b.pk}/policy/override/",
        {"key": "contract_sign_limit_months", "value": "1", "effective_from": "2018-01-01", "source": "青岛市总工会文件"},
    )
    assert r.status_code == 302
    ov = PolicyOverride.objects.get()
    assert (ov.org, ov.value, ov.source) == (world.city_b, 1, "青岛市总工会文件")
    r = c.get(f"/orgs/policy/?org={world.street_b.pk}")
    page = html(r)
    assert "青岛市总工会调整（2018-01-01 起）：青岛市总工会文件" in page
    row = r.context["overrides"][0]
    assert row["inherited"] and [o.name for o in row["orgs"]] == ["青岛市总工会", "市南区总工会", "八大关街道工会"]


@pytest.mark.parametrize(
    "value, message",
    [("一个月", "不是有效的 JSON"), ('"一个月"', "不小于 0 的整数"), ("null", "不能为 null")],
)
def test_a_badly_typed_override_shows_the_reason_and_saves_nothing(world, login, value, message):
    c = login(world.province_admin)
    r = c.post(
        f"/orgs/{world.city_b.pk}/policy/override/",
        {"key": "contract_sign_limit_months", "value": value, "effective_from": "2018-01-01", "source": "文件"},
    )
    assert r.status_code == 200 and message in html(r)
    assert not PolicyOverride.objects.exists()


def test_an_override_needs_a_source(world, login):
    r = login(world.province_admin).post(
        f"/orgs/{world.city_b.pk}/policy/override/",
        {"key": "excellent_per_year", "value": "20", "effective_from": "2018-01-01", "source": ""},
    )
    assert "这个字段是必填项" in html(r) and not PolicyOverride.objects.exists()


def test_read_only_users_do_not_see_the_override_form(world, login):
    page = html(login(world.county_a_admin).get("/orgs/policy/"))
    assert "新增调整" not in page
    assert "新增调整" in html(login(world.province_admin).get("/orgs/policy/"))


def test_the_tree_lists_children_by_their_sort_number_not_by_id(world, login, sysadmin):
    from unionsw.orgs.services import org_update

    org_update(by=sysadmin, org=world.street_a, data={"sort": 5}, version=world.street_a.version)
    r = login(world.county_a_admin).get("/orgs/")
    assert [n["org"].name for n in r.context["tree"][0]["children"]] == ["千佛山街道工会", "解放路街道工会"]
    assert [o.name for o, _ in r.context["children"]] == ["千佛山街道工会", "解放路街道工会"]


def test_the_flat_tree_opens_and_closes_every_branch_in_order(world, login):
    from unionsw.orgs.selectors import flatten_tree

    r = login(world.province_admin).get(f"/orgs/{world.street_b.pk}/")
    steps = flatten_tree(r.context["tree"])
    names = [(s["step"], s["org"].name if "org" in s else "") for s in steps]
    assert names == [
        ("branch", "山东省总工会"),
        ("branch", "济南市总工会"),
        ("branch", "历下区总工会"),
        ("leaf", "解放路街道工会"),
        ("leaf", "千佛山街道工会"),
        ("close", ""),
        ("close", ""),
        ("branch", "青岛市总工会"),
        ("branch", "市南区总工会"),
        ("leaf", "八大关街道工会"),
        ("close", ""),
        ("close", ""),
        ("close", ""),
    ]
    page = html(r)
    assert page.count("<details") == page.count("</details>") == 5
    assert f'<a href="/orgs/{world.street_b.pk}/" class="current" aria-current="page">八大关街道工会</a>' in page


def test_org_names_are_escaped_in_the_tree(world, login, sysadmin):
    street(world, "<script>alert(1)</script>街道工会")
    page = html(login(world.county_a_admin).get("/orgs/"))
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;街道工会" in page


def street(world, name):
    return org_create(
        by=None, parent=world.county_a, level=OrgLevel.TOWNSHIP, skip_scope=True, data={"name": name, "kind": "street"}
    )


def test_the_policy_page_runs_a_constant_number_of_queries(world, login):
    from datetime import date as d

    from unionsw.orgs.services import policy_override_add

    c = login(world.province_admin)
    url = f"/orgs/policy/?org={world.street_b.pk}"
    c.get(url)
    with CaptureQueriesContext(connection) as few:
        c.get(url)
    _grow(world, 10)
    for i, key in enumerate(["excellent_per_year", "contract_sign_limit_months", "contract_term_years"]):
        for org in (world.province, world.city_b, world.county_b, world.street_b):
            policy_override_add(
                by=world.province_admin, org=org, key=key, value=i + 1, effective_from=d(2019, 1, 1), source="文件"
            )
    # the overrides bump the policy generation: warm the menu's policy cache again (a constant cost that
    # does not grow with the rows) so the comparison is of the page's own queries
    c.get(url)
    with CaptureQueriesContext(connection) as many:
        r = c.get(url)
    assert len(r.context["overrides"]) == 12
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_a_tampered_version_is_refused_with_a_message(world, login, sysadmin):
    from unionsw.core.parsing import VERSION_INVALID

    c = login(sysadmin)
    data = {"name": "篡改", "kind": "street", "region_code": "", "union_count": 1, "member_count": 1, "sort": 0, "version": "x"}
    r = c.post(f"/orgs/{world.street_a.pk}/edit/", data)
    assert r.status_code == 200 and VERSION_INVALID in html(r)
    assert Org.objects.get(pk=world.street_a.pk).name != "篡改"
