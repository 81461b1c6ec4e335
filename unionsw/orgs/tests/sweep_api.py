"""Scope-sweep entries for the orgs API (see core/tests/test_scope_sweep.py)."""

ROUTES = {
    "api:org_detail": lambda w: {"id": w.county_a.pk},
}

EXEMPT: dict[str, str] = {}
