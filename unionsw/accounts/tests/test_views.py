"""Account pages: anonymous → login, other county → 404, read-only → 403, happy path with the
database checked, and list pages with a constant number of queries."""

import pytest
from axes.models import AccessAttempt
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import make_user
from unionsw.accounts.models import LoginRecord, Role, User
from unionsw.core.models import AuditEvent

from .conftest import post_login

pytestmark = pytest.mark.django_db

LIST_PAGES = ["/accounts/users/", "/accounts/users/new/", "/accounts/roles/", "/accounts/roles/new/", "/accounts/login-log/"]


@pytest.mark.parametrize("path", LIST_PAGES)
def test_anonymous_is_sent_to_login(world, client, path):
    r = client.get(path)
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("path", LIST_PAGES)
def test_a_county_admin_is_refused_every_administration_page(world, login, path):
    assert login(world.county_a_admin).get(path).status_code == 403


@pytest.mark.parametrize(
    ("actor", "path", "status"),
    [
        ("sysadmin", "/accounts/users/", 200),
        ("sysadmin", "/accounts/users/new/", 200),
        ("sysadmin", "/accounts/roles/", 403),
        ("sysadmin", "/accounts/login-log/", 403),
        ("secadmin", "/accounts/users/", 200),
        ("secadmin", "/accounts/users/new/", 403),
        ("secadmin", "/accounts/roles/", 200),
        ("secadmin", "/accounts/login-log/", 200),
        ("auditor", "/accounts/users/", 403),
        ("auditor", "/accounts/roles/", 403),
        ("auditor", "/accounts/login-log/", 403),
        ("auditor", "/audit/", 200),
        ("sysadmin", "/audit/", 403),
        ("secadmin", "/audit/", 403),
    ],
)
def test_each_of_the_three_administrators_sees_only_their_pages(admins, login, actor, path, status):
    assert login(getattr(admins, actor)).get(path).status_code == status


def _object_paths(pk):
    return {
        "get": [
            f"/accounts/users/{pk}/",
            f"/accounts/users/{pk}/edit/",
            f"/accounts/users/{pk}/password/",
            f"/accounts/users/{pk}/roles/",
        ],
        "post": [f"/accounts/users/{pk}/active/", f"/accounts/users/{pk}/logout/", f"/accounts/users/{pk}/unlock/"],
    }


def test_an_account_of_another_county_is_a_404_everywhere(admins, login):
    c = login(admins.county_b_secadmin)
    paths = _object_paths(admins.county_a_admin.pk)
    for path in paths["get"]:
        assert c.get(path).status_code == 404, path
    for path in paths["post"] + paths["get"][1:]:
        assert c.post(path, {"active": "0"}).status_code == 404, path
    assert User.objects.get(pk=admins.county_a_admin.pk).is_active


def test_a_read_only_user_in_scope_gets_403_on_object_pages(admins, login):
    c = login(admins.county_a_admin)  # county admin: sees their county, holds no account permission
    paths = _object_paths(admins.township_admin.pk)
    for path in paths["get"]:
        assert c.get(path).status_code == 403, path
    for path in paths["post"]:
        assert c.post(path, {"active": "0"}).status_code == 403, path
    assert User.objects.get(pk=admins.township_admin.pk).is_active


def test_the_list_searches_by_username_name_org_and_role(admins, login):
    c = login(admins.sysadmin)
    page = c.get("/accounts/users/?q=county_a").content.decode()
    assert "county_a_admin" in page and "county_b_admin" not in page
    page = c.get("/accounts/users/?q=八大关").content.decode()
    assert "county_b_admin" not in page
    page = c.get("/accounts/users/?q=市南区").content.decode()
    assert "county_b_admin" in page and "county_a_admin" not in page
    page = c.get("/accounts/users/?role=township_admin").content.decode()
    assert "township_admin" in page and "county_a_admin" not in page
    page = c.get(f"/accounts/users/?org={admins.county_b.pk}").content.decode()
    assert "county_b_admin" in page and "county_a_admin" not in page


