"""Serve the portal before config/urls.py mounts it: `manage.py runserver --settings=unionsw.recruitment.tests.portal_settings`."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "unionsw.recruitment.tests.urls"
