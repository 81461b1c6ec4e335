"""Shared set-up for the benchmark scripts: point Django at the dedicated `bench` database.

DATABASE_URL names the PostgreSQL server (as `make test-pg` does); the benchmark always works in
the database named by BENCH_DB (default `bench`) on that server, never in the one in the URL, so it
cannot touch the test or development data.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "out"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/test"


def bench_url() -> str:
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        raise SystemExit(f"The benchmark needs PostgreSQL; DATABASE_URL is {url!r}")
    return urlunsplit(parts._replace(path="/" + os.environ.get("BENCH_DB", "bench")))


def admin_dsn() -> str:
    """A libpq URL for the server's maintenance database (to create or drop the bench database)."""
    parts = urlsplit(bench_url())
    return urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))


def db_name() -> str:
    return urlsplit(bench_url()).path.lstrip("/")


def ensure_database(*, reset: bool = False) -> bool:
    """Create the bench database if missing (drop it first when `reset`). True if it was created."""
    import psycopg

    name = db_name()
    if not name.replace("_", "").isalnum():
        raise SystemExit(f"Refusing odd database name {name!r}")
    with psycopg.connect(admin_dsn(), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None
        if exists and reset:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = False
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
        return not exists


def setup_django(*, debug: bool = False) -> None:
    """Configure Django for the bench database. DEBUG is off by default, as in production."""
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = bench_url()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEBUG"] = "true" if debug else "false"
    os.environ.setdefault("AXES_ENABLED", "false")
    import django

    django.setup()


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