def test_a_county_system_admin_lists_only_their_county(admins, login):
    page = login(admins.county_sysadmin).get("/accounts/users/").content.decode()
    assert ">county_a_admin</a>" in page and ">worker_a</a>" in page
    assert ">county_b_admin</a>" not in page and ">province_admin</a>" not in page


def test_create_an_account_then_it_must_change_the_password_at_first_login(admins, login, client):
    c = login(admins.county_sysadmin)
    r = c.post(
        "/accounts/users/new/",
        {
            "username": "clerk1",
            "display_name": "王文员",
            "org": admins.street_a.pk,
            "password1": "Init!2026a",
            "password2": "Init!2026a",
        },
    )
    user = User.objects.get(username="clerk1")
    assert r.status_code == 302 and r["Location"] == f"/accounts/users/{user.pk}/"
    assert user.org == admins.street_a and user.must_change_password and user.role_list == []
    c.post("/accounts/logout/")
    post_login(client, "clerk1", "Init!2026a")
    assert client.get("/")["Location"].startswith("/accounts/password/")


def test_create_with_bad_input_shows_chinese_errors_and_saves_nothing(admins, login):
    c = login(admins.sysadmin)
    before = User.objects.count()
    r = c.post(
        "/accounts/users/new/",
        {
            "username": "county_a_admin",
            "display_name": "重名",
            "org": admins.street_a.pk,
            "password1": "weak",
            "password2": "weak",
        },
    )
    page = r.content.decode()
    assert r.status_code == 200 and "已被使用" in page and "密码至少 8 位" in page
    r = c.post(
        "/accounts/users/new/",
        {
            "username": "clerk2",
            "display_name": "甲",
            "org": admins.street_a.pk,
            "password1": "Init!2026a",
            "password2": "Init!2026b",
        },
    )
    assert "两次输入的密码不一致" in r.content.decode()
    r = c.post(
        "/accounts/users/new/",
        {"username": "clerk3", "display_name": "乙", "org": "999999", "password1": "Init!2026a", "password2": "Init!2026a"},
    )
    assert "所属组织" in r.content.decode()
    assert User.objects.count() == before


def test_a_county_system_admin_cannot_pick_an_org_of_another_county(admins, login):
    r = login(admins.county_sysadmin).post(
        "/accounts/users/new/",
        {
            "username": "spy",
            "display_name": "间谍",
            "org": admins.county_b.pk,
            "password1": "Init!2026a",
            "password2": "Init!2026a",
        },
    )
    assert r.status_code == 200 and not User.objects.filter(username="spy").exists()


def test_edit_disable_enable_reset_and_force_logout(admins, login):
    c = login(admins.sysadmin)
    target = admins.township_admin
    r = c.post(f"/accounts/users/{target.pk}/edit/", {"display_name": "解放路管理员", "org": admins.street_a2.pk})
    assert r.status_code == 302
    target.refresh_from_db()
    assert target.display_name == "解放路管理员" and target.org == admins.street_a2

    c.post(f"/accounts/users/{target.pk}/active/", {"active": "0"})
    assert not User.objects.get(pk=target.pk).is_active
    c.post(f"/accounts/users/{target.pk}/active/", {"active": "1"})
    assert User.objects.get(pk=target.pk).is_active

    r = c.post(f"/accounts/users/{target.pk}/password/", {"password1": "Reset!2026x", "password2": "Reset!2026x"})
    assert r.status_code == 302
    target.refresh_from_db()
    assert target.check_password("Reset!2026x") and target.must_change_password

    epoch = target.session_epoch
    c.post(f"/accounts/users/{target.pk}/logout/")
    assert User.objects.get(pk=target.pk).session_epoch == epoch + 1
    assert c.get(f"/accounts/users/{target.pk}/active/").status_code == 405
    actions = set(AuditEvent.objects.filter(target_id=str(target.pk)).values_list("action", flat=True))
    assert {"user.update", "user.disable", "user.enable", "user.password_reset", "user.force_logout"} <= actions


def test_a_weak_reset_password_is_refused(admins, login):
    c = login(admins.sysadmin)
    r = c.post(f"/accounts/users/{admins.township_admin.pk}/password/", {"password1": "abcdefgh", "password2": "abcdefgh"})
    assert r.status_code == 200 and "至少 3 类" in r.content.decode()
    assert User.objects.get(pk=admins.township_admin.pk).check_password("Passw0rd!x")


