"""API routes of activity for the scope sweep (objects prepared in tests/sweep.py)."""

ROUTES = {
    "api:volunteer_participants": lambda w: {"activity_id": w.activity_a.pk},
    "api:honour_add": lambda w: {"worker_id": w.worker_a.pk},
    "api:selection_nominate": lambda w: {"selection_id": w.selection_a.pk},
    "api:selection_advance": lambda w: {"selection_id": w.selection_a.pk},
    "api:nomination_review": lambda w: {"nomination_id": w.nomination_a.pk},
    "api:objection_raise": lambda w: {"nomination_id": w.nomination_a.pk},
    "api:objection_resolve": lambda w: {"objection_id": w.objection_a.pk},
    "api:part_time_add": lambda w: {"worker_id": w.worker_a.pk},
}

EXEMPT: dict[str, str] = {}
