"""The Celery application of the job queue (core/jobs.py).

    celery -A config worker -l info        # `make worker`

Settings come from config/settings.py (the CELERY_* names). With no broker configured the tasks run
eagerly in the calling process, so `make run` needs no worker.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("unionsw")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["unionsw.core"], related_name="jobs")