def test_the_security_admin_grants_roles_on_the_page(admins, login):
    c = login(admins.secadmin)
    target = admins.township_admin
    r = c.post(f"/accounts/users/{target.pk}/roles/", {"roles": [admins.roles["county_admin"].pk]})
    assert r.status_code == 302
    assert [r.code for r in User.objects.get(pk=target.pk).roles.all()] == ["county_admin"]


def test_the_role_page_explains_a_separation_refusal(admins, login):
    c = login(admins.secadmin)
    target = admins.township_admin
    r = c.post(f"/accounts/users/{target.pk}/roles/", {"roles": [admins.roles["sysadmin"].pk, admins.roles["auditor"].pk]})
    page = r.content.decode()
    assert r.status_code == 200 and "三员分立" in page and "查询审计日志" in page
    assert [r.code for r in User.objects.get(pk=target.pk).roles.all()] == ["township_admin"]


def test_the_security_admin_cannot_change_their_own_roles_on_the_page(admins, login):
    c = login(admins.secadmin)
    r = c.post(f"/accounts/users/{admins.secadmin.pk}/roles/", {"roles": [admins.roles["province_admin"].pk]})
    assert r.status_code == 200 and "不能修改自己的角色" in r.content.decode()
    assert [r.code for r in User.objects.get(pk=admins.secadmin.pk).roles.all()] == ["secadmin"]


def test_roles_page_lists_scope_and_permission_labels(admins, login):
    page = login(admins.secadmin).get("/accounts/roles/").content.decode()
    assert "县级总工会管理员" in page and "本组织及以下" in page and "查看社工" in page and "内置" in page


def test_create_and_edit_a_custom_role(admins, login):
    c = login(admins.secadmin)
    r = c.post(
        "/accounts/roles/new/",
        {"code": "clerk", "name": "档案文员", "data_scope": "ORG_ONLY", "permissions": ["worker.view", "worker.document"]},
    )
    assert r.status_code == 302
    role = Role.objects.get(code="clerk")
    assert role.permissions == ["worker.document", "worker.view"] and role.data_scope == "ORG_ONLY"
    r = c.post(f"/accounts/roles/{role.pk}/", {"name": "档案员", "data_scope": "ORG_AND_BELOW", "permissions": ["worker.view"]})
    assert r.status_code == 302
    role.refresh_from_db()
    assert role.name == "档案员" and role.permissions == ["worker.view"] and role.data_scope == "ORG_AND_BELOW"
    assert AuditEvent.objects.filter(action__in=["role.create", "role.update"], target_id=str(role.pk)).count() == 2


def test_a_role_with_separated_permissions_is_refused_on_the_page(admins, login):
    r = login(admins.secadmin).post(
        "/accounts/roles/new/",
        {"code": "boss", "name": "全能", "data_scope": "ALL", "permissions": ["user.manage", "audit.view"]},
    )
    assert r.status_code == 200 and "三员分立" in r.content.decode()
    assert not Role.objects.filter(code="boss").exists()


def test_a_built_in_role_cannot_be_edited_on_the_page(admins, login):
    role = admins.roles["worker"]
    r = login(admins.secadmin).post(
        f"/accounts/roles/{role.pk}/", {"name": "x", "data_scope": "ALL", "permissions": ["worker.view"]}
    )
    assert r.status_code == 200 and "内置角色" in r.content.decode()
    role.refresh_from_db()
    assert role.name == "社工"


def test_the_security_admin_unlocks_a_locked_account(admins, login, client):
    for _ in range(5):
        post_login(client, "county_a_admin", "wrong")
    assert post_login(client, "county_a_admin").status_code == 429
    c = login(admins.secadmin)
    assert "已锁定" in c.get("/accounts/users/?q=county_a_admin").content.decode()
    assert "解除锁定" in c.get(f"/accounts/users/{admins.county_a_admin.pk}/").content.decode()
    r = c.post(f"/accounts/users/{admins.county_a_admin.pk}/unlock/")
    assert r.status_code == 302
    assert not AccessAttempt.objects.filter(username="county_a_admin").exists()
    assert AuditEvent.objects.filter(action="user.unlock", target_id=str(admins.county_a_admin.pk)).exists()
    from django.test import Client

    assert post_login(Client(), "county_a_admin").status_code == 302


