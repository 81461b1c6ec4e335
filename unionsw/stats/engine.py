"""The breakdown engine of /stats/ and the plug-in through which every app adds its own tables.

Plug-in: an app may provide `<app>/stats.py` with

    BREAKDOWNS = [fn, ...]      # fn(user, on_date, org) -> Breakdown | None

Each `fn` returns a `Breakdown` of labelled counts or sums (`Row(key, label, value, url=...)`), or None
when it does not apply (the user lacks the app's permission, the app has no data for that org). The
engine finishes every breakdown the same way: shares with two decimals that add to exactly 100.00
(largest remainder, `rules.shares`), a chart, an Excel sheet. `fn` must read through the app's own
selectors (scoped) and do a fixed number of queries. `collect()` gathers the built-in worker breakdowns
(stats/breakdowns.py) and then every app's, in INSTALLED_APPS order — like employment/alerts.py
gathers `alerts_for`.

Titles, notes and row labels are Chinese strings that translate only when a page prints them (issue 12):
`choice_label("…")` for a fixed text, `Label(gettext_noop("…%(x)s…"), x=…)` for one with figures. The cached
tables are the same in both languages; the Excel sheet, the PDF and the DOCX keep the Chinese (`plain`).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings

from unionsw.core.i18n import ShownText, choice_label, source_text

from . import rules

# a label with figures in it (core.i18n.ShownText): `Label(gettext_noop("%(year)s年"), year=2024)`
Label = ShownText

# the Chinese of a label for the Excel, PDF and DOCX files (openpyxl writes str(value), which would translate)
plain = source_text


@dataclass
class Row:
    key: str
    label: str
    value: int | Decimal
    url: str | None = None  # the list of the records behind the figure (same scope, same count)
    drill: str | None = None  # the same page one level down (org rows)
    share: Decimal | None = None


@dataclass
class Breakdown:
    key: str  # unique on the page, e.g. "rank", "pay.cost_by_payer"
    title: str  # 中文, e.g. "岗位等级"
    rows: list[Row]
    unit: str = choice_label("人")
    note: str = ""
    chart: str = "bar"  # bar | pie
    section: str = choice_label("队伍结构")
    total_label: str = choice_label("合计")
    extra: dict = field(default_factory=dict)
    # stages of one process (e.g. a recruitment funnel): each row is a share of the first, and the total is the first
    stages: bool = False

    @property
    def total(self):
        if self.stages:
            return self.rows[0].value if self.rows else 0
        return sum((r.value for r in self.rows), 0)

    def finish(self) -> Breakdown:
        if self.stages:
            first = self.rows[0].value if self.rows else 0
            for row in self.rows:
                row.share = (Decimal(row.value) * 100 / first).quantize(Decimal("0.01")) if first else Decimal("0.00")
            return self
        for row, share in zip(self.rows, rules.shares([r.value for r in self.rows]), strict=True):
            row.share = share
        return self

    def by_key(self) -> dict[str, Row]:
        return {r.key: r for r in self.rows}

    def chart_data(self) -> dict:
        return {
            "key": self.key,
            "type": self.chart,
            # drawn on the page: in the page's language
            "labels": [str(r.label) for r in self.rows],
            "values": [float(r.value) for r in self.rows],
            "urls": [r.url or "" for r in self.rows],
            "unit": str(self.unit),
        }


def _providers():
    from . import breakdowns

    yield from breakdowns.BREAKDOWNS
    for app in settings.INSTALLED_APPS:
        if not app.startswith("unionsw.") or app == "unionsw.stats":
            continue
        name = f"{app}.stats"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise  # the module exists but imports something missing: say so, do not hide it
            continue
        yield from getattr(module, "BREAKDOWNS", [])


# The built-in breakdowns read only these models; their figures are cached until a row of one changes
# (core/counts.py generations, bumped by every save, delete and bulk write) and at the latest the next day
# (ages and years of service move with the calendar). Other apps' breakdowns are computed every time.
CACHE_LABELS = ("workers.Worker", "workers.Certificate", "orgs.Org", "orgs.PolicyProfile", "orgs.PolicyOverride")


def _finished(fns, user, on, org) -> list[Breakdown]:
    out = []
    for fn in fns:
        result = fn(user, on, org)
        if result is not None:
            out.append(result.finish())
    return out


def collect(user, on: date, org) -> list[Breakdown]:
    from django.utils import timezone

    from unionsw.core import counts

    from . import breakdowns

    builtin = breakdowns.BREAKDOWNS
    key = f"stats:breakdowns:{user.pk}:{org.pk}:{on.isoformat()}:{timezone.localdate().isoformat()}"
    out = list(counts.cached(key, CACHE_LABELS, lambda: _finished(builtin, user, on, org)))
    others = [fn for fn in _providers() if fn not in builtin]
    return out + _finished(others, user, on, org)
