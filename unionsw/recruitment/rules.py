"""Pure recruitment rules. Policy values come in as arguments; None means the seeds do not set it (未规定)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext

from unionsw.core.idnumber import age_on
from unionsw.workers import rules as worker_rules

CERTIFICATE_TIE_KEY = "社会工作者职业水平证书"


def add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --- plan -----------------------------------------------------------------------------------------


def plan_session_error(
    *, on: date, exam_year: int, exam_month: int, deadlines: list | None, exam_months: list | None
) -> str | None:
    """Beijing (seed 004): plans are sent by end of March / September for the May / November exams.
    deadlines[i] ("MM-DD") is the deadline of the session in exam_months[i]. None → no constraint."""
    if exam_months:
        if exam_month not in exam_months:
            months = _months(exam_months)
            return gettext("统一考试每年只在%(months)s举行，请选择其中一个考试月份") % {"months": months}
        if deadlines and len(deadlines) == len(exam_months):
            month, day = (int(x) for x in deadlines[exam_months.index(exam_month)].split("-"))
            deadline = date(exam_year, month, day)
            if on > deadline:
                return gettext("%(year)s年%(month)s月考试的招录计划须在%(deadline)s前报送，已过截止日期") % {
                    "year": exam_year,
                    "month": exam_month,
                    "deadline": f"{deadline:%Y-%m-%d}",
                }
    return None


def _months(exam_months: list) -> str:
    """“5月、11月” (or “May, November”) for the refusals below, in the page's language."""
    return gettext("、").join(gettext("%(month)s月") % {"month": m} for m in exam_months)


def exam_month_error(exam_date: date, exam_months: list | None) -> str | None:
    if exam_months and exam_date.month not in exam_months:
        return gettext("笔试日期须在政策规定的统一考试月份（%(months)s）") % {"months": _months(exam_months)}
    return None


# --- eligibility ----------------------------------------------------------------------------------


# The eligibility checks below are stored with the application (auto_checks, and a rejection's review_reason):
# they stay Chinese, like every stored text.
@dataclass(frozen=True)
class CheckResult:
    rule: str
    ok: bool
    detail: str

    def as_dict(self) -> dict:
        return {"rule": self.rule, "ok": self.ok, "detail": self.detail}


def exam_body_error(body, exam_date: date, *, required: bool) -> str | None:
    """Seed 004 (where the policy sets accredited_exam_body): the entry exam is organised by an exam body the
    federation entrusted (市总工会委托的、有资质的社会考试机构), active and entrusted on the exam day."""
    if body is None:
        return gettext("须选择组织入职考试的社会考试机构（市总工会委托的、有资质的社会考试机构）") if required else None
    if not body.is_active:
        return gettext("社会考试机构“%(name)s”已停用") % {"name": body.name}
    if exam_date < body.valid_from or (body.valid_until is not None and exam_date > body.valid_until):
        until = f"{body.valid_until:%Y-%m-%d}" if body.valid_until else gettext("长期")
        return gettext("笔试日期不在“%(name)s”的委托有效期内（%(start)s 至 %(end)s）") % {
            "name": body.name,
            "start": f"{body.valid_from:%Y-%m-%d}",
            "end": until,
        }
    return None


def check_age(birth: date, reference: date, max_age: int | None) -> CheckResult:
    """《关于加强工会社会工作专业人才队伍建设的意见》"年龄40周岁以下" includes 40 (民法典 第1259条: 以上、以下、
    以内、届满，包括本数): eligible until the day before the (max_age + 1)th birthday. 一般应 — the county may
    still pass an applicant outside it with a written reason (application_review)."""
    age = age_on(birth, reference)
    if max_age is None:
        return CheckResult("年龄", True, f"基准日{reference:%Y-%m-%d}时{age}周岁；年龄上限未规定")
    ok = age <= max_age
    verdict = "符合" if ok else "不符合"
    return CheckResult(
        "年龄", ok, f"政策：{max_age}周岁以下（含本数，基准日未满{max_age + 1}周岁）；基准日{reference:%Y-%m-%d}时{age}周岁，{verdict}"
    )


def check_education(education: str, minimum: str | None) -> CheckResult:
    from unionsw.workers.models import Education

    label = dict(Education.choices).get(education, education or "未填")
    if minimum is None:
        return CheckResult("学历", True, f"{label}；最低学历未规定")
    ok = worker_rules.education_at_least(education, minimum)
    return CheckResult("学历", ok, f"政策：{minimum}及以上学历；本人{label}，{'符合' if ok else '不符合'}")


def check_certificate(has_certificate: bool, required: bool) -> CheckResult:
    if not required:
        return CheckResult("证书", True, "岗位不要求证书" + ("（持有证书，同等条件下优先）" if has_certificate else ""))
    return CheckResult(
        "证书", has_certificate, "岗位要求社会工作者职业水平证书；" + ("已持有，符合" if has_certificate else "未持有，不符合")
    )


def eligibility(
    *, birth: date, reference: date, education: str, has_certificate: bool, requires_certificate: bool, max_age, min_education
):
    checks = [
        check_age(birth, reference, max_age),
        check_education(education, min_education),
        check_certificate(has_certificate, requires_certificate),
    ]
    return all(c.ok for c in checks), [c.as_dict() for c in checks]


# --- written exam ---------------------------------------------------------------------------------


def ticket_number(round_id: int, post_code: str, seq: int) -> str:
    return f"{round_id:04d}{post_code[:3].rjust(3, '0')}{seq:05d}"


