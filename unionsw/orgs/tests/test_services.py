from datetime import date

import pytest
from django.core.exceptions import ValidationError

from unionsw.core.errors import NotAllowed, OutOfScope, StaleVersion
from unionsw.core.models import AuditEvent
from unionsw.orgs.models import Org, OrgKind, OrgLevel, PolicyOverride
from unionsw.orgs.services import org_create, org_move, org_set_active, org_update, policy_override_add

pytestmark = pytest.mark.django_db


def street(by, parent, name="新建街道工会", **extra):
    return org_create(by=by, parent=parent, level=OrgLevel.TOWNSHIP, data={"name": name, "kind": "street", **extra})


def messages_of(exc) -> str:
    return "；".join(exc.value.messages)


# ---- create -----------------------------------------------------------------------------------


def test_it_creates_a_child_with_its_path_and_audits_it(world, sysadmin):
    org = street(sysadmin, world.county_a, union_count=210, member_count=5000)
    assert org.path == f"{world.county_a.path}{org.pk}/" and org.parent == world.county_a
    assert AuditEvent.objects.filter(action="org.create", target_id=str(org.pk), actor=sysadmin).exists()


def test_it_refuses_a_child_below_township_level(world, sysadmin):
    with pytest.raises(ValidationError) as exc:
        street(sysadmin, world.street_a)
    assert "下级组织的层级须低于上级（乡镇（街道）级）" in messages_of(exc)
    assert not Org.objects.filter(name="新建街道工会").exists()


def test_it_refuses_a_street_directly_under_a_city_but_allows_a_city_direct_unit(world, sysadmin):
    with pytest.raises(ValidationError):
        street(sysadmin, world.city_a)
    unit = org_create(
        by=sysadmin, parent=world.city_a, level=OrgLevel.TOWNSHIP, data={"name": "市直属单位", "kind": OrgKind.CITY_DIRECT}
    )
    assert unit.parent == world.city_a


def test_a_child_created_without_a_kind_gets_the_usual_kind_of_its_place(world, sysadmin):
    def create(parent, level):
        return org_create(by=sysadmin, parent=parent, level=level, data={"name": f"无类型{level}"})

    assert create(world.county_a, OrgLevel.TOWNSHIP).kind == OrgKind.TOWNSHIP
    assert create(world.city_a, OrgLevel.TOWNSHIP).kind == OrgKind.CITY_DIRECT
    assert create(world.city_a, OrgLevel.COUNTY).kind == OrgKind.FEDERATION


def test_it_refuses_a_child_under_a_disabled_org(world, sysadmin):
    org_set_active(by=sysadmin, org=world.street_a2, active=False)
    county = Org.objects.get(pk=world.county_a.pk)
    Org.objects.filter(pk=county.pk).update(is_active=False)
    county.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        street(sysadmin, county)
    assert "已停用" in messages_of(exc)


def test_the_level_check_used_by_the_excel_import_still_exists(world):
    from unionsw.orgs.services import _check_level

    _check_level(OrgLevel.TOWNSHIP, world.county_a)
    with pytest.raises(ValidationError, match="须低于上级"):
        _check_level(OrgLevel.CITY, world.county_a)


def test_it_refuses_bad_region_codes_and_negative_counts(world, sysadmin):
    with pytest.raises(ValidationError) as exc:
        street(sysadmin, world.county_a, region_code="37010", union_count=-1)
    assert set(exc.value.message_dict) == {"region_code", "union_count"}


def test_county_admins_may_not_manage_orgs(world):
    with pytest.raises(NotAllowed):
        street(world.county_a_admin, world.county_a)


def test_a_sysadmin_of_another_county_may_not_add_here(world, county_b_sysadmin):
    with pytest.raises(OutOfScope):
        street(county_b_sysadmin, world.county_a)
    assert street(county_b_sysadmin, world.county_b).parent == world.county_b


# ---- update -----------------------------------------------------------------------------------


