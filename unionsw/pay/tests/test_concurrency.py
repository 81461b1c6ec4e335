"""Two approvers press 审批 on the same run at the same moment: exactly one wins, the other gets a 409-class
Conflict in Chinese. On PostgreSQL two real threads race on the row lock; SQLite serialises whole-database
writes, so there the stale-version case in test_runs.py / test_views.py stands in for it."""

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from unionsw.pay import runs
from unionsw.pay.models import PayrollRun, RunStatus

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks; SQLite is covered sequentially")
def test_two_approvals_racing_exactly_one_wins(pay_world):
    admin = pay_world.county_a_admin
    run = runs.run_review(
        by=admin, run=runs.run_compute(by=admin, run=runs.run_open(by=admin, org=pay_world.county_a, month=date(2026, 1, 1)))
    )
    barrier = threading.Barrier(2)
    results: list[str] = []

    def approve():
        try:
            seen = PayrollRun.objects.get(pk=run.pk)
            barrier.wait()
            runs.run_approve(by=admin, run=seen, version=seen.version)
            results.append("ok")
        except ValidationError as exc:
            results.append(exc.messages[0])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 1, results
    assert any("已审批并锁定" in r for r in results), results
    assert PayrollRun.objects.get(pk=run.pk).status == RunStatus.APPROVED