def test_the_system_admin_cannot_unlock(admins, login):
    r = login(admins.sysadmin).post(f"/accounts/users/{admins.county_a_admin.pk}/unlock/")
    assert r.status_code == 403


def test_the_login_log_searches_by_user_ip_result_and_date(admins, login, client):
    post_login(client, "county_a_admin", "wrong", ip="10.0.0.7")
    post_login(client, "county_b_admin", ip="10.0.0.8")
    c = login(admins.secadmin)
    page = c.get("/accounts/login-log/?username=county_a").content.decode()
    assert "county_a_admin" in page and "county_b_admin" not in page
    page = c.get("/accounts/login-log/?ip=10.0.0.8").content.decode()
    assert "county_b_admin" in page and "county_a_admin" not in page
    page = c.get("/accounts/login-log/?success=0").content.decode()
    assert "county_a_admin" in page and "county_b_admin" not in page
    today = timezone.localdate().isoformat()
    assert "county_b_admin" in c.get(f"/accounts/login-log/?date_from={today}&date_to={today}").content.decode()
    assert "county_b_admin" not in c.get("/accounts/login-log/?date_to=2000-01-01").content.decode()
    assert c.get("/accounts/login-log/?date_from=not-a-date").status_code == 200


def test_a_county_security_admin_sees_only_their_countys_logins(admins, login):
    from django.test import Client

    post_login(Client(), "county_a_admin", ip="10.0.0.7")
    post_login(Client(), "county_b_admin", ip="10.0.0.8")
    post_login(Client(), "ghost", "wrong", ip="10.0.0.9")
    page = login(admins.county_b_secadmin).get("/accounts/login-log/").content.decode()
    assert "county_b_admin" in page and "county_a_admin" not in page and "ghost" not in page
    page = login(admins.secadmin).get("/accounts/login-log/").content.decode()
    assert "ghost" in page, "failures for unknown usernames are seen at the province"


def _queries(c, path):
    c.get(path)  # warm the per-process caches (site state) so that both counts start equal
    with CaptureQueriesContext(connection) as ctx:
        r = c.get(path)
    assert r.status_code == 200
    return len(ctx.captured_queries)


def test_the_user_list_does_the_same_number_of_queries_for_few_and_many_accounts(admins, login):
    c = login(admins.secadmin)
    few = _queries(c, "/accounts/users/")
    for i in range(30):
        make_user(f"bulk{i}", admins.street_a, [admins.roles["township_admin"], admins.roles["worker"]])
    many = _queries(c, "/accounts/users/")
    assert User.objects.count() > 35
    assert few == many, f"{few} queries for few accounts, {many} for many"


def test_the_login_log_does_the_same_number_of_queries_for_few_and_many_rows(admins, login):
    c = login(admins.secadmin)
    LoginRecord.objects.create(username="county_a_admin", user=admins.county_a_admin, ip="1.1.1.1", success=True)
    few = _queries(c, "/accounts/login-log/")
    LoginRecord.objects.bulk_create(
        [
            LoginRecord(username=u.username, user=u, ip="1.1.1.1", success=bool(i % 2))
            for i, u in enumerate(User.objects.all())
            for _ in range(10)
        ]
    )
    many = _queries(c, "/accounts/login-log/")
    assert few == many, f"{few} queries for 1 row, {many} for many"


def test_the_role_list_does_the_same_number_of_queries_for_few_and_many_roles(admins, login):
    c = login(admins.secadmin)
    few = _queries(c, "/accounts/roles/")
    Role.objects.bulk_create(
        [Role(code=f"r{i}", name=f"角色{i}", data_scope="ORG_ONLY", permissions=["worker.view"]) for i in range(20)]
    )
    assert few == _queries(c, "/accounts/roles/")
