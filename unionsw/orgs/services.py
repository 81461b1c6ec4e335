"""Writes to the org tree and policy overrides."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from unionsw.core.audit import audit
from unionsw.core.errors import NotAllowed, OutOfScope, StaleVersion
from unionsw.core.scope import org_in_scope

from .models import Org, OrgKind, OrgLevel, PolicyOverride, PolicyProfile
from .policy import KEY_SHAPES, POLICY_KEYS, bump_policy_generation
from .rules import default_kind, placement_errors, validate_policy_value

ORG_FIELDS = ["name", "kind", "region_code", "union_count", "member_count", "sort"]


def _check_level(level: int, parent: Org | None) -> None:
    """The level rule alone (the Excel importer checks rows with it before any kind is known)."""
    errors = placement_errors(level=level, kind=None, parent_level=parent.level if parent else None)
    if errors:
        raise ValidationError(errors)


def _check_placement(level: int, kind: str, parent: Org | None) -> None:
    errors = placement_errors(level=level, kind=kind, parent_level=parent.level if parent else None)
    if errors:
        raise ValidationError(errors)


def _validate_fields(data: dict) -> None:
    errors = {}
    if not (data.get("name") or "").strip():
        errors["name"] = [_("请填写名称")]
    code = data.get("region_code") or ""
    if code and not (code.isdigit() and len(code) in (6, 9, 12)):
        errors["region_code"] = [_("行政区划代码应为6、9或12位数字（GB/T 2260），没有则留空")]
    if data.get("kind") and data["kind"] not in OrgKind.values:
        errors["kind"] = [_("类型不正确")]
    for f in ("union_count", "member_count"):
        v = data.get(f, 0)
        if not isinstance(v, int) or v < 0:
            errors[f] = [_("请填写不小于0的整数")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def org_create(*, by, parent: Org | None, level: int, data: dict, is_demo: bool = False, skip_scope: bool = False) -> Org:
    """`skip_scope` is for bootstrap commands (demo loader, first province) that run without a user."""
    if not skip_scope:
        if not by.can("org.manage"):
            raise NotAllowed()
        if parent is None or not org_in_scope(by, parent):
            raise OutOfScope(_("上级组织不存在或不在您的管理范围内"))
    data = dict(data)
    if not data.get("kind"):
        data["kind"] = default_kind(level, parent.level if parent else None)
    _validate_fields(data)
    _check_placement(level, data["kind"], parent)
    if parent is not None and not parent.is_active:
        raise ValidationError({"parent": [_("上级组织“%(name)s”已停用，不能在其下新增组织") % {"name": parent.name}]})
    profile = data.get("policy_profile")
    if profile is not None:
        _check_profile(level, profile)
    org = Org(parent=parent, level=level, is_demo=is_demo, path="", **{k: data[k] for k in ORG_FIELDS if k in data})
    org.policy_profile = profile
    org.save()
    org.path = f"{parent.path if parent else '/'}{org.pk}/"
    org.save(update_fields=["path"])
    if by is not None:
        detail = {"parent": parent.name if parent else ""}
        if profile is not None:
            detail["profile"] = profile.code
        audit(by=by, action="org.create", target=org, detail=detail)
    return org


# ---- provinces: the policy profile and the national level (issue 13) ---------------------------------
# A province's profile is set by whoever manages the level above it: the national system admin when
# there is a national federation, else only `manage.py setup` (by=None). A provincial admin cannot
# switch their own province to another province's rules.

PROFILE_LEVELS = {OrgLevel.PROVINCE}


def _check_profile(level: int, profile) -> None:
    if not isinstance(profile, PolicyProfile):
        raise ValidationError({"policy_profile": [_("适用政策不存在")]})
    if level not in PROFILE_LEVELS:
        raise ValidationError({"policy_profile": [_("适用政策只在省级组织设置，下级组织继承")]})


def manages_from_above(by, org: Org) -> bool:
    """`by` manages the level above `org` (its parent is in scope). A root org has no level above."""
    return org.parent_id is not None and org_in_scope(by, org.parent)


@transaction.atomic
def org_set_profile(*, by, org: Org, profile: PolicyProfile | None) -> Org:
    """Give a province its policy profile (or change it). `by=None` only from `manage.py setup`."""
    if by is not None:
        if not by.can("org.manage"):
            raise NotAllowed()
        if not org_in_scope(by, org):
            raise OutOfScope()
        if not manages_from_above(by, org):
            raise NotAllowed(_("省级组织的适用政策由上一级（全国总工会）的系统管理员设置"))
    if profile is None:
        raise ValidationError({"policy_profile": [_("请选择适用政策")]})
    _check_profile(org.level, profile)
    old = org.policy_profile.code if org.policy_profile_id else ""
    if org.policy_profile_id == profile.pk:
        raise ValidationError({"policy_profile": [_("“%(org)s”已经适用“%(profile)s”") % {"org": org.name, "profile": profile.name}]})
    Org.objects.filter(pk=org.pk).update(policy_profile=profile, version=org.version + 1)
    bump_policy_generation()  # update() sends no post_save
    org.refresh_from_db()
    if by is not None:
        audit(by=by, action="org.profile", target=org, detail={"from": old, "to": profile.code})
    return org


@transaction.atomic
def org_update(*, by, org: Org, data: dict, version: int) -> Org:
    if not by.can("org.manage"):
        raise NotAllowed()
    if not org_in_scope(by, org):
        raise OutOfScope()
    merged = {k: getattr(org, k) for k in ORG_FIELDS} | {k: v for k, v in data.items() if k in ORG_FIELDS}
    _validate_fields(merged)
    if merged["kind"] != org.kind:
        _check_placement(org.level, merged["kind"], org.parent)
    if Org.objects.filter(pk=org.pk, version=version).update(version=version + 1) != 1:
        raise StaleVersion()
    changed = sorted(k for k in ORG_FIELDS if getattr(org, k) != merged[k])
    for k in ORG_FIELDS:
        setattr(org, k, merged[k])
    org.version = version + 1
    org.save()
    audit(by=by, action="org.update", target=org, detail={"fields": changed})
    return org


@transaction.atomic
def org_move(*, by, org: Org, new_parent: Org) -> Org:
    """Move a subtree under another parent; refuses cycles and level violations."""
    if not by.can("org.manage"):
        raise NotAllowed()
    if not org_in_scope(by, org) or not org_in_scope(by, new_parent):
        raise OutOfScope()
    if org.parent_id is None:
        raise ValidationError({"new_parent": [_("组织树的根（全国或省级组织）不能移动")]})
    if new_parent.path.startswith(org.path):
        raise ValidationError({"new_parent": [_("不能把组织移动到它自己或它的下级组织之下")]})
    if new_parent.pk == org.parent_id:
        raise ValidationError({"new_parent": [_("“%(org)s”已经在“%(parent)s”之下") % {"org": org.name, "parent": new_parent.name}]})
    if not new_parent.is_active:
        raise ValidationError({"new_parent": [_("“%(parent)s”已停用，不能作为上级组织") % {"parent": new_parent.name}]})
    errors = placement_errors(level=org.level, kind=org.kind, parent_level=new_parent.level)
    if errors:
        raise ValidationError({"new_parent": [m for ms in errors.values() for m in ms]})
    old_path, new_path = org.path, f"{new_parent.path}{org.pk}/"
    old_parent = org.parent
    Org.objects.filter(path__startswith=old_path).update(path=Concat(Value(new_path), Substr("path", len(old_path) + 1)))
    Org.objects.filter(pk=org.pk).update(parent=new_parent, version=org.version + 1)
    bump_policy_generation()  # update() sends no post_save
    org.refresh_from_db()
    audit(by=by, action="org.move", target=org, detail={"from": old_parent.name if old_parent else "", "to": new_parent.name})
    return org


@transaction.atomic
def org_set_active(*, by, org: Org, active: bool) -> Org:
    if not by.can("org.manage"):
        raise NotAllowed()
    if not org_in_scope(by, org):
        raise OutOfScope()
    if org.level <= OrgLevel.PROVINCE and not manages_from_above(by, org):
        raise NotAllowed(_("全国和省级组织由上一级的系统管理员启用或停用"))
    if org.is_active == active:
        message = _("“%(org)s”已经是启用状态") if active else _("“%(org)s”已经是停用状态")
        raise ValidationError(message % {"org": org.name})
    if active and org.parent_id and not org.parent.is_active:
        raise ValidationError(_("上级组织“%(parent)s”已停用，请先启用上级组织") % {"parent": org.parent.name})
    if not active:
        if org.children.filter(is_active=True).exists():
            raise ValidationError(_("该组织还有启用的下级组织，请先停用或移走下级组织"))
        if org.workers.filter(status="active").exists():
            raise ValidationError(_("该组织还有在岗社工，请先调整社工的岗位所在单位"))
    org.is_active = active
    org.save(update_fields=["is_active"])
    audit(by=by, action="org.enable" if active else "org.disable", target=org)
    return org


@transaction.atomic
def policy_override_add(*, by, org: Org, key: str, value, effective_from: date, source: str) -> PolicyOverride:
    if not by.can("policy.manage"):
        raise NotAllowed()
    if not org_in_scope(by, org):
        raise OutOfScope()
    errors: dict[str, list[str]] = {}
    if key not in POLICY_KEYS:
        errors["key"] = [_("没有这条规则")]
    else:
        value_errors = validate_policy_value(key, value, shape=KEY_SHAPES.get(key))
        if value_errors:
            errors["value"] = value_errors
    if not isinstance(effective_from, date):
        errors["effective_from"] = [_("请填写生效日期")]
    source = (source or "").strip()
    if not source:
        errors["source"] = [_("请填写依据（文件名称、文号）")]
    elif len(source) > 300:
        errors["source"] = [_("依据不超过 300 字")]
    if not errors and PolicyOverride.objects.filter(org=org, key=key, effective_from=effective_from).exists():
        errors["effective_from"] = [_("该组织的这条规则在同一生效日期已有调整，请换一个生效日期")]
    if errors:
        raise ValidationError(errors)
    override = PolicyOverride.objects.create(org=org, key=key, value=value, effective_from=effective_from, source=source)
    audit(by=by, action="policy.override", target=org, detail={"key": key, "value": value, "from": str(effective_from)})
    return override
