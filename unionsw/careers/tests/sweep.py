"""Scope-sweep entries for careers (see core/tests/test_scope_sweep.py)."""

from datetime import date


def prepare(world):
    from unionsw.careers.models import Promotion

    world.promotion_a = Promotion.objects.create(worker=world.worker_a, from_rank="见习干事", to_rank="初级干事")
    _ = date


ROUTES = {
    "careers:propose": lambda w: {"pk": w.worker_a.pk},
    "careers:worker": lambda w: {"pk": w.worker_a.pk},
    "careers:decide": lambda w: {"pk": w.promotion_a.pk},
}

EXEMPT: dict[str, str] = {}
