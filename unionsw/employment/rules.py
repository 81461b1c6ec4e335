"""Pure rules of posts and contracts. Policy values come in as arguments; None means 未规定."""

from __future__ import annotations

import calendar
import math
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext

from unionsw.core.i18n import choice_label
from unionsw.workers.models import EmploymentMode

# Grounds are choice labels: translated in the drop-downs, Chinese in the stored event texts and the certificate.
# 劳动合同法: grounds for dissolving (解除) a labour contract, by article.
DISSOLVE_GROUNDS: dict[str, str] = {
    "art36": choice_label("第三十六条 用人单位与劳动者协商一致解除"),
    "art37": choice_label("第三十七条 劳动者提前三十日书面通知解除"),
    "art38": choice_label("第三十八条 用人单位有过错，劳动者解除"),
    "art39": choice_label("第三十九条 劳动者有过错（严重违纪、不符合录用条件等），用人单位解除"),
    "art40": choice_label("第四十条 不能胜任工作经培训或调岗仍不能胜任等，提前三十日通知解除"),
    "art41": choice_label("第四十一条 经济性裁员"),
}
# Labour-service agreements (劳务协议, rehired retirees) are civil contracts outside 劳动合同法.
SERVICE_DISSOLVE_GROUNDS: dict[str, str] = {
    "agreed": choice_label("双方协商一致解除劳务协议"),
    "notice": choice_label("按劳务协议约定提前通知解除"),
}
# 劳动合同法 第四十四条: grounds for terminating (终止) a contract.
TERMINATE_GROUNDS: dict[str, str] = {
    "art44_1": choice_label("第四十四条（一）劳动合同期满"),
    "art44_2": choice_label("第四十四条（二）劳动者开始依法享受基本养老保险待遇"),
    "art44_3": choice_label("第四十四条（三）劳动者死亡或被宣告死亡、失踪"),
    "art44_4": choice_label("第四十四条（四）用人单位被依法宣告破产"),
    "art44_5": choice_label("第四十四条（五）用人单位被吊销营业执照、责令关闭、撤销或提前解散"),
    "art44_6": choice_label("第四十四条（六）法律、行政法规规定的其他情形"),
}
ALL_GROUNDS = DISSOLVE_GROUNDS | SERVICE_DISSOLVE_GROUNDS | TERMINATE_GROUNDS


def grounds_for(kind: str) -> dict[str, str]:
    return DISSOLVE_GROUNDS if kind == "labour" else SERVICE_DISSOLVE_GROUNDS


def is_rehired(worker) -> bool:
    """Rehired retirees (返聘) stand outside the pay scale, the career ladder and incentives (seed 000:
    返聘人员不执行公开招聘和购买服务人员的薪酬标准、职业发展及激励保障等制度). Other apps call this."""
    return getattr(worker, "employment_mode", None) == EmploymentMode.REHIRED


def contract_kind_for(employment_mode: str) -> str:
    """Rehired retirees sign a 劳务协议 (seed 000); everyone else a 劳动合同."""
    return "service" if employment_mode == EmploymentMode.REHIRED else "labour"


# ---------------------------------------------------------------- staffing norm


@dataclass(frozen=True)
class Norm:
    """The staffing norm of one unit. `status` is "required", "optional" or "unset" (policy silent).
    `minimum`/`maximum` bound the number; `target` is the number from the counts when the policy gives a
    formula, else None (the seed says only 根据所辖工会组织数和职工人数相应配备)."""

    status: str
    minimum: int | None
    maximum: int | None
    target: int | None

    @property
    def label(self) -> str:
        return {"required": "应当配备", "optional": "可选配", "unset": "未规定"}[self.status]

    def gap(self, current: int) -> int | None:
        """Workers still missing (positive) or over the ceiling (negative); 0 when within the norm."""
        if self.status == "unset":
            return None
        need = self.target if self.target is not None else self.minimum
        if need is not None and current < need:
            return need - current
        if self.maximum is not None and current > self.maximum:
            return self.maximum - current
        return 0


