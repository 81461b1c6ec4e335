"""Pure assessment rules: the auditable draw, totals, grade proposal with excellent quotas and Hebei's
奖优罚劣 reallocation, consecutive-fail detection. No database access; policy values come in as arguments.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_noop

EXCELLENT, PASS, BASIC, FAIL = "EXCELLENT", "PASS", "BASIC", "FAIL"
# the proposal reasons below are stored with each entry (and printed on its PDF form): they stay Chinese
GRADE_LABEL = {EXCELLENT: "优秀", PASS: "合格", BASIC: "基本合格", FAIL: "不合格"}

# shown on the lots page, translated there (views.lots)
DRAW_ALGORITHM = gettext_noop(
    "抽签算法（任何人可复核）：1. 抽签前公布随机种子 S（64 位十六进制文本，按 UTF-8 文本参与计算）的 SHA-256；2. 评委按账号编号升序、参评社工按档案编号升序排列；"
    '3. 对长度为 n 的列表做 Fisher–Yates 洗牌：i 从 n−1 递减到 1，取 HMAC-SHA256(S, "标签:i") 的前 8 字节作为无符号大端整数 r，'
    "j = r mod (i+1)，交换第 i 和第 j 项（评委标签 judges，播放顺序标签 order）；4. 洗牌后的评委前一半（奇数时多一人）为甲组，其余为乙组；"
    '5. 每个县区的述职由不含本县区评委的那一组评议（交叉互评）；两组都有或都没有本县区评委时，取 HMAC-SHA256(S, "county:县区编号") '
    "首字节的奇偶决定（偶数甲组、奇数乙组）；任何评委都不评本县区社工。"
)


def seed_hash(seed: str) -> str:
    return hashlib.sha256(seed.encode()).hexdigest()


def _rand(seed: str, label: str) -> int:
    digest = hmac.new(seed.encode(), label.encode(), hashlib.sha256).digest()
    return int.from_bytes(digest[:8], "big")


def shuffle(items: list, seed: str, label: str) -> list:
    """Deterministic Fisher–Yates driven by HMAC-SHA256(seed, f"{label}:{i}")."""
    out = list(items)
    for i in range(len(out) - 1, 0, -1):
        j = _rand(seed, f"{label}:{i}") % (i + 1)
        out[i], out[j] = out[j], out[i]
    return out


@dataclass
class Draw:
    groups: dict[int, str]  # judge user id -> "A"/"B"
    order: list[int]  # worker ids in playing order
    county_group: dict[int, str]  # county id -> the group that scores its workers


def draw(seed: str, *, judges: list[tuple[int, int]], workers: list[tuple[int, int]]) -> Draw:
    """judges: [(user id, county id)], workers: [(worker id, county id)]; both sorted inside."""
    judges = sorted(judges)
    shuffled = shuffle([j for j, _ in judges], seed, "judges")
    half = math.ceil(len(shuffled) / 2)
    groups = {uid: ("A" if i < half else "B") for i, uid in enumerate(shuffled)}
    judge_county = dict(judges)
    order = shuffle([w for w, _ in sorted(workers)], seed, "order")
    county_group = {}
    for county in sorted({c for _, c in workers}):
        in_a = any(groups[u] == "A" and judge_county[u] == county for u in groups)
        in_b = any(groups[u] == "B" and judge_county[u] == county for u in groups)
        if in_a and not in_b:
            county_group[county] = "B"
        elif in_b and not in_a:
            county_group[county] = "A"
        else:
            county_group[county] = "A" if _rand(seed, f"county:{county}") >> 56 & 1 == 0 else "B"
    return Draw(groups=groups, order=order, county_group=county_group)


def judge_may_score(*, judge_group: str, judge_county: int | None, entry_group: str, entry_county: int, recused: bool) -> bool:
    return judge_group == entry_group and judge_county != entry_county and not recused


# --- totals ------------------------------------------------------------------------------------


def q2(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def total_score(components: list[dict], scores: dict, bonus: Decimal | int | float = 0) -> Decimal | None:
    """Weighted sum of the component scores (weights in percent) plus the commendation bonus.
    None when any weighted component is still missing."""
    total = Decimal(0)
    for comp in components:
        weight = Decimal(str(comp["weight"]))
        if weight == 0:
            continue
        value = scores.get(comp["code"])
        if value is None:
            return None
        total += Decimal(str(value)) * weight / 100
    return q2(total + Decimal(str(bonus or 0)))


def base_grade(total: Decimal, *, pass_line: Decimal, basic_line: Decimal) -> str:
    if total >= pass_line:
        return PASS
    if total >= basic_line:
        return BASIC
    return FAIL


def quota_floor(ratio, headcount: int) -> int:
    """ "不超过" a ratio: the largest whole number not above ratio × headcount (floor)."""
    if ratio is None:
        return 0
    return math.floor(Decimal(str(ratio)) * headcount + Decimal("1e-9"))


@dataclass
class Candidate:
    key: int  # entry id
    county: int
    total: Decimal
    service: Decimal | None = None  # the host unit's service-quality score
    may_be_excellent: bool = True  # rehired workers are excluded from incentives


@dataclass
class Proposal:
    grades: dict[int, str] = field(default_factory=dict)
    reasons: dict[int, str] = field(default_factory=dict)
    city_rank: dict[int, int] = field(default_factory=dict)
    slots: dict[int, dict] = field(default_factory=dict)  # county -> {base, lost, gained, final, headcount}


def reallocate(
    slots: dict[int, int], *, ranking: list[Candidate], service_by_county: dict[int, Decimal], bottom: int, per_county: int
) -> tuple[dict[int, int], dict[int, int]]:
    """Hebei 奖优罚劣 (seed 003): every county that holds one of the bottom `bottom` places of the
    city-wide ranking loses `per_county` excellent slot(s) (once per county, never below zero); the
    slots taken go, one at a time, to the unpenalised counties with the best average service-quality
    score (the host units' evaluation)."""
    final = dict(slots)
    delta = defaultdict(int)
    taken = 0
    penalised = []
    for cand in ranking[-bottom:] if bottom else []:
        if cand.county not in penalised:
            penalised.append(cand.county)
    for county in penalised:
        lose = min(per_county, final[county])
        final[county] -= lose
        delta[county] -= lose
        taken += lose
    receivers = sorted(
        (c for c in final if c not in penalised and service_by_county.get(c) is not None),
        key=lambda c: (-service_by_county[c], c),
    )
    i = 0
    while taken and receivers:
        county = receivers[i % len(receivers)]
        final[county] += 1
        delta[county] += 1
        taken -= 1
        i += 1
    return final, {k: v for k, v in delta.items() if v}


def propose(
    candidates: list[Candidate],
    *,
    pass_line: Decimal,
    basic_line: Decimal,
    excellent_ratio,
    reallocation: dict | None = None,
) -> Proposal:
    """Base grade by the lines; 优秀 for the best of each county up to its slots (floor of ratio × the
    county's participants), after the reallocation when the policy has one."""
    result = Proposal()
    ranking = sorted(candidates, key=lambda c: (-c.total, c.key))
    for i, cand in enumerate(ranking, 1):
        result.city_rank[cand.key] = i
    by_county: dict[int, list[Candidate]] = defaultdict(list)
    for cand in ranking:
        by_county[cand.county].append(cand)
    slots = {c: quota_floor(excellent_ratio, len(members)) for c, members in by_county.items()}
    delta: dict[int, int] = {}
    final = dict(slots)
    if reallocation:
        service = {}
        for county, members in by_county.items():
            values = [m.service for m in members if m.service is not None]
            service[county] = q2(sum(values) / len(values)) if values else None
        final, delta = reallocate(
            slots, ranking=ranking, service_by_county=service, bottom=reallocation["bottom"], per_county=reallocation["slots"]
        )
    for county, members in by_county.items():
        result.slots[county] = {
            "headcount": len(members),
            "base": slots[county],
            "delta": delta.get(county, 0),
            "final": final[county],
        }
        left = final[county]
        ratio_text = "未规定" if excellent_ratio is None else f"{(Decimal(str(excellent_ratio)) * 100).normalize():f}%"
        for pos, cand in enumerate(members, 1):
            grade = base_grade(cand.total, pass_line=pass_line, basic_line=basic_line)
            why = f"总分 {cand.total}，全市第 {result.city_rank[cand.key]} 名，县内第 {pos} 名"
            line = {PASS: f"≥ 合格线 {pass_line}", BASIC: f"< 合格线 {pass_line}、≥ 基本合格线 {basic_line}"}.get(
                grade, f"< 基本合格线 {basic_line}"
            )
            if grade == PASS and left > 0 and cand.may_be_excellent:
                grade = EXCELLENT
                left -= 1
                why += f"；县优秀名额 {final[county]} 个（比例 {ratio_text} × {len(members)} 人向下取整 = {slots[county]}"
                why += f"，奖优罚劣 {delta[county]:+d}）" if delta.get(county) else "）"
                why += " → 优秀"
            elif grade == PASS and not cand.may_be_excellent:
                why += f"，{line}；返聘人员不参加评优 → 合格"
            elif grade == PASS:
                why += f"，{line}；县优秀名额已用完（{final[county]} 个）→ 合格"
            else:
                why += f"，{line} → {GRADE_LABEL[grade]}"
            result.grades[cand.key] = grade
            result.reasons[cand.key] = why
    return result


def consecutive_fails(grades_by_year: dict[int, str]) -> int:
    """Length of the run of 不合格 ending at the latest year on record (years must be consecutive)."""
    if not grades_by_year:
        return 0
    run, year = 0, max(grades_by_year)
    while grades_by_year.get(year) == FAIL:
        run += 1
        year -= 1
    return run


def unregistered_exit_reason(name: str, register_until) -> str:
    """Seed 004: 不报名者视同放弃资格认证，应当退出专职工会社会工作者队伍 — the ground an exit started from an
    unregistered worker of a sitting carries (prefilled on the exit form, kept as the exit's reason: Chinese)."""
    return (
        f"视同放弃资格认证：{name}报名已于{register_until:%Y-%m-%d}截止，本人未报名"
        "（不报名者视同放弃资格认证，应当退出专职工会社会工作者队伍）"
    )
