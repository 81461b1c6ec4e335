"""`/api/v1/orgs`: the org tree the caller may see, and one org with its effective policy."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from ninja import Field, Path, Router, Schema

from unionsw.core.errors import NotAllowed
from unionsw.core.request_body import Strict, documented_body, parse_body

from . import selectors
from .models import Org
from .policy import effective_policy

PREFIX = "orgs"
router = Router(tags=["组织"])

MAX_ID = 2**63 - 1


def _require(request, code: str) -> None:
    if not request.user.can(code):
        raise NotAllowed()


class OrgFields(Schema):
    id: int
    name: str
    parent_id: int | None
    level: int = Field(..., description="0 全国，1 省级，2 市级，3 县级，4 乡镇（街道）级")
    level_display: str
    kind: str
    kind_display: str
    region_code: str = Field(..., description="GB/T 2260 行政区划代码，没有则为空")
    union_count: int = Field(..., description="所辖单独工会组织数")
    member_count: int = Field(..., description="职工人数")
    is_active: bool


class OrgNode(OrgFields):
    children: list[OrgNode]


OrgNode.model_rebuild()


class PolicyItem(Schema):
    key: str
    label: str
    group: str
    value: Any = Field(None, description="规则取值；政策未规定时为 null")
    display: str = Field(..., description="中文显示；政策未规定时为“未规定”")
    source: str = Field(..., description="出处：政策配置或调整及其引用的文件")


class PolicyOut(Schema):
    on: date
    profile_name: str
    items: list[PolicyItem]


class OrgDetail(OrgFields):
    path_names: list[str] = Field(..., description="从根到本组织的名称（仅含可见的上级）")
    policy: PolicyOut | None = Field(None, description="适用政策；没有“查看政策配置”权限时为 null")


def _fields(org: Org) -> dict:
    return {
        "id": org.pk,
        "name": org.name,
        "parent_id": org.parent_id,
        "level": org.level,
        "level_display": str(org.get_level_display()),  # str(): a choice_label in the request's language
        "kind": org.kind,
        "kind_display": str(org.get_kind_display()),
        "region_code": org.region_code,
        "union_count": org.union_count,
        "member_count": org.member_count,
        "is_active": org.is_active,
    }


def _nest(nodes: list[dict]) -> list[dict]:
    def plain(node: dict) -> dict:
        return _fields(node["org"]) | {"children": [plain(c) for c in node["children"]]}

    return [plain(n) for n in nodes]


@router.get("", response=list[OrgNode], summary="可见的组织树（嵌套）", url_name="org_tree")
def org_tree(request):
    """The caller's visible orgs as a tree; an org whose parent is not visible is a root."""
    _require(request, "org.view")
    orgs = list(selectors.org_list_visible_to(request.user).order_by("path"))
    return _nest(selectors.org_tree(orgs))


@router.get("/{id}", response=OrgDetail, summary="一个组织及其适用政策", url_name="org_detail")
def org_detail(request, id: int = Path(..., ge=1, le=MAX_ID), on: date | None = None):
    """`on`: the date of the policy (today by default)."""
    _require(request, "org.view")
    visible = selectors.org_list_visible_to(request.user)
    org = get_object_or_404(visible, pk=id)
    names = list(visible.filter(pk__in=org.ancestor_ids()).order_by("path").values_list("name", flat=True))
    policy = None
    if request.user.can("policy.view"):
        effective = effective_policy(org, on)
        policy = {
            "on": effective.on,
            "profile_name": effective.profile_name,
            "items": [
                {"key": i.key, "label": str(i.label), "group": str(i.group), "value": i.value, "display": i.display, "source": i.source}
                for i in effective.items()
            ],
        }
    return _fields(org) | {"path_names": names, "policy": policy}


# ---- writes (issue 13): create an org (a province under the national federation with its profile),
# give a province its profile, enable / disable. The same services as the pages.


class OrgCreateIn(Strict):
    parent_id: int = Field(..., ge=1, le=MAX_ID, description="上级组织")
    level: int = Field(..., ge=0, le=4, description="1 省级，2 市级，3 县级，4 乡镇（街道）级")
    name: str = Field(..., max_length=100)
    kind: str = Field("", max_length=16, description="留空按层级取默认类型")
    region_code: str = Field("", max_length=12)
    union_count: int = Field(0, ge=0, le=2**31 - 1)
    member_count: int = Field(0, ge=0, le=2**31 - 1)
    policy_profile: str = Field("", max_length=32, description="只在省级组织填写：政策配置代码，如 hebei")


class ProfileIn(Strict):
    policy_profile: str = Field(..., min_length=1, max_length=32, description="政策配置代码，如 hebei")


class ActiveIn(Strict):
    active: bool


def _profile_by_code(code: str):
    from django.core.exceptions import ValidationError

    from .models import PolicyProfile

    profile = PolicyProfile.objects.filter(code=code).order_by("-effective_from").first()
    if profile is None:
        raise ValidationError({"policy_profile": [gettext("没有代码为“%(code)s”的政策配置") % {"code": code}]})
    return profile


def _detail_of(request, org_id: int) -> dict:
    return org_detail(request, id=org_id, on=None)


@router.post("", response={201: OrgDetail}, summary="新增组织（全国总工会之下新增省级组织时须给出适用政策）", url_name="org_create")
def org_create(request, body: OrgCreateIn):
    from ninja import Status

    from . import services

    _require(request, "org.manage")
    parent = get_object_or_404(selectors.org_list_visible_to(request.user), pk=body.parent_id)
    data = body.model_dump(exclude={"parent_id", "level", "policy_profile"})
    if body.policy_profile:
        data["policy_profile"] = _profile_by_code(body.policy_profile)
    org = services.org_create(by=request.user, parent=parent, level=body.level, data=data)
    return Status(201, _detail_of(request, org.pk))


@router.post(
    "/{id}/profile",
    response=OrgDetail,
    summary="设置省级组织的适用政策（由上一级的系统管理员设置）",
    url_name="org_profile",
    openapi_extra=documented_body(ProfileIn),
)
def org_profile(request, id: int = Path(..., ge=1, le=MAX_ID)):
    from . import services

    _require(request, "org.manage")
    org = get_object_or_404(selectors.org_list_visible_to(request.user), pk=id)
    body = parse_body(request, ProfileIn)
    services.org_set_profile(by=request.user, org=org, profile=_profile_by_code(body.policy_profile))
    return _detail_of(request, org.pk)


@router.post(
    "/{id}/active",
    response=OrgDetail,
    summary="启用或停用组织",
    url_name="org_active",
    openapi_extra=documented_body(ActiveIn),
)
def org_active(request, id: int = Path(..., ge=1, le=MAX_ID)):
    from . import services

    _require(request, "org.manage")
    org = get_object_or_404(selectors.org_list_visible_to(request.user).select_related("parent"), pk=id)
    body = parse_body(request, ActiveIn)
    services.org_set_active(by=request.user, org=org, active=body.active)
    return _detail_of(request, org.pk)
