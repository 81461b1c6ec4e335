"""Which pay table, contribution table, allowances and ratio apply to an org on a date.

A table set at an org applies to its whole subtree from its effective date; the nearest org up the tree
that has one in force wins (a county's own table before the city's or the province's). These lookups are
the policy-like part of pay and take no user: the callers (services, selectors) have checked the scope.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from unionsw.core.i18n import choice_label

from . import rules
from .models import Allowance, ContributionTable, PayTable, PerformanceRatio

GRADES = list(range(1, 11))  # 管理岗位 一级 … 十级
LEVELS = list(range(1, 66))  # 薪级 1 … 65
# choice labels: Chinese in f-strings (the run's stored problems) and the Excel register, translated on pages
GRADE_NAMES = {
    1: choice_label("一级"),
    2: choice_label("二级"),
    3: choice_label("三级"),
    4: choice_label("四级"),
    5: choice_label("五级"),
    6: choice_label("六级"),
    7: choice_label("七级"),
    8: choice_label("八级"),
    9: choice_label("九级"),
    10: choice_label("十级"),
}


def grade_name(grade: int | None) -> str:
    return GRADE_NAMES.get(grade, rules.NOT_SET) if grade else rules.NOT_SET


def _depth(org_ids: list[int]) -> dict[int, int]:
    return {pk: i for i, pk in enumerate(org_ids)}


@dataclass
class Tables:
    """Everything of the chain of one org that a month needs, loaded in a few queries."""

    chain: list[int]  # org ids, root first
    pay_tables: list[PayTable]
    contribution_tables: list[ContributionTable]
    allowances: list[Allowance]
    ratios: dict[tuple[int, int], Decimal]  # (org id, year) → ratio

    def _nearest(self, items, on: date):
        depth = _depth(self.chain)
        live = [t for t in items if t.effective_from <= on and t.org_id in depth]
        if not live:
            return None
        return max(live, key=lambda t: (depth[t.org_id], t.effective_from, t.pk))

    def pay_table(self, on: date) -> PayTable | None:
        return self._nearest(self.pay_tables, on)

    def contribution_table(self, on: date) -> ContributionTable | None:
        return self._nearest(self.contribution_tables, on)

    def pay_table_dates(self, first: date, last: date) -> list[date]:
        return sorted({t.effective_from for t in self.pay_tables if first < t.effective_from <= last})

    def ratio(self, year: int) -> Decimal | None:
        for pk in reversed(self.chain):
            if (pk, year) in self.ratios:
                return self.ratios[(pk, year)]
        return None

    def allowances_for(self, worker_chain: list[int], first: date, last: date) -> list[tuple[str, Decimal]]:
        """Allowances in force on the month's last day (set at the worker's unit or any org above it)."""
        ids = set(worker_chain)
        return [
            (a.name, a.amount)
            for a in self.allowances
            if a.org_id in ids and a.effective_from <= last and (a.effective_to is None or a.effective_to >= last)
        ]


def load(org, *, first: date, last: date, subtree: bool = True) -> Tables:
    """The tables for `org`'s chain (and, for allowances, the orgs below it) relevant to [first, last]."""
    chain = org.ancestor_ids()
    pay = list(PayTable.objects.filter(org_id__in=chain, effective_from__lte=last))
    contrib = list(ContributionTable.objects.filter(org_id__in=chain, effective_from__lte=last))
    allow_q = Allowance.objects.filter(effective_from__lte=last)
    if subtree:
        from django.db.models import Q

        allow_q = allow_q.filter(Q(org_id__in=chain) | Q(org__path__startswith=org.path))
    else:
        allow_q = allow_q.filter(org_id__in=chain)
    allowances = list(allow_q.order_by("org__path", "name", "pk"))
    ratios = {
        (r.org_id, r.year): r.ratio for r in PerformanceRatio.objects.filter(org_id__in=chain, year__in={first.year, last.year})
    }
    return Tables(chain, pay, contrib, allowances, ratios)


def amount(mapping: dict, key: int) -> Decimal | None:
    value = (mapping or {}).get(str(key))
    return Decimal(str(value)) if value not in (None, "") else None


def rates_of(table: ContributionTable | None) -> list[rules.ContributionRate]:
    if table is None:
        return []
    out = []
    for item in table.items:
        out.append(
            rules.ContributionRate(
                item=item["item"],
                employer_rate=Decimal(str(item["employer_rate"])),
                employee_rate=Decimal(str(item["employee_rate"])),
                base_floor=Decimal(str(item["base_floor"])) if item.get("base_floor") not in (None, "") else None,
                base_ceiling=Decimal(str(item["base_ceiling"])) if item.get("base_ceiling") not in (None, "") else None,
            )
        )
    return out
