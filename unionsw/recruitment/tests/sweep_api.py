"""API routes of recruitment for the scope sweep (objects of county A, see sweep.prepare)."""

_R, _A, _P = (lambda w: {"pk": w.rec_round.pk}), (lambda w: {"pk": w.rec_app.pk}), (lambda w: {"pk": w.rec_plan.pk})

ROUTES = {
    **{f"api:recruitment_plan{s}": _P for s in ("", "_announce", "_approve", "_file", "_propose", "_return")},
    **{
        f"api:recruitment_round{s}": _R
        for s in (
            "",
            "_applications",
            "_close",
            "_interview",
            "_judges",
            "_publicity",
            "_rank",
            "_review_auto",
            "_scores",
            "_stats",
            "_waiting_offer",
            "_written",
        )
    },
    **{f"api:recruitment_application{s}": _A for s in ("", "_check", "_file", "_hire", "_objection", "_review", "_score")},
    "api:recruitment_objection_resolve": lambda w: {"pk": w.rec_objection.pk},
    "api:recruitment_exam_body_update": lambda w: {"pk": w.rec_exam_body.pk},
}
EXEMPT: dict[str, str] = {}

# The core sweep authenticates API calls with accounts.api.issue_token, which the API work adds; until
# then these routes are swept by recruitment/tests/test_api.py (same intruder, same 404 expectation).
try:
    from unionsw.accounts.api import issue_token  # noqa: F401
except ImportError:
    EXEMPT = {name: "swept by recruitment/tests/test_api.py until accounts.api.issue_token lands" for name in ROUTES}
    ROUTES = {}
