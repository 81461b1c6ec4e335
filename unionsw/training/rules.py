"""Pure rules of training; tests call them directly with Shandong's and Jiangsu's values."""

from __future__ import annotations

import calendar
import functools
import hashlib
import hmac
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.utils.translation import gettext, gettext_noop

# Used only where the profile sets no `training_kinds` (未规定): the kinds SPEC §12 and the issue name.
# The page says they are the platform's default list, not a rule of the profile.
DEFAULT_KINDS = ["岗前培训", "岗位轮训", "资格培训", "专题培训", "业务培训"]

SIGNIN_PERIOD_SECONDS = 120  # a code changes every 2 minutes
SIGNIN_GRACE_PERIODS = 1  # the previous code still works (typed just as it changed)
SIGNIN_MAX_FAILURES = 10  # wrong codes per worker and session before sign-in is refused


def session_kinds(policy_kinds: list[str] | None) -> tuple[list[str], bool]:
    """(kinds, from_policy)."""
    return (list(policy_kinds), True) if policy_kinds else (list(DEFAULT_KINDS), False)


def signin_code(secret: str, moment: datetime, *, period: int = SIGNIN_PERIOD_SECONDS) -> str:
    """The six-digit code of the time window containing `moment` (HMAC of the window number, like TOTP)."""
    window = int(moment.timestamp()) // period
    digest = hmac.new(secret.encode(), str(window).encode(), hashlib.sha256).digest()
    return f"{int.from_bytes(digest[:8], 'big') % 1_000_000:06d}"


def code_matches(secret: str, code: str, moment: datetime, *, period: int = SIGNIN_PERIOD_SECONDS) -> bool:
    code = "".join(ch for ch in (code or "") if ch.isdigit())
    if not secret or len(code) != 6:
        return False
    for back in range(SIGNIN_GRACE_PERIODS + 1):
        earlier = datetime.fromtimestamp(moment.timestamp() - back * period, tz=moment.tzinfo)
        if hmac.compare_digest(signin_code(secret, earlier, period=period), code):
            return True
    return False


def seconds_left(moment: datetime, *, period: int = SIGNIN_PERIOD_SECONDS) -> int:
    return period - int(moment.timestamp()) % period


def add_months(day: date, months: int) -> date:
    """民法典 第二百零二条: a period counted in months ends on the corresponding day of the last month;
    without one (31 → 30-day month, 29 Feb), on the last day of that month."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@functools.lru_cache(maxsize=65536)
def training_deadline(hired_on: date, months: int | None) -> date | None:
    """The last day by which the training must be done: Shandong 半年内 (6), Jiangsu 自录用之日起一年内 (12).
    The day of hire is not counted (民法典 第二百零一条), so the period ends on the corresponding day."""
    if months is None or hired_on is None:
        return None
    return add_months(hired_on, months)


COMPLIANCE_LABELS = {
    "not_set": gettext_noop("未规定"),
    "done": gettext_noop("已按期完成"),
    "done_late": gettext_noop("已完成（逾期）"),
    "pending": gettext_noop("待完成"),
    "overdue": gettext_noop("已逾期未完成"),
    "untracked": gettext_noop("期限早于本单位启用培训管理，未判断"),
}


@dataclass(frozen=True)
class Compliance:
    state: str  # "not_set" | "done" | "done_late" | "pending" | "overdue"
    deadline: date | None
    kinds: list[str]
    done_on: date | None = None

    @property
    def label(self) -> str:
        return gettext(COMPLIANCE_LABELS[self.state])  # shown on the pages only: translated when read


def compliance(
    *,
    hired_on: date,
    months: int | None,
    kinds: list[str] | None,
    attended: list[tuple[str, date]],
    today: date,
    tracked_from_year: int | None = 0,
) -> Compliance:
    """`attended` = [(kind, last day of the session)] of the worker's attended sessions. Done when a session
    of one of the profile's kinds was attended (any of them: the seeds name the content of one training,
    e.g. 上岗资格和业务培训); no kinds in the profile means any kind counts."""
    deadline = training_deadline(hired_on, months)
    if deadline is None:
        return Compliance("not_set", None, list(kinds or []))
    matching = sorted(day for kind, day in attended if not kinds or kind in kinds)
    if matching:
        first = matching[0]
        return Compliance("done" if first <= deadline else "done_late", deadline, list(kinds or []), first)
    # `tracked_from_year`: the first year of a training plan above the worker (None: no plan at all). Before it
    # the platform holds no training records, so a missing record there is not evidence of a missed deadline.
    if tracked_from_year is None or deadline.year < tracked_from_year:
        return Compliance("untracked", deadline, list(kinds or []))
    return Compliance("overdue" if today > deadline else "pending", deadline, list(kinds or []))


PRETRAINING_KIND = "岗前培训"


def pretraining_missing(
    *, required: bool | None, hired_on: date, attended: list[tuple[str, date]], tracked_from_year: int | None
) -> bool:
    """Shandong's 坚持岗前培训、持证上岗 (`pretraining_required`): a worker hired since the platform holds training
    records (the first plan year above them) with no attended 岗前培训 session is reminded until they have one.
    Separate from the deadline rule (`training_deadline_*`), which any of its kinds satisfies."""
    if not required or tracked_from_year is None or hired_on.year < tracked_from_year:
        return False
    return not any(kind == PRETRAINING_KIND for kind, _ in attended)


def hours_by_year(rows: list[tuple[int, Decimal | None]]) -> dict[int, Decimal]:
    """Credited hours per year from (year, hours) rows, newest year first."""
    out: dict[int, Decimal] = {}
    for year, hours in rows:
        out[year] = out.get(year, Decimal("0")) + (hours or Decimal("0"))
    return dict(sorted(out.items(), reverse=True))


def rate(done: int, total: int) -> float | None:
    return None if total == 0 else round(100 * done / total, 1)


def capacity_left(capacity: int | None, taken: int) -> int | None:
    return None if capacity is None else max(capacity - taken, 0)
