"""Scope-sweep entries for the orgs API (see core/tests/test_scope_sweep.py)."""

ROUTES = {
    "api:org_detail": lambda w: {"id": w.county_a.pk},
    "api:org_profile": lambda w: {"id": w.province.pk},
    "api:org_active": lambda w: {"id": w.street_a2.pk},
}

EXEMPT: dict[str, str] = {}
