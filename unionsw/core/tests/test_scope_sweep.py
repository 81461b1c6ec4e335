"""For every URL and API route that takes an object id: a user of another county gets 404.

Each app lists its routes in `<app>/tests/sweep.py` (ROUTES: name -> kwargs for an object of county A;
EXEMPT: name -> why the route is not object-scoped). A route missing from both fails the first test, so
a new route cannot skip the sweep. The intruder holds every permission in the platform, scoped to
county B, so a 403 from a missing permission cannot hide a leak.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import build_world, make_user, shared_world_transaction


def _sweep_modules():
    """Every `<app>/tests/sweep*.py` module (sweep.py for pages, sweep_api.py for API routes…)."""
    for app in settings.INSTALLED_APPS:
        if not app.startswith("unionsw."):
            continue
        folder = Path(importlib.import_module(app).__file__).parent / "tests"
        for file in sorted(folder.glob("sweep*.py")):
            yield importlib.import_module(f"{app}.tests.{file.stem}")


def _registries():
    routes, exempt = {}, {}
    for module in _sweep_modules():
        routes.update(getattr(module, "ROUTES", {}))
        exempt.update(getattr(module, "EXEMPT", {}))
    return routes, exempt


ROUTES, EXEMPT = _registries()


def _object_routes(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or ""
            yield from _object_routes(p, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(p, URLPattern) and p.name and p.pattern.converters:
            yield f"{namespace}{p.name}"
        elif isinstance(p, URLPattern) and p.name and "{" not in str(p.pattern) and "<" in str(p.pattern):
            yield f"{namespace}{p.name}"


def test_every_object_route_is_in_the_sweep():
    missing = sorted(set(_object_routes()) - set(ROUTES) - set(EXEMPT))
    assert not missing, f"routes taking an object id but absent from every tests/sweep.py: {missing}"


def prepare_sweep_world(world):
    """Objects of county A that some routes need, made through the services."""
    from unionsw.workers.services import document_upload

    world.document_a = document_upload(
        by=world.county_a_admin,
        worker=world.worker_a,
        kind="other",
        title="材料",
        upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
    )
    for module in _sweep_modules():
        if hasattr(module, "prepare"):
            module.prepare(world)
    return world


@pytest.fixture
def sweep_world(world, settings, tmp_path):
    """The same objects for one test (tests that write, such as the date-form crawler)."""
    settings.MEDIA_ROOT = tmp_path
    return prepare_sweep_world(world)


@dataclass
class Sweep:
    world: object
    intruder: object
    media: Path


@pytest.fixture(scope="module")
def sweep(django_db_setup, django_db_blocker, tmp_path_factory):
    """County A's objects that the routes need (made through the services) and the intruder, built once
    for the module: each test runs in a savepoint of the module's transaction, so a route that wrongly
    wrote would still leave the next test the same rows."""
    from django.test import override_settings

    from unionsw.accounts.models import DataScope, Role
    from unionsw.accounts.permissions import all_permissions
    from unionsw.core import counts

    media = tmp_path_factory.mktemp("sweep-media")
    with override_settings(MEDIA_ROOT=media, AUDIT_CHECKPOINT_FILE=""), shared_world_transaction(django_db_blocker):
        counts.reset()
        world = prepare_sweep_world(build_world())
        role = Role.objects.create(
            code="intruder",
            name="全权限（他县）",
            data_scope=DataScope.ORG_AND_BELOW,
            permissions=sorted(set(all_permissions()) - {"audit.view", "role.grant", "user.manage"}),
        )
        yield Sweep(world=world, intruder=make_user("intruder", world.county_b, [role]), media=media)


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_another_county_gets_404(name, sweep, db, client, settings):
    settings.MEDIA_ROOT = sweep.media
    intruder = sweep.intruder
    url = reverse(name, kwargs=ROUTES[name](sweep.world))
    headers = {}
    if name.startswith("api:"):
        from unionsw.accounts.api import issue_token

        headers["HTTP_AUTHORIZATION"] = f"Bearer {issue_token(intruder)}"
    else:
        client.force_login(intruder)
    for method in ("get", "post"):
        response = getattr(client, method)(url, **headers)
        assert response.status_code in (404, 405), f"{method.upper()} {url} as county B gave {response.status_code}"
    assert any(getattr(client, m)(url, **headers).status_code == 404 for m in ("get", "post")), url
