"""Issue 13: many provinces in one system. The national system admin creates a province with its profile,
changes the profile and disables it — through the org pages, the org import and the API; each province's
subtree follows its own profile; a provincial admin cannot switch their own province's rules."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import make_user
from unionsw.core.errors import NotAllowed
from unionsw.core.excel import xlsx_bytes
from unionsw.core.models import AuditEvent
from unionsw.orgs import excel, services
from unionsw.orgs.models import Org, OrgLevel, PolicyProfile
from unionsw.orgs.policy import effective_policy

HEADERS = ["名称*", "上级组织*", "层级*", "类型", "行政区划代码", "所辖单独工会组织数", "职工人数", "适用政策"]


@pytest.fixture(autouse=True)
def _jobs_inline(settings, tmp_path):
    settings.JOBS_SYNC = True
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def nation(world):
    """A national federation (a second root beside the world's Shandong) and its system admin."""
    national = services.org_create(
        by=None, parent=None, level=OrgLevel.NATIONAL, skip_scope=True, data={"name": "中华全国总工会"}
    )
    world.national = national
    world.national_sysadmin = make_user("national_sys", national, [world.roles["sysadmin"]])
    world.hebei = PolicyProfile.objects.filter(code="hebei").first()
    world.jiangsu = PolicyProfile.objects.filter(code="jiangsu").first()
    return world


def test_only_national_and_province_may_be_roots_and_provinces_sit_under_the_national_level(nation):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="只有全国或省级组织可以没有上级"):
        services.org_create(by=None, parent=None, level=OrgLevel.CITY, skip_scope=True, data={"name": "某市"})
    with pytest.raises(ValidationError):
        services.org_create(by=None, parent=nation.national, level=OrgLevel.CITY, skip_scope=True, data={"name": "某市"})
    with pytest.raises(ValidationError, match="只在省级组织设置"):
        services.org_create(
            by=None,
            parent=nation.province,
            level=OrgLevel.CITY,
            skip_scope=True,
            data={"name": "某市", "policy_profile": nation.hebei},
        )


def test_the_national_sysadmin_creates_a_province_with_its_profile_on_the_page(nation, login):
    client = login(nation.national_sysadmin)
    page = client.get(reverse("orgs:create", args=[nation.national.pk]))
    assert page.status_code == 200 and "适用政策" in page.content.decode()
    response = client.post(
        reverse("orgs:create", args=[nation.national.pk]),
        {
            "placement": "1:federation",
            "name": "河北省总工会",
            "policy_profile": nation.hebei.pk,
            "region_code": "130000",
            "union_count": 0,
            "member_count": 0,
            "sort": 0,
        },
    )
    province = Org.objects.get(name="河北省总工会")
    assert response.status_code == 302 and province.parent == nation.national and province.policy_profile == nation.hebei
    city = services.org_create(by=nation.national_sysadmin, parent=province, level=OrgLevel.CITY, data={"name": "秦皇岛市总工会"})
    assert effective_policy(city).profile_name == nation.hebei.name
    assert effective_policy(nation.county_a).profile_name.startswith("山东")  # the other province keeps its own
    missing = client.post(
        reverse("orgs:create", args=[nation.national.pk]),
        {
            "placement": "1:federation",
            "name": "江苏省总工会",
            "policy_profile": "",
            "union_count": 0,
            "member_count": 0,
            "sort": 0,
        },
    )
    assert missing.status_code == 200 and not Org.objects.filter(name="江苏省总工会").exists()


def test_the_profile_is_changed_from_the_level_above_only(nation, login):
    province = services.org_create(
        by=nation.national_sysadmin,
        parent=nation.national,
        level=OrgLevel.PROVINCE,
        data={"name": "河北省总工会", "policy_profile": nation.hebei},
    )
    client = login(nation.national_sysadmin)
    response = client.post(reverse("orgs:profile", args=[province.pk]), {"policy_profile": nation.jiangsu.pk})
    assert response.status_code == 302
    province.refresh_from_db()
    assert province.policy_profile == nation.jiangsu
    event = AuditEvent.objects.filter(action="org.profile").get()
    assert event.detail == {"from": "hebei", "to": "jiangsu"}
    # a provincial system admin cannot switch their own province to another province's rules
    provincial = make_user("hebei_sys", province, [nation.roles["sysadmin"]])
    with pytest.raises(NotAllowed):
        services.org_set_profile(by=provincial, org=province, profile=nation.hebei)
    assert (
        login(provincial).post(reverse("orgs:profile", args=[province.pk]), {"policy_profile": nation.hebei.pk}).status_code
        == 403
    )
    # a root province (no national level) is changed only by `manage.py setup`
    shandong_sys = make_user("sd_sys", nation.province, [nation.roles["sysadmin"]])
    assert login(shandong_sys).get(reverse("orgs:profile", args=[nation.province.pk])).status_code == 403
    county_b_sys = make_user("cb_sys", nation.county_b, [nation.roles["sysadmin"]])
    assert login(county_b_sys).get(reverse("orgs:profile", args=[province.pk])).status_code == 404


