"""Scope-sweep entries for pay (see core/tests/test_scope_sweep.py): objects of county A."""

from datetime import date


def prepare(world):
    from unionsw.pay import examples, runs, services

    examples.install(by=world.county_a_admin, org=world.county_a)
    from unionsw.pay.models import Allowance, ContributionTable, PayTable

    world.pay_table_a = PayTable.objects.get(org=world.county_a)
    world.contribution_a = ContributionTable.objects.get(org=world.county_a)
    world.allowance_a = Allowance.objects.get(org=world.county_a)
    services.performance_ratio_set(by=world.county_a_admin, org=world.county_a, year=2026, ratio="80%", reason="测试")
    services.grade_set(by=world.county_a_admin, worker=world.worker_a, level=10, effective_from=date(2022, 3, 1), reason="测试")
    world.run_a = runs.run_compute(
        by=world.county_a_admin, run=runs.run_open(by=world.county_a_admin, org=world.county_a, month=date(2026, 1, 1))
    )
    world.line_a = world.run_a.lines.get(worker=world.worker_a)


ROUTES = {
    "pay:run": lambda w: {"pk": w.run_a.pk},
    "pay:run_act": lambda w: {"pk": w.run_a.pk},
    "pay:run_xlsx": lambda w: {"pk": w.run_a.pk},
    "pay:run_slips": lambda w: {"pk": w.run_a.pk},
    "pay:run_transfer_xlsx": lambda w: {"pk": w.run_a.pk},
    "pay:run_declaration_xlsx": lambda w: {"pk": w.run_a.pk},
    "pay:table": lambda w: {"pk": w.pay_table_a.pk},
    "pay:contribution": lambda w: {"pk": w.contribution_a.pk},
    "pay:allowance_end": lambda w: {"pk": w.allowance_a.pk},
    "pay:worker": lambda w: {"pk": w.worker_a.pk},
    "pay:slip": lambda w: {"pk": w.line_a.pk},
    "pay:slip_pdf": lambda w: {"pk": w.line_a.pk},
}

EXEMPT: dict[str, str] = {}
