"""API routes of the assessment app for the scope sweep (objects prepared in tests/sweep.py)."""

ROUTES = {
    "api:assessment_lots": lambda w: {"round_id": w.round_a.pk},
    "api:assessment_score": lambda w: {"entry_id": w.entry_a.pk},
}
