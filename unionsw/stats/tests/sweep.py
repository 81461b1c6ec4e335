"""Scope-sweep entries for stats (see core/tests/test_scope_sweep.py)."""


def prepare(world):
    from unionsw.stats.models import FilingSubmission

    world.submission_a = FilingSubmission.objects.create(org=world.county_a)
    world.submission_a.workers.set([world.worker_a])


ROUTES = {
    "stats:filing_return": lambda w: {"pk": w.submission_a.pk},
}

EXEMPT: dict[str, str] = {}
