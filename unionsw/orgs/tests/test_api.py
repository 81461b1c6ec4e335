"""The orgs API: the visible tree and one org with its effective policy."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from unionsw.accounts.api import issue_token
from unionsw.orgs.models import OrgLevel
from unionsw.orgs.policy import NOT_SET
from unionsw.orgs.services import org_create, policy_override_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client):
    def as_user(user):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user)}"}

        class Api:
            def get(self, url, **params):
                return client.get(url, params, **headers)

        return Api()

    return as_user


def _walk(nodes):
    for node in nodes:
        yield node
        yield from _walk(node["children"])


def test_anonymous_gets_401_in_json(client, world):
    r = client.get("/api/v1/orgs")
    assert r.status_code == 401 and r.json()["detail"] == "未登录或令牌无效、已过期"


def test_county_admin_sees_their_county_as_the_root_of_a_nested_tree(world, api):
    r = api(world.county_a_admin).get("/api/v1/orgs")
    assert r.status_code == 200
    tree = r.json()
    assert [n["name"] for n in tree] == ["历下区总工会"]
    assert {c["name"] for c in tree[0]["children"]} == {"解放路街道工会", "千佛山街道工会"}
    street = next(c for c in tree[0]["children"] if c["name"] == "千佛山街道工会")
    assert street | {"children": []} == {
        "id": world.street_a2.pk,
        "name": "千佛山街道工会",
        "parent_id": world.county_a.pk,
        "level": 4,
        "level_display": "乡镇（街道）级",
        "kind": "street",
        "kind_display": "街道工会",
        "region_code": "",
        "union_count": 230,
        "member_count": 6000,
        "is_active": True,
        "children": [],
    }
    assert "市南区总工会" not in json.dumps(tree, ensure_ascii=False)


def test_province_admin_sees_the_whole_province(world, api):
    tree = api(world.province_admin).get("/api/v1/orgs").json()
    assert [n["name"] for n in tree] == ["山东省总工会"]
    assert len(list(_walk(tree))) == 8


def test_worker_without_org_view_gets_403(world, api):
    r = api(world.worker_a_user).get("/api/v1/orgs")
    assert r.status_code == 403 and r.json()["detail"] == "您没有此操作的权限"


def test_tree_takes_the_same_queries_for_few_and_many_orgs(world, api):
    client = api(world.province_admin)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/api/v1/orgs").status_code == 200
    for i in range(40):
        org_create(by=None, parent=world.county_b, level=OrgLevel.TOWNSHIP, skip_scope=True, data={"name": f"街道{i}"})
    with CaptureQueriesContext(connection) as many:
        assert len(list(_walk(client.get("/api/v1/orgs").json()))) == 48
    assert len(many) == len(few)
    # token lookup, the caller's roles, the orgs
    assert len(few) <= 3


def test_detail_of_an_org_in_another_county_is_404(world, api):
    r = api(world.county_b_admin).get(f"/api/v1/orgs/{world.street_a.pk}")
    assert r.status_code == 404 and r.json()["detail"] == "对象不存在或不在您的管理范围内"


def test_detail_of_a_missing_org_is_the_same_404(world, api):
    assert api(world.county_b_admin).get("/api/v1/orgs/999999").status_code == 404


def test_detail_shows_the_effective_policy_with_sources_and_unset_values(world, api):
    r = api(world.county_a_admin).get(f"/api/v1/orgs/{world.street_a.pk}")
    assert r.status_code == 200
    body = r.json()
    assert body["name"] == "解放路街道工会" and body["path_names"] == ["历下区总工会", "解放路街道工会"]
    items = {i["key"]: i for i in body["policy"]["items"]}
    assert items["recruit_max_age"]["value"] == 40
    assert items["recruit_max_age"]["label"] == "报名年龄上限（周岁，含本数）"
    assert "山东" in items["recruit_max_age"]["source"]
    unset = [i for i in items.values() if i["value"] is None]
    assert unset and all(i["display"] == NOT_SET for i in unset)


def test_detail_policy_follows_an_override_from_its_date(world, api):
    from datetime import date

    policy_override_add(
        by=world.province_admin,
        org=world.county_a,
        key="recruit_max_age",
        value=35,
        effective_from=date(2030, 1, 1),
        source="测试文件",
    )
    client = api(world.county_a_admin)
    now = {i["key"]: i for i in client.get(f"/api/v1/orgs/{world.street_a.pk}").json()["policy"]["items"]}
    later = {i["key"]: i for i in client.get(f"/api/v1/orgs/{world.street_a.pk}", on="2030-06-01").json()["policy"]["items"]}
    assert now["recruit_max_age"]["value"] == 40
    assert later["recruit_max_age"]["value"] == 35 and "测试文件" in later["recruit_max_age"]["source"]


@pytest.mark.parametrize("bad", ["abc", "0", "-1", "99999999999999999999999", "1.5"])
def test_a_bad_id_is_a_400_or_404_never_a_500(world, api, bad):
    r = api(world.county_a_admin).get(f"/api/v1/orgs/{bad}")
    assert r.status_code in (400, 404)
    assert r.json()["detail"]


def test_a_bad_date_is_a_chinese_400(world, api):
    r = api(world.county_a_admin).get(f"/api/v1/orgs/{world.street_a.pk}", on="2024-13-01")
    assert r.status_code == 400
    assert r.json()["errors"] == [{"field": "on", "message": "日期格式应为 2024-03-01"}]
