"""The demo shows pay with data: approved months for 历下区, a computed current month, slips for `worker`."""

import pytest


@pytest.mark.django_db
def test_the_demo_has_a_paid_county_and_slips_for_the_worker():
    from unionsw.demo.province import load_demo
    from unionsw.pay.models import PayLine, PayrollRun, RunStatus

    ctx = load_demo(workers=40)
    runs = PayrollRun.objects.filter(org=ctx.counties["历下区"])
    assert runs.count() == 4
    assert runs.filter(status=RunStatus.APPROVED).count() == 3, [r.problems for r in runs]
    assert runs.filter(status=RunStatus.COMPUTED).count() == 1
    assert PayLine.objects.filter(worker__user=ctx.users["worker"], run__status=RunStatus.APPROVED).exists()
    from unionsw.pay.stats import cost_by_payer

    assert cost_by_payer(ctx.users["province"], runs.first().month.year)["total"] > 0
