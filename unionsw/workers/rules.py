"""Pure rules of the registry; tests call these directly."""

from __future__ import annotations

from django.utils.translation import gettext

from .models import EDUCATION_RANK, Education, EmploymentMode

_BY_LABEL = {e.label: e.value for e in Education} | {
        "硕士": Education.MASTER.value,
    "博士": Education.DOCTOR.value,
}


def education_value(text: str) -> str | None:
    """Accept the code or the Chinese label (as typed in Excel or written in a policy)."""
    text = (text or "").strip()
    if text in EDUCATION_RANK:
        return text
    return _BY_LABEL.get(text)


def education_at_least(education: str, minimum: str | None) -> bool:
    """True when `education` meets the policy's minimum; no minimum (未规定) means no restriction."""
    if minimum is None:
        return True
    have, need = education_value(education), education_value(minimum)
    if have is None or need is None:
        return False
    return EDUCATION_RANK[have] >= EDUCATION_RANK[need]


def rank_allowed(rank: str, ladder: list[str] | None) -> bool:
    """A rank must be a step of the effective ladder; with no ladder (未规定) only an empty rank is allowed."""
    if not rank:
        return True
    return bool(ladder) and rank in ladder


def normalize_phone(raw: str) -> str:
    return "".join(ch for ch in (raw or "") if ch.isdigit())


def phone_valid(phone: str) -> bool:
    return len(phone) == 11 and phone.startswith("1") and phone[1] in "3456789"


# ---- certificates (issue 9) -------------------------------------------------------------------

CERTIFICATE_ALERT_DAYS = 60  # the "expires within 60 days" window (no seed sets one)


def certificate_expiry_state(expires_on, today, *, window: int = CERTIFICATE_ALERT_DAYS) -> str | None:
    """Return "expired" when the last valid day is past, "expiring" when it falls within `window` days
    (the day itself included), None when there is no expiry or it is further away."""
    if expires_on is None:
        return None
    days = (expires_on - today).days
    if days < 0:
        return "expired"
    if days <= window:
        return "expiring"
    return None


def registration_missing(*, is_national_level: bool, registered_on, required: bool | None) -> bool:
    """A national social-worker certificate without registration where the profile requires it
    (Jiangsu, seed 001: 通过考试的人员应及时履行登记程序). Not set (None) requires nothing."""
    return bool(required) and is_national_level and registered_on is None


def public_welfare_hire_refusal(employment_mode: str, barred: bool | None) -> str | None:
    """Seed 004 (Beijing): 市总工会原则上不再批准区县总工会新招录符合公益性岗位就业条件的人员专职从事工会工作.
    The refusal of a new 公益性岗位 hire where the policy bars them, else None."""
    if barred and employment_mode == EmploymentMode.PUBLIC_WELFARE:
        return gettext("适用的政策原则上不再批准新招录公益性岗位人员专职从事工会工作")
    return None
