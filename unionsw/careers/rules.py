"""Pure career rules: eligibility explained criterion by criterion, and rank quotas.

Policy values come in as arguments; a value the seeds do not set is None and is shown as 未规定.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext_noop

from unionsw.core.i18n import ShownText, choice_label, source_text

GRADE_ORDER = {"FAIL": 0, "BASIC": 1, "PASS": 2, "EXCELLENT": 3}
GRADE_LABEL = {
    "EXCELLENT": choice_label("优秀"),
    "PASS": choice_label("合格"),
    "BASIC": choice_label("基本合格"),
    "FAIL": choice_label("不合格"),
}
CERT_ORDER = {"助理社会工作师": 1, "社会工作师": 2, "高级社会工作师": 3}
CERT_LEVEL = {"assistant": "助理社会工作师", "social_worker": "社会工作师", "senior": "高级社会工作师"}


# A check's text (issue 12): the Chinese wherever code uses it — the explanation stored with a promotion, audit
# details, the worker history's change reason — and translated only when printed (pages, the API, refusals).
# Ranks and other policy values stay as the policy writes them.
Reason = ShownText


class Joined(Reason):
    """Reasons joined with "；" (or "、"), the same two faces as Reason; English joins with "; " (or ", ")."""

    SEPARATORS = {"；": "; ", "、": ", "}

    def __new__(cls, parts: list, sep: str = "；"):
        self = str.__new__(cls, sep.join(source_text(p) for p in parts))
        self.parts, self.sep = list(parts), sep
        return self

    def __str__(self):
        chinese = (translation.get_language() or "zh").startswith("zh")
        return (self.sep if chinese else self.SEPARATORS[self.sep]).join(str(p) for p in self.parts)


def _cert(required: str):
    """The certificate a rank requires as the policy writes it; a trailing 等 admits equivalents."""
    if required.endswith("等"):
        return Reason(gettext_noop("%(cert)s等"), cert=choice_label(required.removesuffix("等")))
    return choice_label(required)


def anniversary(start: date, years: int) -> date:
    """The day `years` full years after `start`; a 29 February start completes on 1 March."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return date(start.year + years, 3, 1)


def full_years(start: date, on: date) -> int:
    n = on.year - start.year
    return n if anniversary(start, n) <= on else n - 1


@dataclass
class Check:
    label: str  # a key (compared, stored in the explanation), not shown: stays Chinese
    ok: bool | None  # None: the policy does not set it (未规定)
    detail: str


@dataclass
class Eligibility:
    next_rank: str | None
    checks: list[Check] = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        return self.next_rank is not None and all(c.ok is not False for c in self.checks) and not self.undetermined

    @property
    def undetermined(self) -> bool:
        return any(c.ok is None and c.label != "证书" for c in self.checks)

    @property
    def summary(self) -> str:
        failed = [c.detail for c in self.checks if c.ok is False]
        if failed:
            return Joined(failed)
        if self.undetermined:
            return Joined([c.detail for c in self.checks if c.ok is None and c.label != "证书"])
        return Reason(gettext_noop("符合晋升条件"))


def result_years(on: date, n: int, published_years: set[int]) -> list[int]:
    """The last n assessment years: the current year counts once its result is published."""
    last = on.year if on.year in published_years else on.year - 1
    return list(range(last, last - n, -1))


