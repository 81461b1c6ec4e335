# The Celery app is loaded with Django so that `job_enqueue` sends tasks through the configured broker.
from .celery import app as celery_app

__all__ = ["celery_app"]
