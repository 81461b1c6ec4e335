"""Pure rules of the work log, volunteer service and honours."""

from __future__ import annotations

from django.utils.translation import gettext_noop

# Used where the profile sets no `worklog_categories` (未规定): the duties of seed 001 (组建基层工会, 服务职工,
# 维护权益) and seed 003 (职工频道…) as the issue lists them; the page says this is the platform default.
DEFAULT_CATEGORIES = ["组建指导", "维权服务", "法律援助", "劳动争议调解", "困难帮扶", "职工培训", "文体活动", "职工频道", "政策宣讲", "其他"]

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024


def categories(policy_value: list[str] | None) -> tuple[list[str], bool]:
    return (list(policy_value), True) if policy_value else (list(DEFAULT_CATEGORIES), False)


def confirmer(host_daily_management) -> str:
    """Who confirms a worker's log: the host unit where it runs daily management (seed 001: 日常管理由实际用人单位具体负责),
    otherwise the county (seed 000: 日常管理……由县(市、区)总工会负责)."""
    return gettext_noop("岗位所在单位") if host_daily_management else gettext_noop("县级总工会")


def workload_rows(counts: dict[str, tuple[int, int]], existing: list[dict]) -> list[dict]:
    """The assessment's workload table (一量化) from the confirmed log: one row per category with the number
    of confirmed entries (and beneficiaries in the note); rows the worker typed for items the log lacks stay."""
    # the note is stored in the assessment entry (Entry.workload): Chinese
    from_log = [
        {"item": cat, "count": n, "note": f"工作日志已确认 {n} 条，受益 {people} 人次", "source": "worklog"}
        for cat, (n, people) in counts.items()
    ]
    kept = [r for r in existing if r.get("source") != "worklog" and r.get("item") not in counts]
    return from_log + kept


def best_level(levels: list[str]) -> str:
    """The highest commendation level among a year's honours ('' when none): the assessment adds the
    bonus for one level (seed 003: 按照不同级别赋予相应加分)."""
    from .models import HONOUR_LEVEL_ORDER

    ranked = sorted((lv for lv in levels if lv in HONOUR_LEVEL_ORDER), key=HONOUR_LEVEL_ORDER.__getitem__)
    return ranked[0] if ranked else ""


def quota_left(quota: int | None, approved: int) -> int | None:
    """Places left in a selection; None when the profile sets no quota (未规定)."""
    return None if quota is None else quota - approved


def within_quota(quota: int | None, approved: int, adding: int = 1) -> bool:
    return quota is None or approved + adding <= quota


def roll_up(by_org: dict, paths: dict[int, str]) -> dict:
    """Sum per-org totals up the tree: {org id: total of it and everything below} for every org on the paths."""
    out: dict[int, object] = {}
    for org_id, total in by_org.items():
        for anc in (int(p) for p in paths[org_id].strip("/").split("/") if p):
            out[anc] = out.get(anc, 0) + total
    return out