def test_it_updates_with_the_current_version_and_audits_the_fields(world, sysadmin):
    org = world.street_a
    org_update(by=sysadmin, org=org, data={"name": "解放路街道总工会", "member_count": 3100}, version=org.version)
    org.refresh_from_db()
    assert (org.name, org.member_count, org.version) == ("解放路街道总工会", 3100, 2)
    event = AuditEvent.objects.get(action="org.update", target_id=str(org.pk))
    assert event.detail["fields"] == ["member_count", "name"]


def test_it_refuses_a_stale_version_and_changes_nothing(world, sysadmin):
    org = world.street_a
    org_update(by=sysadmin, org=Org.objects.get(pk=org.pk), data={"member_count": 3100}, version=1)
    with pytest.raises(StaleVersion) as exc:
        org_update(by=sysadmin, org=Org.objects.get(pk=org.pk), data={"name": "旧表单"}, version=1)
    assert "已被其他人修改" in messages_of(exc)
    org.refresh_from_db()
    assert org.name == "解放路街道工会" and org.member_count == 3100 and org.version == 2


def test_it_refuses_a_kind_the_level_does_not_allow(world, sysadmin):
    with pytest.raises(ValidationError) as exc:
        org_update(by=sysadmin, org=world.street_a, data={"kind": OrgKind.CITY_DIRECT}, version=1)
    assert "kind" in exc.value.message_dict
    world.street_a.refresh_from_db()
    assert world.street_a.kind == OrgKind.STREET and world.street_a.version == 1


# ---- move -------------------------------------------------------------------------------------


def test_it_moves_a_subtree_and_rewrites_every_path(world, sysadmin):
    org_move(by=sysadmin, org=world.county_a, new_parent=world.city_b)
    county = Org.objects.get(pk=world.county_a.pk)
    child = Org.objects.get(pk=world.street_a.pk)
    assert county.parent == world.city_b and county.path == f"{world.city_b.path}{county.pk}/"
    assert child.path == f"{county.path}{child.pk}/"
    assert AuditEvent.objects.get(action="org.move").detail == {"from": "济南市总工会", "to": "青岛市总工会"}


@pytest.mark.parametrize("target", ["county_a", "street_a"])
def test_it_refuses_a_move_into_itself_or_its_own_subtree(world, sysadmin, target):
    with pytest.raises(ValidationError) as exc:
        org_move(by=sysadmin, org=world.county_a, new_parent=getattr(world, target))
    assert "不能把组织移动到它自己或它的下级组织之下" in messages_of(exc)
    assert Org.objects.get(pk=world.county_a.pk).parent == world.city_a


def test_it_refuses_a_move_that_breaks_the_levels(world, sysadmin):
    with pytest.raises(ValidationError) as exc:
        org_move(by=sysadmin, org=world.street_a, new_parent=world.province)
    assert "省级组织之下不能设乡镇（街道）级组织" in messages_of(exc)
    with pytest.raises(ValidationError) as exc:
        org_move(by=sysadmin, org=world.street_a, new_parent=world.city_a)  # a street is not a city-direct unit
    assert "只能是" in messages_of(exc)


def test_it_refuses_a_move_to_the_same_parent_a_disabled_parent_or_of_the_root(world, sysadmin):
    with pytest.raises(ValidationError, match="已经在"):
        org_move(by=sysadmin, org=world.street_a, new_parent=world.county_a)
    Org.objects.filter(pk=world.county_b.pk).update(is_active=False)
    with pytest.raises(ValidationError, match="已停用"):
        org_move(by=sysadmin, org=world.street_a, new_parent=Org.objects.get(pk=world.county_b.pk))
    with pytest.raises(ValidationError, match="不能移动"):
        org_move(by=sysadmin, org=world.province, new_parent=world.city_a)


def test_a_county_sysadmin_may_not_move_an_org_out_of_its_scope(world, county_b_sysadmin):
    with pytest.raises(OutOfScope):
        org_move(by=county_b_sysadmin, org=world.street_b, new_parent=world.county_a)


# ---- disable / enable -------------------------------------------------------------------------


