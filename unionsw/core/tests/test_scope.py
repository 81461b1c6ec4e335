import pytest

from unionsw.accounts.models import DataScope, Role
from unionsw.core.scope import visible_orgs
from unionsw.workers.selectors import worker_list_visible_to


def names(qs):
    return sorted(w.name for w in qs)


@pytest.mark.django_db
def test_each_actor_sees_exactly_their_part_of_the_tree(world):
    assert names(worker_list_visible_to(world.province_admin)) == ["张三", "李四"]
    assert names(worker_list_visible_to(world.city_admin)) == ["张三"]
    assert names(worker_list_visible_to(world.county_a_admin)) == ["张三"]
    assert names(worker_list_visible_to(world.county_b_admin)) == ["李四"]
    assert names(worker_list_visible_to(world.township_admin)) == ["张三"]
    assert names(worker_list_visible_to(world.worker_a_user)) == ["张三"]


@pytest.mark.django_db
def test_org_only_does_not_reach_children(world):
    role = Role.objects.create(code="only", name="仅本组织", data_scope=DataScope.ORG_ONLY, permissions=["worker.view"])
    world.county_a_admin.roles.set([role])
    user = type(world.county_a_admin).objects.get(pk=world.county_a_admin.pk)
    assert names(worker_list_visible_to(user)) == []  # the worker sits in a street below the county
    assert list(visible_orgs(user)) == [world.county_a]


@pytest.mark.django_db
def test_roles_combine_by_union(world):
    user = world.worker_a_user
    extra = Role.objects.create(code="b", name="B县", data_scope=DataScope.ORG_AND_BELOW, permissions=[])
    user.roles.add(extra)
    user.org = world.county_b
    user.save()
    user = type(user).objects.get(pk=user.pk)
    assert names(worker_list_visible_to(user)) == ["张三", "李四"]  # SELF ∪ 市南区


@pytest.mark.django_db
def test_an_unresolvable_scope_yields_nothing(world):
    user = world.county_a_admin
    user.org = None
    user.save()
    user = type(user).objects.get(pk=user.pk)
    assert names(worker_list_visible_to(user)) == []
    assert list(visible_orgs(user)) == []


@pytest.mark.django_db
def test_inactive_users_see_nothing(world):
    world.province_admin.is_active = False
    assert names(worker_list_visible_to(world.province_admin)) == []
