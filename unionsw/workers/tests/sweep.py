"""Scope-sweep entries for this app: route name -> kwargs of an object that belongs to county A.

The sweep test (core/tests/test_scope_sweep.py) requests each of them as an all-powerful user of
county B and expects 404. Every route that takes an object id must appear here or in EXEMPT.
"""

def prepare(world):
    from datetime import date

    from unionsw.workers.services import certificate_add

    world.certificate_a = certificate_add(
        by=world.county_a_admin, worker=world.worker_a, level="assistant", issued_on=date(2021, 6, 1), number="A1"
    )


ROUTES = {
    "workers:detail": lambda w: {"pk": w.worker_a.pk},
    "workers:edit": lambda w: {"pk": w.worker_a.pk},
    "workers:reveal": lambda w: {"pk": w.worker_a.pk, "field": "id_number"},
    "workers:file": lambda w: {"pk": w.worker_a.pk},
    "workers:document_upload": lambda w: {"pk": w.worker_a.pk},
    "workers:document_download": lambda w: {"pk": w.document_a.pk},
    "workers:certificate_new": lambda w: {"pk": w.worker_a.pk},
    "workers:certificate_edit": lambda w: {"pk": w.certificate_a.pk},
    "workers:certificate_end": lambda w: {"pk": w.certificate_a.pk},
    "workers:certificate_review": lambda w: {"pk": w.certificate_a.pk},
}

EXEMPT: dict[str, str] = {}
