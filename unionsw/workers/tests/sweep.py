"""Scope-sweep entries for this app: route name -> kwargs of an object that belongs to county A.

The sweep test (core/tests/test_scope_sweep.py) requests each of them as an all-powerful user of
county B and expects 404. Every route that takes an object id must appear here or in EXEMPT.
"""

ROUTES = {
    "workers:detail": lambda w: {"pk": w.worker_a.pk},
    "workers:edit": lambda w: {"pk": w.worker_a.pk},
    "workers:reveal": lambda w: {"pk": w.worker_a.pk, "field": "id_number"},
    "workers:file": lambda w: {"pk": w.worker_a.pk},
    "workers:document_upload": lambda w: {"pk": w.worker_a.pk},
    "workers:document_download": lambda w: {"pk": w.document_a.pk},
}

EXEMPT: dict[str, str] = {}