def assign_seats(count: int, capacities: list[int]) -> list[tuple[int, int]]:
    """(room index, seat number) for `count` candidates in order; ValueError when the rooms are too small."""
    if count > sum(capacities):
        raise ValueError(gettext("考场座位共%(seats)s个，不足%(count)s人，请增加考场") % {"seats": sum(capacities), "count": count})
    seats = []
    for i, cap in enumerate(capacities):
        for seat in range(1, cap + 1):
            if len(seats) == count:
                return seats
            seats.append((i, seat))
    return seats


def parse_score(value, *, low: Decimal = Decimal(0), high: Decimal = Decimal(100)) -> Decimal:
    try:
        score = Decimal(str(value).strip())
    except Exception:
        raise ValueError(gettext("成绩“%(value)s”不是数字") % {"value": value}) from None
    if not score.is_finite() or score < low or score > high:
        raise ValueError(gettext("成绩%(value)s超出%(low)s–%(high)s的范围") % {"value": value, "low": low, "high": high})
    return score.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# --- interview ------------------------------------------------------------------------------------


def interview_list(scores: list[tuple[int, Decimal]], posts: int, ratio: int) -> list[int]:
    """Ids invited to interview for one post: the best posts×ratio by written score, plus everyone tied
    with the last one at the cut line. Candidates without a score (absent) are never invited."""
    ranked = sorted(((i, s) for i, s in scores if s is not None), key=lambda x: x[1], reverse=True)
    quota = posts * ratio
    if len(ranked) <= quota:
        return [i for i, _ in ranked]
    cut = ranked[quota - 1][1]
    return [i for i, s in ranked if s >= cut]


def interview_score(judge_scores: list[Decimal], drop_high_low: bool) -> Decimal | None:
    """Mean of the judges' scores; with drop_high_low one highest and one lowest are removed first
    (needs at least 3 judges)."""
    scores = sorted(Decimal(s) for s in judge_scores)
    if not scores:
        return None
    if drop_high_low:
        if len(scores) < 3:
            raise ValueError(gettext("去掉最高分和最低分至少需要3名评委打分"))
        scores = scores[1:-1]
    return (sum(scores) / len(scores)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def total_score(written: Decimal, interview: Decimal, written_weight: Decimal) -> Decimal:
    w = Decimal(written_weight)
    return (Decimal(written) * w + Decimal(interview) * (1 - w)).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


# --- ranking --------------------------------------------------------------------------------------


@dataclass
class Candidate:
    id: int
    total: Decimal
    has_certificate: bool
    written: Decimal
    interview: Decimal
    ticket: str = ""


def rank_candidates(cands: list[Candidate], *, tie_break: list | None, second_key: str) -> list[tuple[int, int, str]]:
    """Rank one post. Order: total desc; at equal totals certificate holders first when the policy's
    tie_break names the certificate (seed 000/001); then `second_key` ("written" or "interview") desc.
    Returns (id, rank, rule that placed it below/above its tied neighbour). Equal on every key → same rank."""
    cert_first = bool(tie_break) and CERTIFICATE_TIE_KEY in tie_break
    # the tie rule is stored with the application (tie_rule): Chinese
    second_label = "笔试成绩" if second_key == "written" else "面试成绩"

    def key(c: Candidate):
        return (
            -c.total,
            -(1 if (cert_first and c.has_certificate) else 0),
            -(c.written if second_key == "written" else c.interview),
        )

    ordered = sorted(cands, key=lambda c: (key(c), c.ticket))
    result: list[tuple[int, int, str]] = []
    rules = {c.id: "" for c in ordered}
    for prev, cur in zip(ordered, ordered[1:], strict=False):
        if prev.total != cur.total:
            continue
        if cert_first and prev.has_certificate != cur.has_certificate:
            why = "总成绩相同，持社会工作者职业水平证书者优先（同等条件优先录用）"
        elif key(prev) != key(cur):
            why = f"总成绩相同{'、证书条件相同' if cert_first else ''}，{second_label}高者优先"
        else:
            why = "总成绩及各排序条件均相同，并列"
        rules[prev.id] = rules[prev.id] or why
        rules[cur.id] = why
    rank = 0
    for n, c in enumerate(ordered, start=1):
        if n == 1 or key(ordered[n - 2]) != key(c):
            rank = n
        result.append((c.id, rank, rules[c.id]))
    return result


# --- after ranking --------------------------------------------------------------------------------


def waiting_list_valid_until(ranked_on: date, months: int) -> date:
    return add_months(ranked_on, months)


def waiting_list_valid(ranked_on: date | None, months: int | None, on: date) -> bool:
    """The list is valid up to and including the day `months` after ranking."""
    if ranked_on is None or not months:
        return False
    return on <= waiting_list_valid_until(ranked_on, months)


def publicity_error(start: date | None, end: date | None, on: date, open_objections: int) -> str | None:
    if start is None or end is None:
        return gettext("尚未公示")
    if on <= end:
        return gettext("公示期至%(end)s，公示期满后方可备案") % {"end": f"{end:%Y-%m-%d}"}
    if open_objections:
        return gettext("尚有%(n)s条公示异议未处理") % {"n": open_objections}
    return None


def contract_sign_by(start: date, limit_months: int | None) -> date | None:
    """Qingdao (seed 002): sign within one month of starting work. None when the policy is silent."""
    return add_months(start, limit_months) if limit_months else None
