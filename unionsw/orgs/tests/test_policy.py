from datetime import date

import pytest

from unionsw.orgs.models import PolicyProfile
from unionsw.orgs.policy import NOT_SET, POLICY_KEYS, effective_policy, load_profile_files
from unionsw.orgs.services import policy_override_add


def test_every_shipped_profile_uses_only_known_keys_and_cites_sources():
    profiles = load_profile_files()
    assert {p["code"] for p in profiles} == {"shandong", "jiangsu", "hebei", "beijing"}
    for p in profiles:
        assert set(p["values"]) <= set(POLICY_KEYS), p["code"]
        for key, value in p["values"].items():
            if value is not None:
                assert p["sources"].get(key), f"{p['code']}.{key} is set but cites no seed"


@pytest.mark.django_db
def test_shandong_values_as_the_seed_states(world):
    policy = effective_policy(world.street_a)
    assert policy.get("recruit_max_age") == 40
    assert policy.get("ladder") == ["见习干事", "初级干事", "中级干事", "高级干事"]
    assert policy.get("rank_quota") == {"中级干事": 0.2, "高级干事": 0.1}
    assert policy.get("promotion_min_years") == 3
    assert policy.get("performance_pay_ratio") == [0.7, 1.0]


@pytest.mark.django_db
def test_values_the_seeds_do_not_set_are_shown_as_not_set(world):
    item = next(i for i in effective_policy(world.street_a).items() if i.key == "staffing_norm")
    assert item.value is None and item.display == NOT_SET


@pytest.mark.django_db
def test_overrides_are_inherited_down_the_tree_from_their_date(world):
    policy_override_add(
        by=world.province_admin,
        org=world.city_b,
        key="contract_sign_limit_months",
        value=1,
        effective_from=date(2018, 1, 1),
        source="青岛",
    )
    assert effective_policy(world.street_b).get("contract_sign_limit_months") == 1
    assert "青岛市总工会调整" in effective_policy(world.street_b).values["contract_sign_limit_months"].source
    assert effective_policy(world.street_a).get("contract_sign_limit_months") is None  # other city
    assert effective_policy(world.street_b, date(2017, 12, 31)).get("contract_sign_limit_months") is None


@pytest.mark.django_db
def test_a_newer_profile_version_applies_only_from_its_date(world):
    old = PolicyProfile.objects.get(code="shandong")
    PolicyProfile.objects.create(
        code="shandong",
        name="山东省政策（修订）",
        effective_from=date(2030, 1, 1),
        values=old.values | {"recruit_max_age": 35},
        sources=old.sources,
    )
    assert effective_policy(world.street_a, date(2029, 12, 31)).get("recruit_max_age") == 40
    assert effective_policy(world.street_a, date(2030, 1, 1)).get("recruit_max_age") == 35


@pytest.mark.django_db
def test_the_policy_page_names_the_source_and_not_set(world, login):
    client = login(world.county_a_admin)
    page = client.get("/orgs/policy/").content.decode()
    assert "年龄40周岁以下" in page
    assert "未规定" in page
