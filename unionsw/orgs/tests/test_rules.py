from types import SimpleNamespace

import pytest

from unionsw.orgs.models import OrgKind, OrgLevel
from unionsw.orgs.policy import KEY_SHAPES, POLICY_KEYS
from unionsw.orgs.rules import child_options, placement_errors, valid_new_parents, validate_policy_value

P, C, X, T = OrgLevel.PROVINCE, OrgLevel.CITY, OrgLevel.COUNTY, OrgLevel.TOWNSHIP


@pytest.mark.parametrize(
    "level, kind, parent_level",
    [
        (P, OrgKind.FEDERATION, None),
        (C, OrgKind.FEDERATION, P),
        (X, OrgKind.FEDERATION, C),
        (X, OrgKind.ZONE, C),  # seed 003: 市开发区 beside the counties
        (T, OrgKind.STREET, X),
        (T, OrgKind.TOWNSHIP, X),
        (T, OrgKind.INDUSTRY, X),
        (T, OrgKind.CITY_DIRECT, C),  # seed 003: 市总及直属行业工会
        (T, OrgKind.INDUSTRY, C),
    ],
)
def test_it_allows_the_placements_of_the_union_tree(level, kind, parent_level):
    assert placement_errors(level=level, kind=kind, parent_level=parent_level) == {}


@pytest.mark.parametrize(
    "level, kind, parent_level, field, message",
    [
        (C, OrgKind.FEDERATION, None, "parent", "只有全国或省级组织可以没有上级"),
        (X, OrgKind.STREET, P, "kind", "省级组织之下的县级组织只能是"),  # municipalities: districts only
        (T, OrgKind.STREET, T, "level", "下级组织的层级须低于上级（乡镇（街道）级）"),
        (C, OrgKind.FEDERATION, X, "level", "下级组织的层级须低于上级（县级）"),
        (T, OrgKind.STREET, P, "level", "省级组织之下不能设乡镇（街道）级组织"),
        (T, OrgKind.STREET, C, "kind", "市级组织之下的乡镇（街道）级组织只能是"),
        (T, OrgKind.CITY_DIRECT, X, "kind", "县级组织之下的乡镇（街道）级组织只能是"),
        (C, OrgKind.STREET, P, "kind", "省级组织之下的市级组织只能是：总工会"),
        (P, OrgKind.ZONE, None, "kind", "省级组织不能是"),
    ],
)
def test_it_refuses_placements_the_tree_does_not_allow(level, kind, parent_level, field, message):
    errors = placement_errors(level=level, kind=kind, parent_level=parent_level)
    assert message in errors[field][0]


def test_without_a_kind_only_the_levels_are_checked():
    assert placement_errors(level=T, kind=None, parent_level=C) == {}
    assert "须低于上级" in placement_errors(level=C, kind=None, parent_level=X)["level"][0]


def test_a_township_may_have_no_children_and_a_county_only_township_level_ones():
    assert child_options(T) == []
    assert {lv for lv, _ in child_options(X)} == {T}
    assert (T, OrgKind.CITY_DIRECT) in child_options(C) and (X, OrgKind.FEDERATION) in child_options(C)


def _org(path, level, active=True):
    return SimpleNamespace(path=path, level=level, is_active=active)


def test_valid_new_parents_exclude_the_subtree_the_inactive_and_wrong_levels():
    province, city_a, city_b = _org("/1/", P), _org("/1/2/", C), _org("/1/3/", C)
    county, street = _org("/1/2/4/", X), _org("/1/2/4/5/", T)
    closed_city = _org("/1/6/", C, active=False)
    candidates = [province, city_a, city_b, county, street, closed_city]
    # moving the county: active cities (or the province, for a municipality's district), never its own subtree
    assert valid_new_parents(county.path, X, OrgKind.FEDERATION, candidates) == [province, city_a, city_b]
    # moving the city: nothing under the province's level rule except the province itself
    assert valid_new_parents(city_a.path, C, OrgKind.FEDERATION, candidates) == [province]


def test_every_shape_belongs_to_a_known_key_and_the_foundation_keys_all_have_one():
    assert set(KEY_SHAPES) <= set(POLICY_KEYS)
    assert {"recruit_max_age", "ladder", "rank_quota", "performance_pay_ratio", "staffing_norm"} <= set(KEY_SHAPES)


@pytest.mark.parametrize(
    "key, value",
    [
        ("recruit_max_age", 0),
        ("recruit_max_age", 40),
        ("performance_pay_ratio", [0.7, 1.0]),
        ("performance_pay_ratio", [1, 1]),
        ("rank_quota", {"中级干事": 0.2}),
        ("exam_months", [1, 12]),
        ("plan_deadlines", ["03-31", "12-01"]),
        ("fail_requires_admonition", False),
        ("promotion_min_grade", "PASS"),
        ("hiring_steps", ["公告", "报名"]),
        ("staffing_norm", {"required_from_unions": 200, "required_from_members": 5000, "optional_max": 1, "required_max": 5}),
    ],
)
def test_it_accepts_values_of_the_right_shape(key, value):
    assert validate_policy_value(key, value, shape=KEY_SHAPES[key]) == []


@pytest.mark.parametrize(
    "key, value, message",
    [
        ("recruit_max_age", -1, "不小于 0 的整数"),
        ("recruit_max_age", "40", "不小于 0 的整数"),
        ("recruit_max_age", True, "不小于 0 的整数"),
        ("recruit_max_age", None, "不能为 null"),
        ("performance_pay_ratio", [1.0, 0.7], "下限不大于上限"),
        ("performance_pay_ratio", [0.7, 1.01], "0 到 1 之间"),
        ("performance_pay_ratio", [0.7], "[下限, 上限]"),
        ("rank_quota", {"中级干事": 1.5}, "非空对象"),
        ("rank_quota", {}, "非空对象"),
        ("exam_months", [0, 5], "[5, 11]"),
        ("exam_months", [13], "[5, 11]"),
        ("plan_deadlines", ["13-01"], "03-31"),
        ("fail_requires_admonition", 1, "true 或 false"),
        ("promotion_min_grade", "GOOD", '"PASS"'),
        ("hiring_steps", [], "非空列表"),
        ("hiring_steps", ["公告", ""], "非空列表"),
        ("hiring_mode", "  ", "非空文字"),
        ("staffing_norm", {"required_from_unions": 200}, "required_max"),
    ],
)
def test_it_refuses_values_of_the_wrong_shape_with_a_chinese_reason(key, value, message):
    errors = validate_policy_value(key, value, shape=KEY_SHAPES[key])
    assert errors and message in errors[0]


def test_a_key_without_a_shape_accepts_any_json_but_null():
    assert validate_policy_value("new_key", {"any": [1, "x"]}, shape=None) == []
    assert validate_policy_value("new_key", None, shape=None)
