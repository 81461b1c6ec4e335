"""API routes of training for the scope sweep (objects prepared in tests/sweep.py)."""

ROUTES = {
    "api:training_session_create": lambda w: {"plan_id": w.plan_a.pk},
    "api:training_session": lambda w: {"session_id": w.session_a.pk},
    "api:training_enrol": lambda w: {"session_id": w.session_a.pk},
    "api:training_attendance": lambda w: {"session_id": w.session_a.pk},
    "api:training_signin": lambda w: {"session_id": w.session_a.pk},
    "api:training_worker": lambda w: {"worker_id": w.worker_a.pk},
    "api:training_join": lambda w: {"session_id": w.session_a.pk},
    "api:training_signin_open": lambda w: {"session_id": w.session_a.pk},
    "api:training_exam": lambda w: {"worker_id": w.worker_a.pk},
}

EXEMPT: dict[str, str] = {}