def test_the_national_sysadmin_disables_an_empty_province_and_a_provincial_admin_cannot(nation, login):
    province = services.org_create(
        by=nation.national_sysadmin,
        parent=nation.national,
        level=OrgLevel.PROVINCE,
        data={"name": "河北省总工会", "policy_profile": nation.hebei},
    )
    provincial = make_user("hebei_sys", province, [nation.roles["sysadmin"]])
    with pytest.raises(NotAllowed):
        services.org_set_active(by=provincial, org=province, active=False)
    response = login(nation.national_sysadmin).post(reverse("orgs:disable", args=[province.pk]))
    assert response.status_code == 302
    province.refresh_from_db()
    assert not province.is_active


def test_the_org_import_creates_provinces_with_their_profiles(nation):
    def upload(*rows):
        f = io.BytesIO(xlsx_bytes([HEADERS, *rows]))
        f.name = "省份.xlsx"
        return f

    result = excel.import_orgs(
        by=nation.national_sysadmin,
        fileobj=upload(
            ["河北省总工会", "中华全国总工会", "省级", None, "130000", None, None, "hebei"],
            ["秦皇岛市总工会", "河北省总工会", "市级", None, "130300", None, None, None],
            ["江苏省总工会", "中华全国总工会", "省级", None, "320000", None, None, "江苏省政策"],
        ),
    )
    assert result.errors == [] and result.created == 3, result.errors
    assert Org.objects.get(name="河北省总工会").policy_profile == nation.hebei
    assert effective_policy(Org.objects.get(name="秦皇岛市总工会")).profile_name == nation.hebei.name
    assert Org.objects.get(name="江苏省总工会").policy_profile.code == "jiangsu"
    bad = excel.import_orgs(
        by=nation.national_sysadmin,
        fileobj=upload(
            ["浙江省总工会", "中华全国总工会", "省级", None, None, None, None, None],
            ["安徽省总工会", "中华全国总工会", "省级", None, None, None, None, "nope"],
            ["某市", "河北省总工会", "市级", None, None, None, None, "hebei"],
        ),
    )
    assert [(e.row, e.column) for e in bad.errors] == [(2, "适用政策"), (3, "适用政策"), (4, "适用政策")]
    assert not Org.objects.filter(name="浙江省总工会").exists()


def test_the_api_creates_a_province_sets_its_profile_and_disables_it(nation, client):
    from unionsw.accounts.api import issue_token

    auth = {"HTTP_AUTHORIZATION": f"Bearer {issue_token(nation.national_sysadmin)}"}
    created = client.post(
        "/api/v1/orgs",
        json.dumps({"parent_id": nation.national.pk, "level": 1, "name": "河北省总工会", "policy_profile": "hebei"}),
        content_type="application/json",
        **auth,
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["level"] == 1 and body["policy"]["profile_name"] == nation.hebei.name
    pk = body["id"]
    changed = client.post(
        f"/api/v1/orgs/{pk}/profile", json.dumps({"policy_profile": "jiangsu"}), content_type="application/json", **auth
    )
    assert changed.status_code == 200 and changed.json()["policy"]["profile_name"].startswith("江苏")
    unknown = client.post(
        f"/api/v1/orgs/{pk}/profile", json.dumps({"policy_profile": "nope"}), content_type="application/json", **auth
    )
    assert unknown.status_code == 400
    off = client.post(f"/api/v1/orgs/{pk}/active", json.dumps({"active": False}), content_type="application/json", **auth)
    assert off.status_code == 200 and off.json()["is_active"] is False
    other = {"HTTP_AUTHORIZATION": f"Bearer {issue_token(nation.county_b_admin)}"}
    assert client.post(
        f"/api/v1/orgs/{pk}/active", json.dumps({"active": True}), content_type="application/json", **other
    ).status_code in (403, 404)


def test_the_national_role_sees_every_province_and_the_per_province_roll_up(nation, login):
    province = services.org_create(
        by=nation.national_sysadmin,
        parent=nation.national,
        level=OrgLevel.PROVINCE,
        data={"name": "河北省总工会", "policy_profile": nation.hebei},
    )
    viewer = make_user("national_viewer", nation.national, [nation.roles["national_admin"]])
    page = login(viewer).get(reverse("orgs:detail", args=[nation.national.pk]))
    assert page.status_code == 200
    children = [name for name, _ in page.context["children"] and [(c.name, n) for c, n in page.context["children"]]]
    assert children == ["河北省总工会"]
    assert login(viewer).get(reverse("orgs:detail", args=[province.pk])).status_code == 200


def test_an_upload_of_the_old_template_without_the_profile_column_still_imports(nation):
    f = io.BytesIO(xlsx_bytes([HEADERS[:-1], ["文东街道工会", "历下区总工会", "乡镇（街道）级", "街道工会", None, 1, 1]]))
    f.name = "旧模板.xlsx"
    admin = make_user("county_sys", nation.county_a, [nation.roles["sysadmin"]])
    result = excel.import_orgs(by=admin, fileobj=SimpleUploadedFile("旧模板.xlsx", f.getvalue()))
    assert result.errors == [] and result.created == 1
