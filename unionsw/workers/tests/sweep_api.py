"""Scope-sweep entries for the workers API (see core/tests/test_scope_sweep.py): every API route
that takes a worker id, as an object of county A."""

ROUTES = {
    "api:worker_get": lambda w: {"id": w.worker_a.pk},
    "api:worker_update": lambda w: {"id": w.worker_a.pk},
    "api:worker_reveal": lambda w: {"id": w.worker_a.pk},
    "api:worker_file": lambda w: {"id": w.worker_a.pk},
    "api:certificate_list": lambda w: {"id": w.worker_a.pk},
    "api:certificate_create": lambda w: {"id": w.worker_a.pk},
    "api:certificate_get": lambda w: {"id": w.certificate_a.pk},
    "api:certificate_update": lambda w: {"id": w.certificate_a.pk},
    "api:certificate_end": lambda w: {"id": w.certificate_a.pk},
    "api:certificate_review": lambda w: {"id": w.certificate_a.pk},
}

EXEMPT: dict[str, str] = {}