def staffing_norm(unit, policy) -> Norm:
    """The norm for a township/zone/industry union (seed 001). `policy` is the `staffing_norm` value
    (a dict) or an EffectivePolicy. Required when either count reaches its threshold (the stronger
    clause of the seed prevails), otherwise optional up to `optional_max`. With `unions_per_worker`
    / `members_per_worker` in the policy the number is ceil(count / per), clamped to [1, required_max]."""
    value = policy.get("staffing_norm") if hasattr(policy, "profile_name") else policy
    if not value:
        return Norm("unset", None, None, None)
    unions, members = unit.union_count or 0, unit.member_count or 0
    required = unions >= value["required_from_unions"] or members >= value["required_from_members"]
    if not required:
        return Norm("optional", 0, value["optional_max"], None)
    maximum = value.get("required_max")
    target = None
    per_u, per_m = value.get("unions_per_worker"), value.get("members_per_worker")
    if per_u or per_m:
        target = max(math.ceil(unions / per_u) if per_u else 0, math.ceil(members / per_m) if per_m else 0, 1)
        if maximum is not None:
            target = min(target, maximum)
    return Norm("required", 1, maximum, target)


# ---------------------------------------------------------------- contracts


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def sign_deadline(start: date, limit_months: int | None) -> date | None:
    """The last day to sign: start + the policy's months (Qingdao seed 002: 一个月内), None when 未规定."""
    if limit_months is None:
        return None
    return add_months(start, limit_months)


def validate_period(start, end, term_type: str) -> dict[str, str]:
    """Date errors as {field: Chinese message}; empty when fine."""
    errors: dict[str, str] = {}
    if not isinstance(start, date):
        errors["starts_on"] = gettext("请填写起始日期（如 2025-03-01）")
        return errors
    if term_type == "fixed" and end is None:
        errors["ends_on"] = gettext("固定期限合同须填写终止日期")
    elif term_type == "open" and end is not None:
        errors["ends_on"] = gettext("无固定期限合同不填终止日期")
    elif end is not None and not isinstance(end, date):
        errors["ends_on"] = gettext("终止日期格式应为 2025-03-01")
    elif end is not None and end <= start:
        errors["ends_on"] = gettext("终止日期须晚于起始日期")
    return errors


def overlaps(start: date, end: date | None, others) -> list:
    """Contracts in `others` (objects with starts_on and effective_end) whose period meets [start, end]."""
    found = []
    for other in others:
        other_end = other.effective_end
        if (end is None or other.starts_on <= end) and (other_end is None or start <= other_end):
            found.append(other)
    return found


def consecutive_fixed_terms(contracts) -> int:
    """How many fixed-term labour contracts in a row end the worker's history (劳动合同法第十四条:
    after two consecutive fixed terms the worker may ask for an open-ended contract on renewal).
    `contracts` are the worker's signed contracts in start order; dissolved ones break the chain."""
    n = 0
    for c in contracts:
        if c.kind == "labour" and c.term_type == "fixed" and c.status != "dissolved":
            n += 1
        else:
            n = 0
    return n


def consecutive_fails(grades: list[str], needed: int | None, fail: str = "FAIL") -> bool:
    """True when the latest `needed` annual grades (oldest first) are all 不合格 (seed 001: 连续两年考核
    不合格的，可解除劳动合同). With no policy value (未规定) nothing is flagged."""
    if not needed or len(grades) < needed:
        return False
    return all(g == fail for g in grades[-needed:])


def expiry_level(ends_on: date | None, today: date) -> int | None:
    """60 or 30 when the contract ends within that many days (30 wins), None otherwise."""
    if ends_on is None or ends_on < today:
        return None
    days = (ends_on - today).days
    if days <= 30:
        return 30
    if days <= 60:
        return 60
    return None


def insurance_covers(insurances, start: date) -> bool:
    """A rehired retiree's agreement may take effect only while a commercial accident policy covers its start."""
    return any(i.starts_on <= start <= i.ends_on for i in insurances)


def month_end(today: date) -> date:
    return date(today.year, today.month, calendar.monthrange(today.year, today.month)[1])


def days_between(a: date, b: date) -> int:
    return (b - a).days


ONE_DAY = timedelta(days=1)


def years_of_service(hired_on: date | None, on: date) -> int:
    """Full years of continuous service from the hire date to `on` (劳动合同法 第14条: 连续工作满十年)."""
    if hired_on is None or on < hired_on:
        return 0
    years = on.year - hired_on.year - ((on.month, on.day) < (hired_on.month, hired_on.day))
    return max(years, 0)
