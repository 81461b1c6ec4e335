"""Pure rules of the statistics: shares that add to 100.00, age and service bands as date ranges."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

from unionsw.core.i18n import choice_label

HUNDREDTHS = 10_000  # 100.00 % in hundredths of a per cent


def shares(values: list) -> list[Decimal]:
    """Percentages with two decimals that add to exactly 100.00 (largest-remainder rounding, Hamilton's
    method): each share is first cut down to the hundredth, then the hundredths still missing go one
    each to the rows with the largest cut-off remainders; equal remainders go to the earlier row. A
    total of zero gives 0.00 everywhere. Values may be counts or Decimal sums (never negative)."""
    exact = [Fraction(str(v)) for v in values]
    total = sum(exact, Fraction(0))
    if total <= 0:
        return [Decimal("0.00") for _ in values]
    scaled = [v * HUNDREDTHS / total for v in exact]
    floors = [int(s) for s in scaled]  # scaled ≥ 0, so int() is the floor
    missing = HUNDREDTHS - sum(floors)
    order = sorted(range(len(values)), key=lambda i: (-(scaled[i] - floors[i]), i))
    for i in order[:missing]:
        floors[i] += 1
    return [(Decimal(f) / 100).quantize(Decimal("0.01")) for f in floors]


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier; 29 February falls back to 28 February."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def full_years_range(day: date, low: int | None, high: int | None) -> tuple[date | None, date | None]:
    """The dates D for which full years (周岁) from D to `day` lie in [low, high] (None: open), as
    (after, until): D > after and D ≤ until. Full years ≥ low ⇔ D ≤ day − low years; full years ≤ high
    ⇔ D > day − (high + 1) years. The same arithmetic as core.idnumber.age_on."""
    until = years_before(day, low) if low else None
    after = years_before(day, high + 1) if high is not None else None
    return after, until


# (low, high, label) in full years; None is open. ≤35 / 36–45 / >45 are the seed's bands
# (《关于工会社会工作岗位管理情况的调研报告》: 全部在45岁以下，以35岁及以下人员居多).
AGE_BANDS = [(None, 35, choice_label("35岁及以下")), (36, 45, choice_label("36—45岁")), (46, None, choice_label("45岁以上"))]
AGE_BANDS_FINE = [
    (None, 25, choice_label("25岁及以下")),
    (26, 30, choice_label("26—30岁")),
    (31, 35, choice_label("31—35岁")),
    (36, 40, choice_label("36—40岁")),
    (41, 45, choice_label("41—45岁")),
    (46, 50, choice_label("46—50岁")),
    (51, 55, choice_label("51—55岁")),
    (56, None, choice_label("56岁及以上")),
]
SERVICE_BANDS = [(None, 0, choice_label("不满1年")), (1, 2, choice_label("1—2年")), (3, 4, choice_label("3—4年")), (5, 9, choice_label("5—9年")), (10, None, choice_label("10年及以上"))]
