"""Named actors shared by every app's tests (healthchecks style).

A small two-city province on the Shandong profile, built through the real services:
- county_a_admin manages 历下区 (济南); county_b_admin manages 市南区 (青岛), a county in the other city;
- city_admin manages 济南; province_admin the whole province; township_admin one street of 历下区;
- worker_a is a worker of 历下区 with a self-service account; worker_b a worker of 市南区.
"""

from __future__ import annotations

import contextlib
import itertools
import os
from dataclasses import dataclass
from datetime import date

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from unionsw.core import idnumber

# Property tests check properties, not speed: on a shared 2-core CI machine Hypothesis's timing checks
# (deadline, too_slow) fail by load alone. Targets live in benchmarks (make bench), never in timed tests.
hypothesis_settings.register_profile("unionsw", deadline=None, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.load_profile("unionsw")

# Real-browser fixtures (browser, anon_page, page_as) for every app's browser tests.
pytest_plugins = ["unionsw.browser_tests.fixtures"]


def pytest_sessionstart(session):
    """REQUIRE_POSTGRES=1 (make test-pg, CI): no PostgreSQL is a failure of the whole run, said once,
    before any test starts (checked in the xdist controller, not in each worker)."""
    if os.environ.get("REQUIRE_POSTGRES") != "1" or hasattr(session.config, "workerinput"):
        return
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        raise pytest.UsageError("REQUIRE_POSTGRES=1 but DATABASE_URL is not PostgreSQL")
    try:
        psycopg.connect(
            dbname="postgres",
            user=db.get("USER") or None,
            password=db.get("PASSWORD") or None,
            host=db.get("HOST") or None,
            port=db.get("PORT") or None,
            connect_timeout=5,
        ).close()
    except psycopg.OperationalError as exc:
        where = f"{db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}"
        raise pytest.UsageError(f"REQUIRE_POSTGRES=1 but PostgreSQL at {where} is unreachable: {exc}".strip()) from None


@dataclass
class World:
    province: object
    city_a: object
    city_b: object
    county_a: object
    county_b: object
    street_a: object
    street_a2: object
    street_b: object
    province_admin: object
    city_admin: object
    county_a_admin: object
    county_b_admin: object
    township_admin: object
    worker_a: object
    worker_b: object
    worker_a_user: object
    roles: dict


_seq = itertools.count(100)


def make_id(region: str = "370102", born: date = date(1990, 5, 17)) -> str:
    """A fresh valid ID number (unique within the test process) with exactly the birth date asked for:
    after 1,000 numbers the last two digits of the region code vary instead (only the province prefix
    is validated), so age rules tested at their boundaries stay exact."""
    n = next(_seq)
    if n >= 1000:
        region = f"{region[:4]}{(int(region[4:6]) + n // 1000) % 100:02d}"
    return idnumber.build(region, born, n % 1000)


def worker_data(org, **overrides) -> dict:
    data = {
        "name": "测试社工",
        "id_number": make_id(org.region_code or "370102"),
        "phone": "13812345678",
        "ethnicity": "汉族",
        "political_status": "masses",
        "education": "bachelor",
        "major": "社会工作",
        "employment_mode": "public_hire",
        "org": org,
        "post_title": "组建指导岗",
        "rank": "见习干事",
        "rank_since": None,
        "status": "active",
        "hired_on": date(2022, 3, 1),
        "left_on": None,
    }
    data.update(overrides)
    return data


def make_user(username, org, roles):
    from django.utils import timezone

    from unionsw.accounts.models import User

    user = User.objects.create_user(username=username, password="Passw0rd!x", org=org, display_name=username)
    user.must_change_password = False
    user.password_changed_at = timezone.now()
    user.save()
    user.roles.set(roles)
    return User.objects.get(pk=user.pk)


@pytest.fixture
def world(db) -> World:
    return build_world()


def build_world() -> World:
    """The shared actors, made through the services (the `world` fixture; module-scoped worlds call it
    inside `shared_world_transaction`)."""
    from unionsw.accounts.roles import ensure_builtin_roles
    from unionsw.employment.services import ensure_default_post_kinds
    from unionsw.orgs.models import OrgLevel, PolicyProfile
    from unionsw.orgs.policy_loader import load_policy_profiles
    from unionsw.orgs.services import org_create
    from unionsw.workers.services import worker_create

    load_policy_profiles()
    roles = ensure_builtin_roles()
    # a transactional test (the PostgreSQL race tests, backup/restore) flushes the rows data migrations made
    ensure_default_post_kinds()
    shandong = PolicyProfile.objects.get(code="shandong")

    def org(parent, level, name, code="", **extra):
        return org_create(by=None, parent=parent, level=level, skip_scope=True, data={"name": name, "region_code": code, **extra})

    province = org(None, OrgLevel.PROVINCE, "山东省总工会", "370000", policy_profile=shandong)
    city_a = org(province, OrgLevel.CITY, "济南市总工会", "370100")
    city_b = org(province, OrgLevel.CITY, "青岛市总工会", "370200")
    county_a = org(city_a, OrgLevel.COUNTY, "历下区总工会", "370102")
    county_b = org(city_b, OrgLevel.COUNTY, "市南区总工会", "370202")
    street_a = org(county_a, OrgLevel.TOWNSHIP, "解放路街道工会", kind="street", union_count=120, member_count=3000)
    street_a2 = org(county_a, OrgLevel.TOWNSHIP, "千佛山街道工会", kind="street", union_count=230, member_count=6000)
    street_b = org(county_b, OrgLevel.TOWNSHIP, "八大关街道工会", kind="street", union_count=90, member_count=2000)
    province_admin = make_user("province_admin", province, [roles["province_admin"]])
    w = World(
        province=province,
        city_a=city_a,
        city_b=city_b,
        county_a=county_a,
        county_b=county_b,
        street_a=street_a,
        street_a2=street_a2,
        street_b=street_b,
        province_admin=province_admin,
        city_admin=make_user("city_admin", city_a, [roles["city_admin"]]),
        county_a_admin=make_user("county_a_admin", county_a, [roles["county_admin"]]),
        county_b_admin=make_user("county_b_admin", county_b, [roles["county_admin"]]),
        township_admin=make_user("township_admin", street_a, [roles["township_admin"]]),
        worker_a=None,
        worker_b=None,
        worker_a_user=None,
        roles=roles,
    )
    w.worker_a = worker_create(by=w.county_a_admin, data=worker_data(street_a, name="张三", id_number=make_id("370102")))
    w.worker_b = worker_create(by=w.county_b_admin, data=worker_data(street_b, name="李四", id_number=make_id("370202")))
    w.worker_a_user = make_user("worker_a", street_a, [roles["worker"]])
    from unionsw.workers.models import Worker

    Worker.objects.filter(pk=w.worker_a.pk).update(user=w.worker_a_user)
    w.worker_a.refresh_from_db()
    return w


def host_daily_management(world, on: bool = True) -> None:
    """The world is on the Shandong profile, where the county runs daily management (seed 000); this overrides
    `host_unit_daily_management` for 历下区 (so its streets' admins hold the host-unit actions, as in Jiangsu)."""
    from unionsw.orgs.services import policy_override_add

    policy_override_add(
        by=world.province_admin,
        org=world.county_a,
        key="host_unit_daily_management",
        value=on,
        effective_from=date(2000, 1, 1),
        source="测试：实际用人单位负责日常管理",
    )


@pytest.fixture
def host_daily(world) -> World:
    """`world` where 历下区's host units run their workers' daily management (see host_daily_management)."""
    host_daily_management(world)
    return world


@contextlib.contextmanager
def shared_world_transaction(django_db_blocker):
    """Data built once for a whole module and rolled back after it: an outer transaction around the
    module, so that each test's own transaction (the `db` fixture) is a savepoint inside it and every
    test starts from the same rows. For read-mostly sweeps whose per-test setup would dominate."""
    from django.db import transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def login(client):
    """login(user) → the test client, logged in as that user (OTP already verified when required)."""

    def _login(user):
        client.force_login(user)
        import time

        session = client.session  # as the login view's response does: the idle expiry was just set
        session["_renewed"] = int(time.time())
        session.save()
        if user.requires_otp:
            from django_otp.plugins.otp_totp.models import TOTPDevice

            device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
            session = client.session
            session["otp_device_id"] = device.persistent_id
            session.save()
        return client

    return _login


def pytest_collection_modifyitems(config, items):
    """The scale-out test (unionsw/core/tests/test_scale_out.py) starts real servers on PostgreSQL and Redis:
    it runs only in `make test-scale-out` (SCALE_OUT=1), where missing services fail it. Elsewhere it is
    deselected, not skipped."""
    if os.environ.get("SCALE_OUT") == "1":
        return
    keep, drop = [], []
    for item in items:
        (drop if item.get_closest_marker("scaleout") else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(autouse=True)
def _fresh_list_counts():
    """Cached list counts (core/counts.py) are keyed by SQL: a rolled-back test leaves no signal behind."""
    from unionsw.core import counts

    counts.reset()
    yield


@pytest.fixture(autouse=True)
def _no_audit_checkpoint_file(settings):
    """Audit checkpoints (core/audit.py) are published to a file outside the database; a test database
    is new for every test, so a shared file would describe another database. Tests that check the
    checkpoints point the setting at their own tmp_path."""
    settings.AUDIT_CHECKPOINT_FILE = ""
