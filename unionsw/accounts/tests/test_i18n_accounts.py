"""The Python side of accounts in English (issue 12): refusals, page errors and permission labels follow the
chosen language; zh-hans, the default, still reads the Chinese."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation

from unionsw.accounts import services
from unionsw.accounts.permissions import all_permissions

pytestmark = pytest.mark.django_db


def test_the_separation_refusal_is_in_the_chosen_language(admins):
    roles = [admins.roles["sysadmin"], admins.roles["auditor"]]
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.user_set_roles(by=admins.secadmin, user=admins.county_a_admin, roles=roles)
    [message] = exc.value.messages
    assert message.startswith("Separation of the three administrators: one account cannot hold both “")
    assert "Search the audit log" in message
    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        services.user_set_roles(by=admins.secadmin, user=admins.county_a_admin, roles=roles)
    assert exc.value.messages[0].startswith("三员分立：同一账号不能同时拥有“") and "查询审计日志" in exc.value.messages[0]


def test_permission_labels_stay_chinese_in_code():
    assert all_permissions()["audit.view"] == "查询审计日志"
    with translation.override("en"):
        assert all_permissions()["audit.view"] == "查询审计日志"  # joined into messages: translated where shown


def test_the_role_pages_speak_english_with_the_language_cookie(admins, login):
    c = login(admins.secadmin)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = c.get("/accounts/roles/").content.decode()
    assert "View social workers" in page and "查看社工" not in page
    r = c.post(f"/accounts/users/{admins.secadmin.pk}/roles/", {"roles": [admins.roles["province_admin"].pk]})
    assert r.status_code == 200 and "You cannot change your own roles" in r.content.decode()
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    r = c.post(f"/accounts/users/{admins.secadmin.pk}/roles/", {"roles": [admins.roles["province_admin"].pk]})
    assert "不能修改自己的角色" in r.content.decode()


def test_built_in_role_names_are_shown_in_the_page_language_and_stored_in_chinese(admins):
    from unionsw.accounts.models import Role

    county = admins.county_a_admin
    assert county.role_names == "县级总工会管理员"
    with translation.override("en"):
        del county.role_list  # cached_property: read the roles again under English
        assert county.role_names == "County federation administrator"
        assert Role(name="本单位自定义角色").shown_name == "本单位自定义角色"  # a typed name stays as typed
    assert Role.objects.get(code="county_admin").name == "县级总工会管理员"
