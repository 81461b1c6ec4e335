"""Account services: 三员分立, scope and validation. Every refusal changes nothing."""

import pytest
from django.core.exceptions import ValidationError

from unionsw.accounts import services
from unionsw.accounts.models import DataScope, Role, User
from unionsw.core.errors import NotAllowed, OutOfScope
from unionsw.core.models import AuditEvent

pytestmark = pytest.mark.django_db


# --- 三员分立 -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [("sysadmin", "secadmin"), ("sysadmin", "auditor"), ("secadmin", "auditor")],
)
def test_it_refuses_two_of_the_three_administrator_roles_on_one_account(admins, a, b):
    target = admins.county_a_admin
    with pytest.raises(ValidationError, match="三员分立"):
        services.user_set_roles(by=admins.secadmin, user=target, roles=[admins.roles[a], admins.roles[b]])
    assert [r.code for r in target.roles.all()] == ["county_admin"]


def test_it_refuses_a_custom_role_that_smuggles_in_a_separated_permission(admins):
    role = services.role_create(
        by=admins.secadmin, code="log_reader", name="日志查阅", data_scope=DataScope.ORG_AND_BELOW, permissions=["audit.view"]
    )
    with pytest.raises(ValidationError, match="三员分立"):
        services.user_set_roles(by=admins.secadmin, user=admins.county_a_admin, roles=[admins.roles["sysadmin"], role])


def test_each_administrator_role_alone_is_allowed(admins):
    for code in ("sysadmin", "secadmin", "auditor"):
        services.user_set_roles(by=admins.secadmin, user=admins.county_a_admin, roles=[admins.roles[code]])
        assert User.objects.get(pk=admins.county_a_admin.pk).role_list[0].code == code


def test_no_one_changes_their_own_roles(admins):
    with pytest.raises(ValidationError, match="不能修改自己的角色"):
        services.user_set_roles(by=admins.secadmin, user=admins.secadmin, roles=[admins.roles["province_admin"]])


def test_a_system_admin_cannot_grant_roles(admins):
    with pytest.raises(NotAllowed):
        services.user_set_roles(by=admins.sysadmin, user=admins.county_a_admin, roles=[admins.roles["province_admin"]])


def test_a_security_admin_of_county_b_cannot_grant_in_county_a(admins):
    with pytest.raises(OutOfScope):
        services.user_set_roles(by=admins.county_b_secadmin, user=admins.county_a_admin, roles=[])


def test_a_role_grant_is_audited_with_before_and_after(admins):
    services.user_set_roles(by=admins.secadmin, user=admins.county_a_admin, roles=[admins.roles["township_admin"]])
    event = AuditEvent.objects.get(action="user.roles")
    assert event.detail == {"before": ["county_admin"], "after": ["township_admin"]}
    assert event.actor_id == admins.secadmin.pk


# --- roles ------------------------------------------------------------------------------------------


def test_a_role_with_two_separated_permissions_is_refused(admins):
    with pytest.raises(ValidationError) as exc:
        services.role_create(
            by=admins.secadmin,
            code="superman",
            name="全能",
            data_scope=DataScope.ALL,
            permissions=["user.manage", "role.grant"],
        )
    assert "三员分立" in exc.value.message_dict["permissions"][0]
    assert not Role.objects.filter(code="superman").exists()


def test_a_role_with_an_administrator_permission_requires_otp(admins):
    clerk = services.role_create(
        by=admins.secadmin, code="clerk", name="文员", data_scope=DataScope.ORG_ONLY, permissions=["worker.view"]
    )
    officer = services.role_create(
        by=admins.secadmin, code="officer", name="安全员", data_scope=DataScope.ORG_ONLY, permissions=["security.manage"]
    )
    assert not clerk.requires_otp and officer.requires_otp


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("code", {"code": "Bad Code"}),
        ("code", {"code": "county_admin"}),
        ("name", {"name": ""}),
        ("data_scope", {"data_scope": "EVERYTHING"}),
        ("permissions", {"permissions": []}),
        ("permissions", {"permissions": ["no.such"]}),
    ],
)
def test_bad_role_input_names_the_field_and_saves_nothing(admins, field, kwargs):
    data = {"code": "clerk", "name": "文员", "data_scope": DataScope.ORG_ONLY, "permissions": ["worker.view"]} | kwargs
    before = Role.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.role_create(by=admins.secadmin, **data)
    assert field in exc.value.message_dict
    assert Role.objects.count() == before


def test_built_in_roles_are_read_only(admins):
    role = admins.roles["county_admin"]
    with pytest.raises(ValidationError, match="内置角色"):
        services.role_update(by=admins.secadmin, role=role, name="x", data_scope=DataScope.ALL, permissions=["worker.view"])


def test_editing_a_role_that_would_break_separation_for_a_holder_is_refused(admins):
    role = services.role_create(
        by=admins.secadmin, code="clerk", name="文员", data_scope=DataScope.ORG_ONLY, permissions=["worker.view"]
    )
    services.user_set_roles(by=admins.secadmin, user=admins.county_a_admin, roles=[admins.roles["sysadmin"], role])
    with pytest.raises(ValidationError, match="三员分立"):
        services.role_update(
            by=admins.secadmin, role=role, name="文员", data_scope=DataScope.ORG_ONLY, permissions=["worker.view", "audit.view"]
        )
    role.refresh_from_db()
    assert role.permissions == ["worker.view"]


