"""Issue 12: the org tree's refusals, flash messages and policy names follow the chosen language; zh-hans
stays the Chinese as written."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation

from unionsw.orgs import rules, services
from unionsw.orgs.models import OrgLevel
from unionsw.orgs.policy import POLICY_KEYS, display_value, effective_policy

pytestmark = pytest.mark.django_db


def _refusal(sysadmin, org) -> str:
    with pytest.raises(ValidationError) as exc:
        services.org_set_active(by=sysadmin, org=org, active=True)
    return exc.value.messages[0]


def test_a_service_refusal_is_english_in_english_and_chinese_by_default(world, sysadmin):
    with translation.override("en"):
        assert _refusal(sysadmin, world.street_a) == f"“{world.street_a.name}” is already enabled"
    assert _refusal(sysadmin, world.street_a) == f"“{world.street_a.name}”已经是启用状态"


def test_a_placement_reason_names_the_levels_in_the_page_language():
    with translation.override("en"):
        message = rules.placement_errors(level=OrgLevel.CITY, kind=None, parent_level=OrgLevel.COUNTY)["level"][0]
    assert message == "A subordinate organisation must be below its parent's level (County)"
    message = rules.placement_errors(level=OrgLevel.CITY, kind=None, parent_level=OrgLevel.COUNTY)["level"][0]
    assert message == "下级组织的层级须低于上级（县级）"


def test_the_flash_message_of_a_page_is_english_with_the_language_cookie(world, login, sysadmin, client):
    c = login(sysadmin)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    r = c.post(f"/orgs/{world.street_a2.pk}/disable/", follow=True)
    assert f"Disabled “{world.street_a2.name}”" in r.content.decode()
    del c.cookies[settings.LANGUAGE_COOKIE_NAME]
    r = c.post(f"/orgs/{world.street_a2.pk}/enable/", follow=True)
    assert f"已启用“{world.street_a2.name}”" in r.content.decode()


def test_policy_names_and_values_are_chinese_in_code_and_english_where_shown(world):
    label = POLICY_KEYS["pretraining_required"][0]
    assert label == "须岗前培训" and f"{label}" == "须岗前培训"  # joins, f-strings, stored texts keep the Chinese
    with translation.override("en"):
        assert str(label) == "Pre-job training required"
        assert display_value("pretraining_required", True) == "Yes"
        assert display_value("promotion_min_grade", "PASS") == "Pass or better"
        item = effective_policy(world.street_a).values["recruit_max_age"]
        assert "招" not in str(item.label)
    assert display_value("promotion_min_grade", "PASS") == "合格及以上"
