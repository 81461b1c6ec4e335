"""API routes of the careers app for the scope sweep (objects prepared in tests/sweep.py)."""

ROUTES = {
    "api:careers_propose": lambda w: {"worker_id": w.worker_a.pk},
    "api:careers_decide": lambda w: {"promotion_id": w.promotion_a.pk},
}