def test_editing_a_role_ends_its_holders_sessions(admins):
    role = services.role_create(
        by=admins.secadmin, code="clerk", name="文员", data_scope=DataScope.ORG_ONLY, permissions=["worker.view"]
    )
    services.user_set_roles(by=admins.secadmin, user=admins.county_a_admin, roles=[role])
    epoch = User.objects.get(pk=admins.county_a_admin.pk).session_epoch
    services.role_update(
        by=admins.secadmin, role=role, name="文员", data_scope=DataScope.ORG_AND_BELOW, permissions=["worker.view", "org.view"]
    )
    assert User.objects.get(pk=admins.county_a_admin.pk).session_epoch == epoch + 1
    role.refresh_from_db()
    assert role.data_scope == DataScope.ORG_AND_BELOW and role.permissions == ["org.view", "worker.view"]


# --- accounts ------------------------------------------------------------------------------------


def test_a_new_account_has_no_role_and_must_change_its_initial_password(admins):
    user = services.user_create(
        by=admins.county_sysadmin, username="clerk1", display_name="王文员", org=admins.street_a, password="Init!2026a"
    )
    assert user.role_list == [] and user.must_change_password and user.check_password("Init!2026a")
    assert AuditEvent.objects.filter(action="user.create", target_id=str(user.pk)).exists()


def test_a_county_system_admin_cannot_create_an_account_in_another_county(admins):
    with pytest.raises(OutOfScope):
        services.user_create(
            by=admins.county_sysadmin, username="spy", display_name="间谍", org=admins.county_b, password="Init!2026a"
        )
    assert not User.objects.filter(username="spy").exists()


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("username", {"username": "ab"}),
        ("username", {"username": "County_A_Admin"}),
        ("username", {"username": "含中文"}),
        ("display_name", {"display_name": " "}),
        ("password", {"password": "weakpass"}),
        ("password", {"password": "Clerk1!"}),
    ],
)
def test_bad_account_input_names_the_field_and_saves_nothing(admins, field, kwargs):
    data = {"username": "clerk1", "display_name": "王文员", "org": admins.street_a, "password": "Init!2026a"} | kwargs
    before = User.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.user_create(by=admins.sysadmin, **data)
    assert field in exc.value.message_dict
    assert User.objects.count() == before


def test_moving_an_account_to_another_org_ends_its_sessions(admins):
    target = admins.county_a_admin
    epoch = target.session_epoch
    services.user_update(by=admins.sysadmin, user=target, display_name="新名字", org=admins.street_a)
    target.refresh_from_db()
    assert target.org == admins.street_a and target.display_name == "新名字" and target.session_epoch == epoch + 1
    event = AuditEvent.objects.get(action="user.update")
    assert event.detail["before"]["org"] == "历下区总工会" and event.detail["after"]["org"] == "解放路街道工会"


def test_renaming_alone_keeps_the_sessions(admins):
    target = admins.county_a_admin
    epoch = target.session_epoch
    services.user_update(by=admins.sysadmin, user=target, display_name="新名字", org=target.org)
    target.refresh_from_db()
    assert target.session_epoch == epoch


def test_a_county_system_admin_cannot_touch_accounts_of_another_county(admins):
    victim = admins.county_b_admin
    for call in (
        lambda: services.user_set_active(by=admins.county_sysadmin, user=victim, active=False),
        lambda: services.user_force_logout(by=admins.county_sysadmin, user=victim),
        lambda: services.password_change(by=admins.county_sysadmin, user=victim, new_password="Reset!2026x"),
        lambda: services.user_update(by=admins.county_sysadmin, user=victim, display_name="x", org=admins.county_a),
    ):
        with pytest.raises(OutOfScope):
            call()
    victim.refresh_from_db()
    assert victim.is_active and victim.check_password("Passw0rd!x") and victim.display_name == "county_b_admin"


def test_an_account_cannot_be_moved_out_of_the_admins_scope(admins):
    with pytest.raises(OutOfScope):
        services.user_update(by=admins.county_sysadmin, user=admins.county_a_admin, display_name="x", org=admins.county_b)


def test_no_one_disables_their_own_account(admins):
    with pytest.raises(ValidationError, match="不能停用自己"):
        services.user_set_active(by=admins.sysadmin, user=admins.sysadmin, active=False)


def test_unlock_needs_the_security_permission(admins):
    with pytest.raises(NotAllowed):
        services.user_unlock(by=admins.sysadmin, user=admins.county_a_admin)


def test_read_only_administrators_cannot_manage_accounts(admins):
    for actor in (admins.county_a_admin, admins.auditor, admins.secadmin):
        with pytest.raises(NotAllowed):
            services.user_set_active(by=actor, user=admins.worker_a_user, active=False)
