"""`manage.py setup` (issue 13): first install without the demo, from flags or the environment, idempotent."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from unionsw.accounts.models import Role, User
from unionsw.core.models import AuditEvent
from unionsw.orgs.models import Org, OrgLevel
from unionsw.orgs.policy import effective_policy

pytestmark = pytest.mark.django_db

ARGS = [
    "--no-input",
    "--skip-migrate",
    "--national",
    "中华全国总工会",
    "--province",
    "河北省总工会:hebei:130000",
    "--province",
    "山东省总工会：shandong",
    "--sysadmin",
    "sysadmin",
    "--secadmin",
    "secadmin",
]


def run(*args, **env) -> str:
    out = io.StringIO()
    call_command("setup", *args, stdout=out)
    return out.getvalue()


def test_setup_builds_a_national_level_provinces_with_profiles_and_two_admins_and_no_demo(monkeypatch):
    monkeypatch.setenv("SETUP_SYSADMIN_PASSWORD", "Strong#Pass2026x")
    output = run(*ARGS)
    national = Org.objects.get(parent__isnull=True)
    assert national.level == OrgLevel.NATIONAL and national.name == "中华全国总工会" and not national.is_demo
    hebei, shandong = Org.objects.get(name="河北省总工会"), Org.objects.get(name="山东省总工会")
    assert (hebei.parent, hebei.policy_profile.code, hebei.region_code) == (national, "hebei", "130000")
    assert shandong.policy_profile.code == "shandong"
    assert {r.code for r in Role.objects.all()} >= {
        "province_admin",
        "county_admin",
        "sysadmin",
        "secadmin",
        "auditor",
        "national_admin",
    }
    assert not Org.objects.filter(is_demo=True).exists() and not User.objects.filter(username="province").exists()
    sysadmin, secadmin = User.objects.get(username="sysadmin"), User.objects.get(username="secadmin")
    for user in (sysadmin, secadmin):
        assert user.org == national and user.must_change_password and user.requires_otp
    assert sysadmin.check_password("Strong#Pass2026x")
    assert "初始密码：" in output  # the security admin's password was generated and shown once
    assert AuditEvent.objects.filter(action="setup.admin_create").count() == 2

    # idempotent: a second run changes nothing
    before = (Org.objects.count(), User.objects.count(), sysadmin.password)
    again = run(*ARGS)
    assert "已存在" in again
    assert (Org.objects.count(), User.objects.count(), User.objects.get(username="sysadmin").password) == before


def test_the_first_admin_must_enrol_totp_then_change_the_password(monkeypatch, client):
    monkeypatch.setenv("SETUP_SYSADMIN_PASSWORD", "Strong#Pass2026x")
    run(*ARGS)
    user = User.objects.get(username="sysadmin")
    client.force_login(user)
    response = client.get(reverse("orgs:tree"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:otp"))
    enrol = client.get(reverse("accounts:otp"))
    assert enrol.status_code == 200  # a user without a device enrols one here (QR code)


def test_without_a_national_level_one_province_is_the_root_from_the_environment(monkeypatch):
    monkeypatch.setenv("SETUP_PROVINCES", "江苏省总工会:jiangsu:320000")
    monkeypatch.setenv("SETUP_SYSADMIN", "admin")
    run("--no-input", "--skip-migrate")
    root = Org.objects.get(parent__isnull=True)
    assert root.level == OrgLevel.PROVINCE and effective_policy(root).profile_name.startswith("江苏")
    assert User.objects.get(username="admin").org == root
    # setup is the level above a root province: it may change the profile
    monkeypatch.setenv("SETUP_PROVINCES", "江苏省总工会:beijing:320000")
    run("--no-input", "--skip-migrate")
    root.refresh_from_db()
    assert root.policy_profile.code == "beijing"


@pytest.mark.parametrize(
    "args, message",
    [
        (["--province", "某省:nope"], "没有代码为“nope”的政策配置"),
        (["--province", "只有名称"], "名称:政策代码"),
        ([], "请至少给出一个省级组织"),
        (["--province", "甲省:hebei", "--province", "乙省:shandong", "--sysadmin", "a"], "--admin-org"),
    ],
)
def test_bad_arguments_get_a_clear_message_and_write_nothing_wrong(args, message, monkeypatch):
    monkeypatch.delenv("SETUP_PROVINCES", raising=False)
    with pytest.raises(CommandError, match=message):
        run("--no-input", "--skip-migrate", *args)
    assert not User.objects.exists()


def test_a_weak_initial_password_is_refused(monkeypatch):
    monkeypatch.setenv("SETUP_SYSADMIN_PASSWORD", "123456")
    with pytest.raises(CommandError, match="初始密码不符合要求"):
        run("--no-input", "--skip-migrate", "--province", "河北省总工会:hebei", "--sysadmin", "sysadmin")
    assert not User.objects.filter(username="sysadmin").exists()


def test_the_demo_has_hebei_beside_shandong_and_the_qinhuangdao_city_measures(settings):
    from unionsw.demo.province import load_demo

    load_demo(workers=3)
    national = Org.objects.get(parent__isnull=True)
    assert national.level == OrgLevel.NATIONAL
    provinces = {o.name: o for o in Org.objects.filter(parent=national)}
    assert set(provinces) == {"山东省总工会（示例）", "河北省总工会（示例）", "北京市总工会（示例）", "江苏省总工会（示例）"}
    county = Org.objects.get(name="海港区总工会")
    policy = effective_policy(county)
    assert policy.profile_name.startswith("河北")
    scheme = policy.values["assessment_scheme"]
    assert scheme.value == "hebei_1s3p1q" and "秦皇岛" in scheme.source
    assert "四挂钩" in policy.values["pay_basis"].value
    assert User.objects.get(username="national").org == national
    assert User.objects.get(username="hebei").org == provinces["河北省总工会（示例）"]


def test_the_demo_beijing_and_jiangsu_show_their_policy_specific_to_do_rows(settings):
    """Issue 10: Beijing's district admin sees 资格认证未报名 for the sitting (closed registration: 视同放弃); Jiangsu's county admin sees
    不合格未诫勉谈话 — rows that exist only under those profiles, so the demo (and the to-do crawl) reaches them."""
    from django.utils import timezone

    from unionsw.demo.province import demo_logins, load_demo
    from unionsw.employment.alerts import collect
    from unionsw.stats.todo import collect as todo

    load_demo(workers=3)
    assert effective_policy(Org.objects.get(name="中关村地区工会联合会")).profile_name.startswith("北京")
    assert effective_policy(Org.objects.get(name="鼓楼区总工会")).values["fail_requires_admonition"].value is True
    haidian, gulou = User.objects.get(username="haidian"), User.objects.get(username="gulou")
    rows = todo(haidian, timezone.localdate())
    assert any(r.key.startswith("certification.unregistered:") and "4 名社工未报名，视同放弃资格认证" in r.detail for r in rows)
    assert [a.worker_name for a in collect(gulou, timezone.localdate()) if a.kind == "assessment.admonition_missing"] == ["朱晨曦"]
    assert {"beijing", "haidian", "jiangsu", "gulou"} <= {row[0] for row in demo_logins()}