def eligibility(
    *,
    rank: str,
    rank_since: date | None,
    employment_mode: str,
    status: str,
    results: dict[int, str],
    cert_levels: set[str],
    on: date,
    ladder: list[str] | None,
    min_years: int | None,
    recent: int | None,
    min_grade: str | None,
    rank_certificate: dict | None,
    all_published_years: set[int] | None = None,
    rehired_outside_ladder: bool = False,
) -> Eligibility:
    if employment_mode == "rehired" and rehired_outside_ladder:
        return Eligibility(None, [Check("用工方式", False, Reason(gettext_noop("返聘人员不执行职业发展制度，不纳入岗位等级晋升")))])
    if status != "active":
        return Eligibility(None, [Check("状态", False, Reason(gettext_noop("非在岗人员")))])
    if not ladder:
        return Eligibility(None, [Check("等级序列", None, Reason(gettext_noop("等级序列：未规定")))])
    if rank not in ladder:
        return Eligibility(None, [Check("现等级", False, Reason(gettext_noop("现等级“%(rank)s”不在等级序列中"), rank=rank or Reason(gettext_noop("空"))))])
    i = ladder.index(rank)
    if i == len(ladder) - 1:
        # the seeds list the ladder they name (Hebei names 初级岗/三级岗/二级岗); whether higher posts exist
        # they do not say, so this is the top of the listed ladder, not "the highest rank"
        return Eligibility(None, [Check("现等级", False, Reason(gettext_noop("已是政策列明的最高等级（%(rank)s），更高等级未规定"), rank=rank))])
    target = ladder[i + 1]
    checks = []
    if min_years is None:
        checks.append(Check("任职年限", None, Reason(gettext_noop("任职年限要求：未规定"))))
    elif rank_since is None:
        checks.append(Check("任职年限", False, Reason(gettext_noop("缺少现等级起始日期"))))
    else:
        due = anniversary(rank_since, min_years)
        years = full_years(rank_since, on)
        ok = on >= due
        values = {"rank": rank, "years": years, "since": f"{rank_since:%Y-%m-%d}", "need": min_years}
        if ok:
            detail = Reason(gettext_noop("%(rank)s任职 %(years)s 年（%(since)s 起），须满 %(need)s 年"), **values)
        else:
            detail = Reason(
                gettext_noop("%(rank)s任职 %(years)s 年（%(since)s 起），须满 %(need)s 年，%(due)s 满"),
                due=f"{due:%Y-%m-%d}",
                **values,
            )
        checks.append(Check("任职年限", ok, detail))
    if recent is None or min_grade is None:
        checks.append(Check("近年考核", None, Reason(gettext_noop("近年考核要求：未规定"))))
    else:
        years = result_years(on, recent, all_published_years or set(results))
        missing = [y for y in years if y not in results]
        low = [y for y in years if y in results and GRADE_ORDER[results[y]] < GRADE_ORDER[min_grade]]
        # "%(year)s %(grade)s" is no msgid (nothing to translate but the grade)
        shown = Joined([Reason("%(year)s %(grade)s", year=y, grade=GRADE_LABEL[results[y]]) for y in years if y in results], "、")
        if missing:
            checks.append(
                Check(
                    "近年考核",
                    False,
                    Reason(
                        gettext_noop("缺少 %(years)s 年度考核结果（须近 %(recent)s 年均%(grade)s以上）"),
                        years="、".join(map(str, missing)),
                        recent=recent,
                        grade=GRADE_LABEL[min_grade],
                    ),
                )
            )
        elif low:
            checks.append(
                Check(
                    "近年考核",
                    False,
                    Reason(
                        gettext_noop("近 %(recent)s 年考核：%(results)s，须均为%(grade)s以上"),
                        recent=recent,
                        results=shown,
                        grade=GRADE_LABEL[min_grade],
                    ),
                )
            )
        else:
            checks.append(Check("近年考核", True, Reason(gettext_noop("近 %(recent)s 年考核：%(results)s"), recent=recent, results=shown)))
    required = (rank_certificate or {}).get(target)
    if rank_certificate is None or required is None:
        checks.append(Check("证书", None, Reason(gettext_noop("%(rank)s证书要求：未规定"), rank=target)))
    else:
        # "助理社会工作师等职业资格证书": a trailing 等 admits equivalent certificates (kind 其他证书)
        equivalent = required.endswith("等")
        base = required.removesuffix("等")
        held = max((CERT_ORDER.get(CERT_LEVEL.get(c, c), 0) for c in cert_levels), default=0)
        ok = held >= CERT_ORDER.get(base, 99)
        if ok:
            checks.append(Check("证书", True, Reason(gettext_noop("%(rank)s须持%(cert)s证书（已持有）"), rank=target, cert=_cert(required))))
        elif equivalent and "other" in cert_levels:
            msg = gettext_noop("%(rank)s须持%(cert)s职业资格证书：持有其他职业资格证书，按同等证书认可（请核实）")
            checks.append(Check("证书", True, Reason(msg, rank=target, cert=_cert(required))))
        else:
            checks.append(Check("证书", False, Reason(gettext_noop("%(rank)s须持%(cert)s证书，未持有"), rank=target, cert=_cert(required))))
    return Eligibility(target, checks)


@dataclass
class QuotaCheck:
    rank: str
    ratio: Decimal | None
    headcount: int
    allowed: int | None
    held: int

    @property
    def ok_to_add(self) -> bool:
        return self.allowed is None or self.held + 1 <= self.allowed

    @property
    def text(self) -> str:
        if self.ratio is None:
            return Reason(gettext_noop("%(rank)s比例上限：未规定（现有 %(held)s 人）"), rank=self.rank, held=self.held)
        exact = self.ratio * self.headcount
        return Reason(
            gettext_noop("%(rank)s不超过 %(pct)s%%：%(pct)s%% × %(headcount)s 人 = %(exact)s → 向下取整最多 %(allowed)s 人，现有 %(held)s 人"),
            rank=self.rank,
            pct=f"{(self.ratio * 100).normalize():f}",
            headcount=self.headcount,
            exact=f"{exact.normalize():f}",
            allowed=self.allowed,
            held=self.held,
        )


def quota_check(*, rank: str, rank_quota: dict | None, headcount: int, held: int) -> QuotaCheck:
    """ "不超过 20%" is read as a ceiling: allowed = floor(ratio × headcount) (7.4 → 7)."""
    ratio = (rank_quota or {}).get(rank)
    if ratio is None:
        return QuotaCheck(rank, None, headcount, None, held)
    r = Decimal(str(ratio))
    return QuotaCheck(rank, r, headcount, math.floor(r * headcount + Decimal("1e-9")), held)
