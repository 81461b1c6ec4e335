"""API routes of activity for the scope sweep (objects prepared in tests/sweep.py)."""

ROUTES = {
    "api:volunteer_participants": lambda w: {"activity_id": w.activity_a.pk},
    "api:honour_add": lambda w: {"worker_id": w.worker_a.pk},
    "api:selection_nominate": lambda w: {"selection_id": w.selection_a.pk},
}

EXEMPT: dict[str, str] = {}
