"""Pay rules (SPEC §9) as pure functions: no database, policy values passed in.

Money is `Decimal` and is rounded to the fen (0.01 元) by one rule, ROUND_HALF_UP (四舍五入), at the end
of each figure that a pay slip shows (docs/decisions.md). Intermediate products (a monthly amount × days
÷ days in the month) are kept exact as fractions and rounded once.

Seed 000 (《关于加强工会社会工作专业人才队伍建设的意见》) sets the structure: 基本工资 = 岗位工资 + 薪级工资;
岗位工资 by rank mapped to 事业单位管理岗位 十/九/八/七级; 绩效工资 = 基本工资 × 70%–100%; 社会保险和住房公积金;
the cost shared by 全总, province, city, county and township finance. The amounts themselves are local
data (pay tables), never literals here.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from unionsw.core.i18n import choice_label

FEN = Decimal("0.01")
ZERO = Decimal("0.00")
NOT_SET = choice_label("未规定")  # Chinese in f-strings (stored notes), translated where a page prints it


# ---------------------------------------------------------------------------------------------
# money


def to_decimal(value) -> Decimal:
    """A Decimal from a Decimal, int, str or Fraction; floats are refused (binary fractions are not money)."""
    if type(value) is Decimal:  # the common case first: this runs for every figure of every line
        return value
    if isinstance(value, bool):
        raise TypeError("money cannot be a bool")
    if isinstance(value, float):
        raise TypeError("money must not be a float; pass a str or Decimal")
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value).strip())
    except InvalidOperation:
        raise ValidationError(_("金额格式不正确：%(value)s") % {"value": value}) from None


def money(value) -> Decimal:
    """Round to the fen, half up (四舍五入). Fractions are rounded exactly (no intermediate Decimal)."""
    if type(value) is Decimal:
        return value.quantize(FEN, rounding=ROUND_HALF_UP)
    if isinstance(value, Fraction):
        cents = value * 100
        whole = cents.numerator // cents.denominator
        rest = cents - whole
        if rest >= Fraction(1, 2):
            whole += 1
        return (Decimal(whole) / 100).quantize(FEN)
    return to_decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)


def parse_money(value, *, label: str | None = None, allow_negative: bool = False) -> Decimal:
    """User input → Decimal at the fen, with a message (in the user's language) for anything else."""
    label = label or _("金额")
    text = str(value if value is not None else "").strip().replace(",", "").replace("，", "")
    if not text:
        raise ValidationError(_("请填写%(label)s") % {"label": label})
    try:
        d = Decimal(text)
    except InvalidOperation:
        raise ValidationError(_("%(label)s应为数字，例如 3250.00") % {"label": label}) from None
    if not d.is_finite():
        raise ValidationError(_("%(label)s应为数字，例如 3250.00") % {"label": label})
    if d != d.quantize(FEN, rounding=ROUND_HALF_UP):
        raise ValidationError(_("%(label)s最多保留两位小数（到分）") % {"label": label})
    if d < 0 and not allow_negative:
        raise ValidationError(_("%(label)s不能为负数") % {"label": label})
    if abs(d) >= Decimal("100000000"):
        raise ValidationError(_("%(label)s超出允许范围") % {"label": label})
    return d.quantize(FEN)


def parse_ratio(value, *, label: str | None = None) -> Decimal:
    """A ratio typed as 80, 80% or 0.8 → Decimal('0.8') (at most 4 decimals: 0.0001 = 0.01%)."""
    label = label or _("比例")
    text = str(value if value is not None else "").strip()
    if not text:
        raise ValidationError(_("请填写%(label)s") % {"label": label})
    percent = text.endswith(("%", "％"))
    try:
        d = Decimal(text.rstrip("%％").strip())
    except InvalidOperation:
        raise ValidationError(_("%(label)s应为百分数（如 80%%）或小数（如 0.8）") % {"label": label}) from None
    if not d.is_finite():
        raise ValidationError(_("%(label)s应为百分数（如 80%%）或小数（如 0.8）") % {"label": label})
    if percent or d > 1:
        d = d / 100
    if d < 0 or d > 1:
        raise ValidationError(_("%(label)s应在 0 到 100%% 之间") % {"label": label})
    if d != d.quantize(Decimal("0.0001")):
        raise ValidationError(_("%(label)s最多精确到 0.01%%") % {"label": label})
    return d.quantize(Decimal("0.0001")).normalize() if d else Decimal("0")


def percent(ratio) -> str:
    """Decimal('0.8') → '80%'; Decimal('0.105') → '10.5%'."""
    if ratio is None:
        return NOT_SET
    d = to_decimal(ratio) * 100
    text = f"{d.normalize():f}"
    return f"{text}%"


# ---------------------------------------------------------------------------------------------
# pay structure (seed 000)


def post_grade_for_rank(rank: str, ladder_pay_grade: Mapping[str, int] | None) -> int | None:
    """The 管理岗位 grade (1 … 10) the profile maps a rank to; None when the profile maps nothing (未规定)."""
    if not ladder_pay_grade or not rank:
        return None
    grade = ladder_pay_grade.get(rank)
    return int(grade) if grade is not None else None


def check_performance_ratio(ratio: Decimal, allowed: Sequence | None) -> None:
    """Seed 000: 绩效工资 按照基本工资 70% 至 100% 的比例确定. `allowed` is the profile's [low, high], or None
    when the seed sets no range (then any ratio from 0 to 100% is the county's decision)."""
    ratio = to_decimal(ratio)
    if allowed is None:
        if ratio < 0 or ratio > 1:
            raise ValidationError({"ratio": [_("绩效工资比例应在 0 到 100% 之间")]})
        return
    low, high = (to_decimal(str(v)) for v in allowed)
    if ratio < low or ratio > high:
        raise ValidationError(
            {
                "ratio": [
                    _("绩效工资比例须在基本工资的%(low)s至%(high)s之间（政策规定），现为%(ratio)s")
                    % {"low": percent(low), "high": percent(high), "ratio": percent(ratio)}
                ]
            }
        )


def performance_pay(basic: Decimal, ratio: Decimal) -> Decimal:
    return money(to_decimal(basic) * to_decimal(ratio))


def gross_pay(*, post_pay: Decimal, grade_pay: Decimal, performance: Decimal, allowances: Iterable[Decimal] = ()) -> Decimal:
    """应发工资 = 岗位工资 + 薪级工资 + 绩效工资 + 津贴补贴."""
    return money(
        to_decimal(post_pay) + to_decimal(grade_pay) + to_decimal(performance) + sum((to_decimal(a) for a in allowances), ZERO)
    )


# ---------------------------------------------------------------------------------------------
# proration by calendar days


@lru_cache(maxsize=256)
def _days_in(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def days_in_month(month: date) -> int:
    return _days_in(month.year, month.month)


def month_bounds(month: date) -> tuple[date, date]:
    first = month.replace(day=1)
    return first, first.replace(day=days_in_month(first))


def days_on_payroll(month: date, start: date | None, end: date | None) -> int:
    """Calendar days of `month` from `start` (hire, inclusive) to `end` (last day worked, inclusive)."""
    first, last = month_bounds(month)
    lo = max(first, start) if start else first
    hi = min(last, end) if end else last
    return max(0, (hi - lo).days + 1)


@dataclass(frozen=True)
class Segment:
    """A part of the month with one set of monthly rates: from `start` to `end`, both inclusive."""

    start: date
    end: date
    amount: Decimal  # the full-month amount that applies in this part

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def prorate(amount: Decimal, days: int, month_days: int) -> Decimal:
    """A monthly amount for `days` of a `month_days`-day month: amount × days ÷ month_days, rounded once."""
    if days >= month_days:
        return money(amount)
    return money(Fraction(to_decimal(amount)) * days / month_days)


def prorate_segments(segments: Sequence[Segment], month_days: int) -> Decimal:
    """The sum over the parts of the month, kept exact and rounded once (so a month split at a promotion
    still adds up to the fen)."""
    if len(segments) == 1 and segments[0].days >= month_days:
        return money(segments[0].amount)  # the common case: one rate the whole month
    total = sum((Fraction(to_decimal(s.amount)) * s.days / month_days for s in segments), Fraction(0))
    return money(total)


def split_month(
    month: date, start: date | None, end: date | None, changes: Sequence[tuple[date, object]]
) -> list[tuple[date, date, object]]:
    """Split the days on the payroll into parts at each change (date it takes effect, value); `changes`
    sorted by date, the first value being the one in force at the start. Returns (start, end, value)."""
    first, last = month_bounds(month)
    lo = max(first, start) if start else first
    hi = min(last, end) if end else last
    if hi < lo or not changes:
        return []
    current = None
    for on, value in changes:
        if on <= lo:
            current = value
    parts = []
    cursor = lo
    for on, value in changes:
        if lo < on <= hi:
            if current is not None:
                parts.append((cursor, on - timedelta(days=1), current))
            cursor, current = on, value
    if current is not None:
        parts.append((cursor, hi, current))
    return parts


# ---------------------------------------------------------------------------------------------
# social insurance and housing fund


# choice labels: Chinese in f-strings (the declaration's Excel headers, the slip PDF), translated where a page prints them
SI_ITEMS = {
    "pension": choice_label("养老保险"),
    "medical": choice_label("医疗保险"),
    "unemployment": choice_label("失业保险"),
    "injury": choice_label("工伤保险"),
    "maternity": choice_label("生育保险"),
    "housing_fund": choice_label("住房公积金"),
}


@dataclass(frozen=True)
class ContributionRate:
    item: str  # a key of SI_ITEMS
    employer_rate: Decimal
    employee_rate: Decimal
    base_floor: Decimal | None = None
    base_ceiling: Decimal | None = None

    @property
    def label(self) -> str:
        return SI_ITEMS.get(self.item, self.item)


@dataclass(frozen=True)
class Contribution:
    item: str
    base: Decimal
    employer: Decimal
    employee: Decimal

    @property
    def label(self) -> str:
        return SI_ITEMS.get(self.item, self.item)


def contribution_base(wage: Decimal, floor: Decimal | None, ceiling: Decimal | None) -> Decimal:
    """缴费基数: the wage, raised to the floor and capped at the ceiling of the locality."""
    base = to_decimal(wage)
    if floor is not None and base < floor:
        base = to_decimal(floor)
    if ceiling is not None and base > ceiling:
        base = to_decimal(ceiling)
    return money(base)


def contributions(wage: Decimal, rates: Iterable[ContributionRate]) -> list[Contribution]:
    """Employer and employee shares of each item: base × rate, each rounded to the fen."""
    out = []
    for r in rates:
        base = contribution_base(wage, r.base_floor, r.base_ceiling)
        out.append(Contribution(r.item, base, money(base * r.employer_rate), money(base * r.employee_rate)))
    return out


def validate_rates(rates: Iterable[ContributionRate]) -> None:
    errors = []
    seen = set()
    for r in rates:
        name = SI_ITEMS.get(r.item)
        if name is None:
            errors.append(_("未知的险种：%(item)s") % {"item": r.item})
            continue
        if r.item in seen:
            errors.append(_("%(item)s重复") % {"item": name})
        seen.add(r.item)
        for rate, message in (
            (r.employer_rate, _("%(item)s单位比例应在 0 到 50%% 之间")),
            (r.employee_rate, _("%(item)s个人比例应在 0 到 50%% 之间")),
        ):
            if rate < 0 or rate > Decimal("0.5"):
                errors.append(message % {"item": name})
        if r.base_floor is not None and r.base_ceiling is not None and r.base_floor > r.base_ceiling:
            errors.append(_("%(item)s缴费基数下限不能高于上限") % {"item": name})
    if errors:
        raise ValidationError(errors)


# ---------------------------------------------------------------------------------------------
# individual income tax: 累计预扣法 (国家税务总局公告2018年第61号, from 2019-01-01)

# 个人所得税预扣率表一（居民个人工资、薪金所得预扣预缴适用）: (cumulative taxable up to, rate, quick deduction)
IIT_WAGE_TABLE_2019: tuple[tuple[Decimal | None, Decimal, Decimal], ...] = (
    (Decimal("36000"), Decimal("0.03"), Decimal("0")),
    (Decimal("144000"), Decimal("0.10"), Decimal("2520")),
    (Decimal("300000"), Decimal("0.20"), Decimal("16920")),
    (Decimal("420000"), Decimal("0.25"), Decimal("31920")),
    (Decimal("660000"), Decimal("0.30"), Decimal("52920")),
    (Decimal("960000"), Decimal("0.35"), Decimal("85920")),
    (None, Decimal("0.45"), Decimal("181920")),
)
IIT_MONTHLY_EXEMPTION = Decimal("5000")  # 累计减除费用 = 5,000 元/月 × 本单位任职月份数


@dataclass(frozen=True)
class WageTax:
    cumulative_income: Decimal
    cumulative_exemption: Decimal
    cumulative_special: Decimal  # employee SI + HF (专项扣除)
    cumulative_additional: Decimal  # 专项附加扣除
    cumulative_taxable: Decimal
    rate: Decimal
    quick_deduction: Decimal
    cumulative_tax: Decimal
    already_withheld: Decimal
    this_month: Decimal

    @property
    def explanation(self) -> str:
        return (
            f"累计收入{self.cumulative_income} − 累计减除费用{self.cumulative_exemption} − 累计专项扣除{self.cumulative_special}"
            f" − 累计专项附加扣除{self.cumulative_additional} = 累计应纳税所得额{self.cumulative_taxable}；"
            f"× {percent(self.rate)} − 速算扣除数{self.quick_deduction} = 累计应纳税额{self.cumulative_tax}；"
            f"− 已预扣{self.already_withheld} = 本月预扣{self.this_month}"
        )


def bracket(taxable: Decimal, table=IIT_WAGE_TABLE_2019) -> tuple[Decimal, Decimal]:
    for upper, rate, quick in table:
        if upper is None or taxable <= upper:
            return rate, quick
    raise AssertionError("the table ends with an open bracket")


def wage_tax(
    *,
    cumulative_income: Decimal,
    months: int,
    cumulative_special: Decimal,
    cumulative_additional: Decimal,
    already_withheld: Decimal,
    table=IIT_WAGE_TABLE_2019,
    monthly_exemption: Decimal = IIT_MONTHLY_EXEMPTION,
) -> WageTax:
    """本期应预扣预缴税额 = (累计预扣预缴应纳税所得额 × 预扣率 − 速算扣除数) − 累计减免税额 − 累计已预扣预缴税额;
    累计预扣预缴应纳税所得额 = 累计收入 − 累计免税收入 − 累计减除费用 − 累计专项扣除 − 累计专项附加扣除 − 累计依法确定的其他扣除.
    A negative result is withheld as 0 (the excess is settled in the annual reconciliation, not refunded monthly)."""
    exemption = monthly_exemption * months
    taxable = money(
        max(ZERO, to_decimal(cumulative_income) - exemption - to_decimal(cumulative_special) - to_decimal(cumulative_additional))
    )
    rate, quick = bracket(taxable, table)
    tax = money(max(ZERO, taxable * rate - quick))
    this_month = money(max(ZERO, tax - to_decimal(already_withheld)))
    return WageTax(
        cumulative_income=money(cumulative_income),
        cumulative_exemption=money(exemption),
        cumulative_special=money(cumulative_special),
        cumulative_additional=money(cumulative_additional),
        cumulative_taxable=taxable,
        rate=rate,
        quick_deduction=money(quick),
        cumulative_tax=tax,
        already_withheld=money(already_withheld),
        this_month=this_month,
    )


# 个人所得税预扣率表二（居民个人劳务报酬所得预扣预缴适用）
IIT_SERVICE_TABLE_2019: tuple[tuple[Decimal | None, Decimal, Decimal], ...] = (
    (Decimal("20000"), Decimal("0.20"), Decimal("0")),
    (Decimal("50000"), Decimal("0.30"), Decimal("2000")),
    (None, Decimal("0.40"), Decimal("7000")),
)


def service_fee_tax(fee: Decimal, table=IIT_SERVICE_TABLE_2019) -> Decimal:
    """劳务报酬所得 (a rehired retiree's 劳务费 under a 劳务协议), withheld per payment: income ≤ 4,000 less 800,
    above that less 20 %; then 预扣率表二."""
    fee = to_decimal(fee)
    if fee <= 0:
        return ZERO
    taxable = fee - Decimal("800") if fee <= Decimal("4000") else fee * Decimal("0.8")
    taxable = max(ZERO, taxable)
    rate, quick = bracket(taxable, table)
    return money(max(ZERO, taxable * rate - quick))


# ---------------------------------------------------------------------------------------------
# cost sharing (seed 000: 全总和省、市、县(市、区)总工会、乡镇(街道)财政共同承担)


def check_shares(shares: Mapping[str, Decimal], payers: Sequence[str] | None = None) -> None:
    """The shares must name known payers, be ≥ 0 and add up to exactly 100 %."""
    errors = []
    if not shares:
        raise ValidationError(_("请填写各承担方的分担比例"))
    for payer, ratio in shares.items():
        if payers is not None and payer not in payers:
            errors.append(_("“%(payer)s”不是政策规定的承担方（%(payers)s）") % {"payer": payer, "payers": _("、").join(payers)})
        if to_decimal(ratio) < 0:
            errors.append(_("%(payer)s的比例不能为负数") % {"payer": payer})
    total = sum((to_decimal(v) for v in shares.values()), Decimal(0))
    if total != 1:
        errors.append(_("各承担方比例合计须为100%%，现为%(total)s") % {"total": percent(total)})
    if errors:
        raise ValidationError(errors)


def split_cost(total: Decimal, shares: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """Each payer's part of `total`, to the fen, adding up to `total` exactly: every part is first rounded
    down, then the fens left over go one each to the largest remainders (ties: the order of `shares`)."""
    return cost_splitter(shares)(total)


def cost_splitter(shares: Mapping[str, Decimal]):
    """split_cost with the shares checked and turned into integer ratios once (a run splits every line)."""
    check_shares(shares)
    ratios = [(payer, Fraction(to_decimal(ratio))) for payer, ratio in shares.items()]
    common = 1
    for _payer, r in ratios:
        common = common * r.denominator // math.gcd(common, r.denominator)
    weights = [(payer, int(r * common)) for payer, r in ratios]

    def split(total: Decimal) -> dict[str, Decimal]:
        total = money(total)
        sign = -1 if total < 0 else 1
        cents = int((abs(total) * 100).to_integral_value())
        parts, rests = {}, []
        for i, (payer, w) in enumerate(weights):
            floor, rest = divmod(cents * w, common)
            parts[payer] = floor
            rests.append((-rest, i, payer))
        left = cents - sum(parts.values())
        for _rest, _i, payer in sorted(rests)[:left]:
            parts[payer] += 1
        return {p: Decimal(sign * c).scaleb(-2) for p, c in parts.items()}

    return split


# ---------------------------------------------------------------------------------------------
# 薪级 suggestion (a suggestion only; the county decides, seed 000: 比照当地事业单位同等条件人员确定)


def suggest_grade_level(
    *, education: str, service_years: int, start_levels: Mapping[str, int] | None, top: int = 65
) -> int | None:
    """Starting level for the education (from the pay table's example data) plus one level per full year
    of service; None when the table gives no starting level for that education."""
    if not start_levels or education not in start_levels:
        return None
    return max(1, min(top, int(start_levels[education]) + max(0, service_years)))


def full_years(start: date, on: date) -> int:
    years = on.year - start.year - ((on.month, on.day) < (start.month, start.day))
    return max(0, years)


# ---------------------------------------------------------------------------------------------
# one pay line


@dataclass
class LineInput:
    """What a month's line is computed from (the service gathers it; the rule does the arithmetic)."""

    month: date
    start: date | None  # hire date
    end: date | None  # last day worked
    post_pay: Sequence[tuple[date, Decimal]]  # (effective from, monthly 岗位工资), sorted
    grade_pay: Sequence[tuple[date, Decimal]]  # (effective from, monthly 薪级工资), sorted
    ratio: Decimal
    allowances: Sequence[tuple[str, Decimal]] = ()
    extras: Sequence[tuple[str, Decimal]] = ()  # one-off amounts, not prorated and not in the SI base (年度奖金)
    rates: Sequence[ContributionRate] = ()
    additional_deduction: Decimal = ZERO  # 专项附加扣除 this month
    prior_income: Decimal = ZERO  # earlier months of the tax year at this employer
    prior_special: Decimal = ZERO
    prior_additional: Decimal = ZERO
    prior_withheld: Decimal = ZERO
    prior_months: int = 0


@dataclass
class LineResult:
    days: int
    month_days: int
    post_pay: Decimal
    grade_pay: Decimal
    performance: Decimal
    allowances: list[tuple[str, Decimal]]
    gross: Decimal
    contributions: list[Contribution]
    employee_si: Decimal
    employer_si: Decimal
    tax: WageTax | None
    iit: Decimal
    net: Decimal
    total_cost: Decimal
    notes: list[str] = field(default_factory=list)


def _segments(inp: LineInput, changes) -> list[Segment]:
    return [Segment(a, b, v) for a, b, v in split_month(inp.month, inp.start, inp.end, changes)]


def compute_line(inp: LineInput) -> LineResult:
    """One worker's month on the pay scale: pay items prorated by calendar days (exact, rounded once per
    item), SI/HF on the full-month standard wage for any month on the payroll, IIT cumulative."""
    month_days = days_in_month(inp.month)
    days = days_on_payroll(inp.month, inp.start, inp.end)
    notes = []
    post = prorate_segments(_segments(inp, inp.post_pay), month_days)
    grade = prorate_segments(_segments(inp, inp.grade_pay), month_days)
    # performance on the prorated basic, so a part month earns the part
    performance = performance_pay(post + grade, inp.ratio)
    allowances = [(name, prorate(amount, days, month_days)) for name, amount in inp.allowances]
    allowances += [(name, money(amount)) for name, amount in inp.extras]
    gross = gross_pay(post_pay=post, grade_pay=grade, performance=performance, allowances=[a for _, a in allowances])
    if days < month_days:
        notes.append(f"按日历天数折算：本月在岗{days}天/共{month_days}天")
    if days == 0:
        return LineResult(0, month_days, ZERO, ZERO, ZERO, [], ZERO, [], ZERO, ZERO, None, ZERO, ZERO, ZERO, [gettext_noop("本月不在岗")])
    # the contribution base is the standard full-month wage (the rates in force at the month's end)
    standard = _full_month(inp)
    contribs = contributions(standard, inp.rates)
    employee = sum((c.employee for c in contribs), ZERO)
    employer = sum((c.employer for c in contribs), ZERO)
    tax = wage_tax(
        cumulative_income=inp.prior_income + gross,
        months=inp.prior_months + 1,
        cumulative_special=inp.prior_special + employee,
        cumulative_additional=inp.prior_additional + to_decimal(inp.additional_deduction),
        already_withheld=inp.prior_withheld,
    )
    net = money(gross - employee - tax.this_month)
    return LineResult(
        days=days,
        month_days=month_days,
        post_pay=post,
        grade_pay=grade,
        performance=performance,
        allowances=allowances,
        gross=gross,
        contributions=contribs,
        employee_si=employee,
        employer_si=employer,
        tax=tax,
        iit=tax.this_month,
        net=net,
        total_cost=money(gross + employer),
        notes=notes,
    )


def _full_month(inp: LineInput) -> Decimal:
    def last(changes):
        return to_decimal(changes[-1][1]) if changes else ZERO

    basic = last(inp.post_pay) + last(inp.grade_pay)
    return gross_pay(
        post_pay=last(inp.post_pay),
        grade_pay=last(inp.grade_pay),
        performance=performance_pay(basic, inp.ratio),
        allowances=[a for _, a in inp.allowances],
    )


@dataclass
class FeeLine:
    days: int
    month_days: int
    gross: Decimal
    iit: Decimal
    net: Decimal
    total_cost: Decimal
    notes: list[str]


def compute_rehired_line(*, month: date, fee: Decimal, start: date | None, end: date | None) -> FeeLine:
    """返聘人员 are outside the pay scale (seed 000: 不执行…薪酬标准): the agreed monthly 劳务费, prorated by
    calendar days like any monthly amount, no SI/HF, tax as 劳务报酬所得."""
    month_days = days_in_month(month)
    days = days_on_payroll(month, start, end)
    gross = prorate(fee, days, month_days) if days else ZERO
    iit = service_fee_tax(gross)
    notes = [gettext_noop("返聘人员：按劳务协议约定的劳务费发放，不执行薪酬标准，不缴社会保险和住房公积金")]  # stored
    if 0 < days < month_days:
        notes.append(f"按日历天数折算：本月在岗{days}天/共{month_days}天")
    return FeeLine(days, month_days, gross, iit, money(gross - iit), gross, notes)


# ---------------------------------------------------------------------------------------------
# 四挂钩 (Qinhuangdao's measure, seed 003: 年度评价结果与岗位薪酬总额、年度奖金发放…挂钩)

GRADE_LABELS = {  # Chinese in the stored notes (f-strings), translated where a page prints them
    "EXCELLENT": choice_label("优秀"),
    "PASS": choice_label("合格"),
    "BASIC": choice_label("基本合格"),
    "FAIL": choice_label("不合格"),
}


def linked_ratio(base: Decimal, factor: Decimal | None, allowed: Sequence | None) -> tuple[Decimal, str]:
    """This year's performance ratio of a worker: the county's ratio × the factor of last year's grade, kept
    within the profile's range (a factor cannot take the ratio outside it). Returns (ratio, explanation)."""
    base = to_decimal(base)
    if factor is None:
        return base, ""
    ratio = (base * to_decimal(factor)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    note = f"四挂钩：绩效比例 {percent(base)} × 系数 {to_decimal(factor).normalize():f} = {percent(ratio)}"
    if allowed is not None:
        low, high = (to_decimal(str(v)) for v in allowed)
        if ratio < low or ratio > high:
            ratio = min(max(ratio, low), high)
            note += f"，按政策范围取 {percent(ratio)}"
    return ratio, note


def annual_bonus(monthly_basic: Decimal, months: Decimal | None) -> Decimal:
    """年度奖金 = months × the monthly basic pay (岗位工资 + 薪级工资) of the month it is paid."""
    if not months:
        return ZERO
    return money(to_decimal(monthly_basic) * to_decimal(months))


QUALIFICATION_RULE = "treatment_requires_qualification"


def treatment_refusal(qualification: tuple[date, bool] | None, *, required: bool | None, on: date) -> str | None:
    """Seed 004 (Beijing, where the policy sets treatment_requires_qualification): 取得北京市专职工会社会工作者资格
    人员享受专职工会社会工作者待遇，未取得资格但继续从事工会工作的，将不再享受 — the reason a worker on the scale
    gets no line, or None. The reason is stored in the run's `excluded` (JSON), so it stays Chinese; the run page translates it at display. `qualification` is (issued_on, revoked) or None; valid on `on` (the month's last
    day) when issued by then and not lapsed at the yearly review."""
    if not required:
        return None
    if qualification is None or qualification[0] > on:
        return gettext_noop("未取得北京市专职工会社会工作者资格，不享受专职工会社会工作者待遇（不列入工资表）")
    if qualification[1]:
        return gettext_noop("北京市专职工会社会工作者资格已失效（年度审验未通过），不享受专职工会社会工作者待遇（不列入工资表）")
    return None
