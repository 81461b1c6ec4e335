"""Issue 11, finding 7 — the documented restore failed on a freshly migrated database ("目标数据库不是
空的：employment.PostKind", rows a data migration seeds). The backup is restored here into a database
made by `manage.py migrate` in a separate process, on the backend the suite runs on (SQLite, or a new
PostgreSQL database next to the test database)."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from unionsw.workers.models import Worker

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.django_db(transaction=True)


def _manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture
def fresh_database(tmp_path):
    """The URL of a new, empty database on the suite's backend; dropped afterwards."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        yield f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        return
    import psycopg

    name = f"restore_{uuid.uuid4().hex[:12]}"
    auth = {"user": db.get("USER") or None, "password": db.get("PASSWORD") or None, "host": db.get("HOST") or None, "port": db.get("PORT") or None}
    with psycopg.connect(dbname="postgres", autocommit=True, **auth) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    user = f"{db['USER']}{':' + db['PASSWORD'] if db.get('PASSWORD') else ''}@" if db.get("USER") else ""
    yield f"postgres://{user}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **auth) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restores_into_a_freshly_migrated_database(world, settings, tmp_path, fresh_database):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("backup", str(tmp_path / "b.zip"), verbosity=0)
    workers = Worker.objects.count()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(DATABASE_URL=fresh_database, MEDIA_ROOT=str(tmp_path / "media2"), AUDIT_CHECKPOINT_FILE="")
    _manage(env, "migrate", "--no-input", "-v", "0")
    out = _manage(env, "restore", str(tmp_path / "b.zip"))
    assert "已恢复" in out and "审计链完整" in out
    count = _manage(env, "shell", "--no-imports", "-c", "from unionsw.workers.models import Worker; print(Worker.objects.count())")
    assert int(count.strip()) == workers
    # a second restore into the now-used database is still refused
    again = subprocess.run(
        [sys.executable, "manage.py", "restore", str(tmp_path / "b.zip")], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert again.returncode != 0 and "不是空的" in again.stderr
