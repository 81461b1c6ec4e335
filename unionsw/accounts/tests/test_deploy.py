"""`manage.py check --deploy` is clean under production settings (SPEC §14)."""

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _production_env(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_", "DEBUG"))}
    env.update(
        DJANGO_ENV="production",
        DJANGO_SETTINGS_MODULE="config.settings",
        SECRET_KEY=secrets.token_urlsafe(60),
        FIELD_ENCRYPTION_KEY=base64.b64encode(os.urandom(32)).decode(),
        ALLOWED_HOSTS="gh.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    )
    env.update(extra)
    return env


def _check(env):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_in_production(tmp_path):
    result = _check(_production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_its_secrets(tmp_path):
    env = _production_env(tmp_path)
    del env["SECRET_KEY"]
    result = _check(env)
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_the_check_would_catch_an_insecure_production_setting(tmp_path):
    result = _check(_production_env(tmp_path, SECURE_SSL_REDIRECT="false"))
    assert result.returncode != 0 and "security.W008" in (result.stdout + result.stderr)
