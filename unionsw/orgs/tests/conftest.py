import pytest

from conftest import make_user


@pytest.fixture
def sysadmin(world):
    """The province's system administrator: the role that holds org.manage (三员分立)."""
    return make_user("sysadmin", world.province, [world.roles["sysadmin"]])


@pytest.fixture
def county_b_sysadmin(world):
    """A system administrator scoped to county B: may manage orgs, but only there."""
    return make_user("county_b_sysadmin", world.county_b, [world.roles["sysadmin"]])
