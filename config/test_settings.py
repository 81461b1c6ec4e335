"""Test settings: the real settings with a fast password hasher."""

from .settings import *  # noqa: F403

JOBS_SYNC = True  # Excel jobs run inline in tests (core/jobs.py): no threads against the test DB

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
