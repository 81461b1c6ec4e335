"""Pure rules of the org tree and of policy values. No database access: callers pass what is needed.

Tree shape (SPEC §3, seeds 000/003): province → city (设区市) → county (县/市/区) → township / street /
development zone / industry federation. City federations also have directly managed units
(市总及直属行业工会, seed 003) that sit at township level under the city. Development zones and industry
federations may also sit at county level (seed 003 lists 市开发区 and 北戴河新区 beside the counties).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from .models import OrgKind, OrgLevel

# level -> kinds an org of that level may have
KINDS_BY_LEVEL: dict[int, set[str]] = {
    OrgLevel.NATIONAL: {OrgKind.FEDERATION},
    OrgLevel.PROVINCE: {OrgKind.FEDERATION},
    OrgLevel.CITY: {OrgKind.FEDERATION},
    OrgLevel.COUNTY: {OrgKind.FEDERATION, OrgKind.ZONE, OrgKind.INDUSTRY},
    OrgLevel.TOWNSHIP: {OrgKind.TOWNSHIP, OrgKind.STREET, OrgKind.ZONE, OrgKind.INDUSTRY, OrgKind.CITY_DIRECT},
}

# (parent level, child level) -> kinds the child may have there; a pair not listed is not allowed
PLACEMENTS: dict[tuple[int, int], set[str]] = {
    # the optional national level (中华全国总工会): provinces (and municipal federations) directly below it
    (OrgLevel.NATIONAL, OrgLevel.PROVINCE): {OrgKind.FEDERATION},
    (OrgLevel.PROVINCE, OrgLevel.CITY): {OrgKind.FEDERATION},
    # municipalities (北京、天津、上海、重庆) have districts directly under the municipal federation (seed 004)
    (OrgLevel.PROVINCE, OrgLevel.COUNTY): {OrgKind.FEDERATION},
    (OrgLevel.CITY, OrgLevel.COUNTY): {OrgKind.FEDERATION, OrgKind.ZONE, OrgKind.INDUSTRY},
    # city-direct units: 市总直属单位 and 市级行业工会联合会 / 开发区
    (OrgLevel.CITY, OrgLevel.TOWNSHIP): {OrgKind.CITY_DIRECT, OrgKind.INDUSTRY, OrgKind.ZONE},
    (OrgLevel.COUNTY, OrgLevel.TOWNSHIP): {OrgKind.TOWNSHIP, OrgKind.STREET, OrgKind.ZONE, OrgKind.INDUSTRY},
}


# levels an org may have without a parent: a deployment's root is the national federation or a province
ROOT_LEVELS = {OrgLevel.NATIONAL, OrgLevel.PROVINCE}


def default_kind(level: int, parent_level: int | None) -> str:
    """The kind an org gets when its creator names none: 乡镇工会 under a county, 市总直属单位 under a
    city, 总工会 otherwise."""
    if level == OrgLevel.TOWNSHIP and parent_level == OrgLevel.COUNTY:
        return OrgKind.TOWNSHIP
    if level == OrgLevel.TOWNSHIP and parent_level == OrgLevel.CITY:
        return OrgKind.CITY_DIRECT
    return OrgKind.FEDERATION


def placement_errors(*, level: int, kind: str | None, parent_level: int | None) -> dict[str, list[str]]:
    """Why an org of `level` and `kind` may not sit under a parent of `parent_level` (None: no parent).
    With `kind` None only the levels are checked."""
    if level not in OrgLevel.values:
        return {"level": [_("层级不正确")]}
    if kind is not None and kind not in OrgKind.values:
        return {"kind": [_("类型不正确")]}
    level_label = str(OrgLevel(level).label)  # str(): the page's language (a choice_label)
    if parent_level is None:
        if level not in ROOT_LEVELS:
            return {"parent": [_("只有全国或省级组织可以没有上级")]}
    else:
        parent_label = str(OrgLevel(parent_level).label)
        if level <= parent_level:
            return {"level": [_("下级组织的层级须低于上级（%(parent)s）") % {"parent": parent_label}]}
        allowed = PLACEMENTS.get((parent_level, level))
        if allowed is None:
            return {"level": [_("%(parent)s组织之下不能设%(level)s组织") % {"parent": parent_label, "level": level_label}]}
        if kind is not None and kind not in allowed:
            names = _("、").join(str(OrgKind(k).label) for k in OrgKind.values if k in allowed)
            return {"kind": [_("%(parent)s组织之下的%(level)s组织只能是：%(kinds)s") % {"parent": parent_label, "level": level_label, "kinds": names}]}
    if kind is not None and kind not in KINDS_BY_LEVEL[level]:
        return {"kind": [_("%(level)s组织不能是“%(kind)s”") % {"level": level_label, "kind": str(OrgKind(kind).label)}]}
    return {}


def child_options(parent_level: int) -> list[tuple[int, str]]:
    """(level, kind) pairs an admin may add under a parent of `parent_level`, in a stable order."""
    return [
        (child, kind)
        for (parent, child), kinds in PLACEMENTS.items()
        if parent == parent_level
        for kind in OrgKind.values
        if kind in kinds
    ]


def valid_new_parents(org_path: str, level: int, kind: str, candidates: list) -> list:
    """The candidates (orgs with .path, .level, .is_active) that `org` may be moved under: not itself
    or its subtree (no cycles), active, and a placement the tree allows."""
    return [
        c
        for c in candidates
        if not c.path.startswith(org_path) and c.is_active and not placement_errors(level=level, kind=kind, parent_level=c.level)
    ]


# ---- policy values -------------------------------------------------------------------------------
# Each key's shape is declared in policy.KEY_SHAPES; a key without one accepts any JSON value except null.


def validate_policy_value(key: str, value: Any, *, shape: tuple | None) -> list[str]:
    """Messages (in the page's language) for a value that does not fit the key's shape (empty list: fine)."""
    if value is None:
        return [_("请填写取值（JSON），不能为 null")]
    if shape is None:
        return []
    kind = shape[0]
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            return [_("取值应为不小于 0 的整数，例如 3")]
    elif kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            return [_("取值应为不小于 0 的数，例如 1.5")]
    elif kind == "str":
        if not isinstance(value, str) or not value.strip():
            return [_('取值应为非空文字，例如 "公开招聘"（JSON 文字须加双引号）')]
    elif kind == "bool":
        if not isinstance(value, bool):
            return [_("取值应为 true 或 false")]
    elif kind == "enum":
        if value not in shape[1]:
            return [_("取值应为以下之一：%(values)s") % {"values": _("、").join(f'"{v}"' for v in shape[1])}]
    elif kind == "list":
        item = shape[1]
        ok = isinstance(value, list) and value and all(_is(item, v) for v in value)
        if not ok:
            example = {"str": '["甲", "乙"]', "month": "[5, 11]", "month_day": '["03-31", "09-30"]'}.get(item, "[1, 2]")
            return [_("取值应为非空列表，例如 %(example)s") % {"example": example}]
    elif kind == "dict":
        item = shape[1]
        ok = isinstance(value, dict) and value and all(isinstance(k, str) and _is(item, v) for k, v in value.items())
        if not ok:
            return [_('取值应为非空对象，例如 {"中级干事": 0.2}') if item == "ratio" else _("取值应为非空对象（键为文字）")]
    elif kind == "ratio_range":
        ok = isinstance(value, list) and len(value) == 2 and all(_is("ratio", v) for v in value) and value[0] <= value[1]
        if not ok:
            return [_("取值应为 [下限, 上限]，均在 0 到 1 之间且下限不大于上限，例如 [0.7, 1.0]")]
    elif kind == "record":
        fields, optional = shape[1], (shape[2] if len(shape) > 2 else ())
        ok = (
            isinstance(value, dict)
            and set(fields) <= set(value) <= set(fields) | set(optional)
            and all(_is("int", v) for v in value.values())
        )
        if not ok:
            if optional:
                return [_("取值应包含这些整数项：%(fields)s（可选：%(optional)s）") % {"fields": "、".join(fields), "optional": "、".join(optional)}]
            return [_("取值应包含这些整数项：%(fields)s") % {"fields": "、".join(fields)}]
    return []


def _is(item: str, v: Any) -> bool:
    if item == "str":
        return isinstance(v, str) and bool(v.strip())
    if item == "int":
        return isinstance(v, int) and not isinstance(v, bool) and v >= 0
    if item == "month":
        return isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 12
    if item == "month_day":
        if not (isinstance(v, str) and len(v) == 5 and v[2] == "-" and v[:2].isdigit() and v[3:].isdigit()):
            return False
        return 1 <= int(v[:2]) <= 12 and 1 <= int(v[3:]) <= 31
    if item == "ratio":
        return isinstance(v, int | float) and not isinstance(v, bool) and 0 <= v <= 1
    return False
