"""Pay figures for the statistics pages and the dashboard: every figure is limited to the acting user's scope
and shown only to users holding pay.view (amounts are sensitive; SPEC §9)."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Sum
from django.urls import reverse

from unionsw.core.scope import scoped

from .models import PayShare, RunStatus
from .selectors import _payer_order
from .selectors import cost_by_payer as _cost_by_payer


def cost_by_payer(user, year: int) -> dict:
    """Per payer (全总/省/市/县/乡镇 …) and month: what each owes for the workers in `user`'s scope in `year`
    (approved runs only). Returns {} to a user without pay.view: amounts are sensitive."""
    if not user.can("pay.view"):
        return {}
    return _cost_by_payer(user, year)


def cost_breakdown(user, on, org):
    """The /stats/ plug-in: the year's approved pay cost up to the day's month, by payer, in the org's subtree."""
    from django.utils.translation import gettext_noop

    from unionsw.core.i18n import choice_label
    from unionsw.stats.engine import Breakdown, Label, Row

    if not user.can("pay.view"):
        return None
    qs = scoped(PayShare.objects.all(), user, org_field="org").filter(
        run__status=RunStatus.APPROVED, month__year=on.year, month__lte=on, org__path__startswith=org.path
    )
    totals = {p: Decimal(a).quantize(Decimal("0.01")) for p, a in qs.values_list("payer").annotate(a=Sum("amount")).order_by()}
    if not totals:
        return None
    order = _payer_order(user)
    link = f"{reverse('pay:cost')}?{urlencode({'year': on.year})}"
    rows = [Row(p, p, totals[p], url=link) for p in sorted(totals, key=lambda p: (order.get(p, 99), p))]
    return Breakdown(
        "pay.cost_by_payer",
        Label(gettext_noop("薪酬成本（%(year)s年1–%(month)s月，已审批工资表，按承担方）"), year=on.year, month=on.month),
        rows,
        unit=choice_label("元"),
        section=choice_label("薪酬待遇"),
        chart="pie",
        note=choice_label("成本 = 应发工资 + 单位缴纳的社会保险和住房公积金；按各级承担比例分摊。使用示例工资标准时为示例数据"),
    )


BREAKDOWNS = [cost_breakdown]
