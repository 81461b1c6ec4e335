"""API routes of the assessment app for the scope sweep (objects prepared in tests/sweep.py)."""

ROUTES = {
    "api:assessment_lots": lambda w: {"round_id": w.round_a.pk},
    "api:assessment_score": lambda w: {"entry_id": w.entry_a.pk},
    "api:assessment_round": lambda w: {"round_id": w.round_a.pk},
    "api:assessment_lots_commit": lambda w: {"round_id": w.round_a.pk},
    "api:assessment_lots_draw": lambda w: {"round_id": w.round_a.pk},
    "api:assessment_components": lambda w: {"entry_id": w.entry_a.pk},
    "api:assessment_proposal": lambda w: {"round_id": w.round_a.pk},
    "api:assessment_confirm": lambda w: {"round_id": w.round_a.pk, "county_id": w.county_a.pk},
    "api:assessment_publish": lambda w: {"round_id": w.round_a.pk},
}

EXEMPT = {
    "api:assessment_cert_register": "the sweep world is Shandong (no certification round); the scope of this route is "
    "tested in test_certification.py::test_cert_register_api_is_scoped",
}