def test_it_refuses_to_disable_an_org_with_active_children(world, sysadmin):
    with pytest.raises(ValidationError, match="还有启用的下级组织"):
        org_set_active(by=sysadmin, org=world.county_a, active=False)
    assert Org.objects.get(pk=world.county_a.pk).is_active


def test_it_refuses_to_disable_an_org_with_active_workers(world, sysadmin):
    with pytest.raises(ValidationError, match="还有在岗社工"):
        org_set_active(by=sysadmin, org=world.street_a, active=False)
    assert Org.objects.get(pk=world.street_a.pk).is_active


def test_a_worker_who_left_does_not_block_disabling(world, sysadmin):
    from unionsw.workers.models import Worker

    Worker.objects.filter(pk=world.worker_a.pk).update(status="resigned", left_on=date(2024, 1, 1))
    org_set_active(by=sysadmin, org=world.street_a, active=False)
    assert not Org.objects.get(pk=world.street_a.pk).is_active


def test_it_disables_and_enables_a_leaf_and_audits_both(world, sysadmin):
    org_set_active(by=sysadmin, org=world.street_a2, active=False)
    assert not Org.objects.get(pk=world.street_a2.pk).is_active
    with pytest.raises(ValidationError, match="已经是停用状态"):
        org_set_active(by=sysadmin, org=world.street_a2, active=False)
    org_set_active(by=sysadmin, org=Org.objects.get(pk=world.street_a2.pk), active=True)
    assert list(AuditEvent.objects.filter(target_id=str(world.street_a2.pk)).order_by("id").values_list("action", flat=True)) == [
        "org.disable",
        "org.enable",
    ]


def test_it_refuses_to_enable_under_a_disabled_parent(world, sysadmin):
    leaf = street(sysadmin, world.county_b, name="临时街道工会")
    org_set_active(by=sysadmin, org=leaf, active=False)
    Org.objects.filter(pk=world.county_b.pk).update(is_active=False)
    with pytest.raises(ValidationError, match="请先启用上级组织"):
        org_set_active(by=sysadmin, org=Org.objects.get(pk=leaf.pk), active=True)


# ---- policy overrides -------------------------------------------------------------------------


def override(world, **kw):
    args = {
        "by": world.province_admin,
        "org": world.city_b,
        "key": "contract_sign_limit_months",
        "value": 1,
        "effective_from": date(2018, 1, 1),
        "source": "青岛市总工会文件",
    } | kw
    return policy_override_add(**args)


def test_it_adds_an_override_and_audits_it(world):
    ov = override(world)
    assert PolicyOverride.objects.get(pk=ov.pk).value == 1
    assert AuditEvent.objects.get(action="policy.override").detail["key"] == "contract_sign_limit_months"


@pytest.mark.parametrize(
    "change, field",
    [
        ({"value": "一个月"}, "value"),
        ({"value": None}, "value"),
        ({"key": "no_such_rule"}, "key"),
        ({"source": "  "}, "source"),
        ({"source": "依" * 301}, "source"),
        ({"effective_from": None}, "effective_from"),
    ],
)
def test_it_refuses_a_bad_override_and_saves_nothing(world, change, field):
    with pytest.raises(ValidationError) as exc:
        override(world, **change)
    assert field in exc.value.message_dict
    assert not PolicyOverride.objects.exists()


def test_it_refuses_a_second_override_of_the_same_rule_on_the_same_day(world):
    override(world)
    with pytest.raises(ValidationError) as exc:
        override(world, value=2)
    assert "同一生效日期已有调整" in messages_of(exc)
    assert override(world, value=2, effective_from=date(2019, 1, 1)).value == 2


def test_only_policy_managers_in_scope_may_override(world):
    with pytest.raises(NotAllowed):
        override(world, by=world.county_a_admin, org=world.county_a)
    from conftest import make_user

    county_b_policy = make_user("county_b_policy", world.county_b, [world.roles["province_admin"]])
    with pytest.raises(OutOfScope):
        override(world, by=county_b_policy, org=world.county_a)
