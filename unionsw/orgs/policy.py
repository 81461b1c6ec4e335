"""Policy profiles: which rules exist, and the effective policy of an org on a date.

Rules differ by province (SPEC §4), so they are data. A profile is attached to an org (normally
the province); per-org overrides are inherited down the tree. Every value carries where it came
from, and a value that the seeds do not set is None, shown as 未规定 — never invented.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

NOT_SET = "未规定"

PROFILES_DIR = Path(__file__).parent / "profiles"

# key -> (Chinese label, group). The order is the order of the policy page.
POLICY_KEYS: dict[str, tuple[str, str]] = {
    "managing_levels": ("共同管理的工会层级", "管理体制"),
    "hiring_mode": ("招聘方式", "招聘录用"),
    "hiring_steps": ("招聘程序", "招聘录用"),
    "recruit_max_age": ("报名年龄上限（周岁，含本数）", "招聘录用"),
    "recruit_min_education": ("最低学历", "招聘录用"),
    "tie_break": ("同等条件优先", "招聘录用"),
    "plan_deadlines": ("县级招录计划报送截止（月-日）", "招聘录用"),
    "exam_months": ("统一考试月份", "招聘录用"),
    "interview_ratio": ("面试人选比例（人/岗）", "招聘录用"),
    "waiting_list_valid_months": ("备选名单有效期（月）", "招聘录用"),
    # issue 12 (city-run recruitment): which level may run a unified round for the counties below it
    "unified_round_level": ("统一组织招聘的工会层级（统一招聘）", "招聘录用"),
    "ladder": ("岗位等级序列", "职业发展"),
    "ladder_pay_grade": ("岗位等级对应事业单位管理岗位等级", "薪酬保障"),
    "rank_quota": ("岗位等级比例上限", "职业发展"),
    "rank_quota_scope": ("比例控制层级", "职业发展"),
    "promotion_min_years": ("晋升须在本等级任职满（年）", "职业发展"),
    "promotion_recent_results": ("晋升须近几年考核", "职业发展"),
    "promotion_min_grade": ("晋升所需最低考核等次", "职业发展"),
    "rank_certificate": ("岗位等级所需证书", "职业发展"),
    "rank_entry_conditions": ("岗位等级任职条件", "职业发展"),
    "performance_pay_ratio": ("绩效工资占基本工资比例", "薪酬保障"),
    "pay_basis": ("薪酬依据", "薪酬保障"),
    "cost_payers": ("工资承担方", "薪酬保障"),
    "contract_sign_limit_months": ("用工之日起签订劳动合同期限（月）", "劳动合同"),
    "contract_term_years": ("劳动合同期限（年）", "劳动合同"),
    # issue 9: "pre-job training required" and "deadline + kinds" are separate rules (Shandong has both, Jiangsu only the second)
    "pretraining_required": ("须岗前培训", "培训"),
    "training_deadline_months": ("录用后须完成培训的期限（月）", "培训"),
    "training_deadline_kinds": ("期限内须完成的培训类别", "培训"),
    "assessment_scheme": ("年度考核方式", "考核管理"),
    "assessment_dimensions": ("考核内容", "考核管理"),
    "fail_requires_admonition": ("考核不合格须诫勉谈话", "考核管理"),
    "consecutive_fail_dissolve": ("连续几年不合格可解除合同", "考核管理"),
    "excellent_per_year": ("年度优秀社工名额", "考核管理"),
    "qualification_certification": ("须取得资格认证", "考核管理"),
    "honours": ("荣誉与推荐", "激励保障"),
    "staffing_norm": ("配备标准", "岗位配备"),
    "province_target_headcount": ("全省队伍规模目标（人）", "岗位配备"),
    # appended by issue 5 (assessment and careers)
    "excellent_ratio": ("各县优秀等次比例上限", "考核管理"),
    "commendation_bonus": ("受表彰按级别加分（分）", "考核管理"),
    "excellent_reallocation": ("奖优罚劣：优秀名额调剂", "考核管理"),
    "promotion_approval_level": ("晋升审批层级", "职业发展"),
    "certification_pass_line": ("资格认证合格标准", "考核管理"),
    # issue 12: rules the seeds write as 原则上 / 一般 — refused by default, an authorised user may override
    # with a written reason (permission policy.soft_override), shown and audited; see is_soft()
    "soft_rules": ("原则性条款（可写明理由破例）", "总则"),
    # issue 12: rules only the Shandong opinion sets, as data instead of code that applied to every province
    "rehired_accident_insurance": ("返聘人员须购买商业意外险（劳务协议方可生效）", "用工方式"),
    "rehired_outside_ladder": ("返聘人员不执行薪酬标准、职业发展及激励保障制度", "用工方式"),
    "renewal_requires_pass": ("续订合同以年度考核结果为主要依据（不合格不续订）", "劳动合同"),
    # appended by issue 9 (training, certificates, honours, volunteer service, work log)
    "training_kinds": ("培训类别", "培训"),
    "certificate_registration": ("社会工作者职业水平证书须履行登记", "激励保障"),
    "worklog_categories": ("工作日志类别", "日常管理"),
    "part_time_needs_consent": ("兼任其他职务须经聘用单位同意", "日常管理"),
    # appended by issue 10 (statistics)
    "stats_filed_only": ("未备案社工不纳入全省统一管理（统计只计已备案）", "管理体制"),
    # appended by issue 8 (pay)
    "cost_shares": ("工资成本分担比例", "薪酬保障"),
    "payroll_approval_level": ("工资表审批层级", "薪酬保障"),
    "assessment_pay_factors": ("考核结果与薪酬挂钩系数（四挂钩）", "薪酬保障"),
    # appended by issue 12 (Beijing, seed 004)
    "hire_exam_grants_qualification": ("通过入职考试并被录用者同时取得资格", "招聘录用"),
    "accredited_exam_body": ("入职考试由上级工会委托的有资质的社会考试机构组织", "招聘录用"),
    "public_welfare_hiring_barred": ("不再新招录公益性岗位人员专职从事工会工作", "用工方式"),
    "treatment_requires_qualification": ("未取得资格者不享受专职工会社会工作者待遇", "薪酬保障"),
    "unregistered_certification_exit": ("不报名资格认证者视同放弃、应当退出队伍", "考核管理"),
    # issue 12: where the employer (实际用人单位) runs the workers' daily management, its admin holds the host-unit
    # actions (accounts.permissions: codes in an app's POLICY_GATES are effective only where this key is on)
    "host_unit_daily_management": ("实际用人单位负责社工日常管理（确认工作日志、志愿服务时长）", "日常管理"),
}

# The shape of each key's value, used to validate overrides typed by an administrator (orgs.rules).
# A key missing here (e.g. one added later by another app) accepts any JSON value except null.
KEY_SHAPES: dict[str, tuple] = {
    "managing_levels": ("list", "str"),
    "hiring_mode": ("str",),
    "hiring_steps": ("list", "str"),
    "recruit_max_age": ("int",),
    "recruit_min_education": ("enum", ("大专", "本科", "硕士研究生", "博士研究生")),
    "tie_break": ("list", "str"),
    "plan_deadlines": ("list", "month_day"),
    "exam_months": ("list", "month"),
    "interview_ratio": ("number",),
    "waiting_list_valid_months": ("int",),
    "unified_round_level": ("enum", ("city", "province")),
    "ladder": ("list", "str"),
    "ladder_pay_grade": ("dict", "int"),
    "rank_quota": ("dict", "ratio"),
    "rank_quota_scope": ("enum", ("county", "city", "province")),
    "promotion_min_years": ("int",),
    "promotion_recent_results": ("int",),
    "promotion_min_grade": ("enum", ("EXCELLENT", "PASS", "BASIC_PASS", "FAIL")),
    "rank_certificate": ("dict", "str"),
    "rank_entry_conditions": ("dict", "str"),
    "performance_pay_ratio": ("ratio_range",),
    "pay_basis": ("str",),
    "cost_payers": ("list", "str"),
    "contract_sign_limit_months": ("int",),
    "contract_term_years": ("int",),
    "pretraining_required": ("bool",),
    "training_deadline_months": ("int",),
    "training_deadline_kinds": ("list", "str"),
    "assessment_scheme": ("enum", ("county_quantified", "four_dimensions", "hebei_1s3p1q", "beijing_certification")),
    "assessment_dimensions": ("list", "str"),
    "fail_requires_admonition": ("bool",),
    "consecutive_fail_dissolve": ("int",),
    "excellent_per_year": ("int",),
    "qualification_certification": ("bool",),
    "honours": ("list", "str"),
    "staffing_norm": (
        "record",
        ("required_from_unions", "required_from_members", "optional_max", "required_max"),
        ("unions_per_worker", "members_per_worker"),  # optional count formula (employment.rules.staffing_norm)
    ),
    "province_target_headcount": ("int",),
    "soft_rules": ("list", "str"),
    "rehired_accident_insurance": ("bool",),
    "rehired_outside_ladder": ("bool",),
    "renewal_requires_pass": ("bool",),
    "training_kinds": ("list", "str"),
    "certificate_registration": ("bool",),
    "worklog_categories": ("list", "str"),
    "part_time_needs_consent": ("bool",),
    "host_unit_daily_management": ("bool",),
    # appended by issue 8 (pay)
    "cost_shares": ("dict", "ratio"),
    "payroll_approval_level": ("enum", ("county", "city", "province")),
    # appended by issue 12 (Beijing, seed 004)
    "hire_exam_grants_qualification": ("bool",),
    "accredited_exam_body": ("bool",),
    "public_welfare_hiring_barred": ("bool",),
    "treatment_requires_qualification": ("bool",),
    "unregistered_certification_exit": ("bool",),
}

ASSESSMENT_SCHEMES = {
    "county_quantified": "县级总工会制定办法、量化考核",
    "four_dimensions": "用人单位会同县级工会按四个维度考核",
    "hebei_1s3p1q": "一述三评一量化",
    "beijing_certification": "资格认证与年度考核结合",
}


@dataclass(frozen=True)
class PolicyValue:
    key: str
    value: Any
    source: str  # human-readable: which profile or override, and the seed it cites
    origin_org: str = ""

    @property
    def label(self) -> str:
        return POLICY_KEYS[self.key][0]

    @property
    def group(self) -> str:
        return POLICY_KEYS[self.key][1]

    @property
    def is_set(self) -> bool:
        return self.value is not None

    @property
    def display(self) -> str:
        return display_value(self.key, self.value)


@dataclass
class EffectivePolicy:
    on: date
    profile_name: str
    values: dict[str, PolicyValue] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        if key not in POLICY_KEYS:
            raise KeyError(f"unknown policy key {key!r}")
        item = self.values.get(key)
        return default if item is None or item.value is None else item.value

    def __getitem__(self, key: str) -> Any:
        return self.get(key)

    def items(self) -> list[PolicyValue]:
        return [self.values.get(k) or PolicyValue(k, None, "") for k in POLICY_KEYS]


def display_value(key: str, value: Any) -> str:
    if value is None:
        return NOT_SET
    if key == "assessment_scheme":
        return ASSESSMENT_SCHEMES.get(value, str(value))
    if key == "rank_quota":
        return "；".join(f"{k} ≤ {v * 100:g}%" for k, v in value.items())
    if key == "performance_pay_ratio":
        return f"{value[0] * 100:g}%–{value[1] * 100:g}%"
    if key == "ladder_pay_grade":
        return "；".join(f"{k} → {v}级" for k, v in value.items())
    if key == "promotion_min_grade":
        return {"EXCELLENT": "优秀", "PASS": "合格", "BASIC_PASS": "基本合格", "FAIL": "不合格"}.get(value, str(value)) + "及以上"
    if key in ("rank_certificate", "rank_entry_conditions"):
        return "；".join(f"{k}：{v}" for k, v in value.items())
    if key == "staffing_norm":
        return (
            f"所辖工会不足{value['required_from_unions']}个且职工不足{value['required_from_members']}人的可配备"
            f"{value['optional_max']}名；达到其一的必须配备，一般不超过{value['required_max']}名"
        )
    if key == "excellent_reallocation":
        return f"全市排名后{value['bottom']}名所在县区各核减{value['slots']}个优秀名额，奖励给岗位服务质量优秀的县区"
    if key == "unified_round_level":
        return {"city": "设区市总工会", "province": "省级（直辖市）总工会"}.get(value, str(value))
    if key in ("rank_quota_scope", "promotion_approval_level"):
        return {"county": "县（市、区）", "city": "设区市", "province": "省"}.get(value, str(value))
    if key == "exam_months" and isinstance(value, list):
        return "、".join(f"{m}月" for m in value)
    if key == "soft_rules" and isinstance(value, list):
        return "、".join(POLICY_KEYS.get(k, (k,))[0] for k in value) or "无"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(str(v) for v in value) if key != "hiring_steps" else "→".join(value)
    if isinstance(value, dict):
        return "；".join(f"{k}：{v}" for k, v in value.items())
    return str(value)


def load_profile_files() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(PROFILES_DIR.glob("*.json"))]


def resolve(*, chain: list, profile_versions: list, overrides: list, on: date) -> EffectivePolicy:
    """Pure resolution, given the org chain (root first), the versions of the profile in force along
    the chain and the overrides of those orgs. Tests call it directly with hand-made inputs."""
    profile = None
    for org in chain:
        if org.policy_profile_id:
            candidates = [p for p in profile_versions if p.code == org.policy_profile.code and p.effective_from <= on]
            if candidates:
                profile = max(candidates, key=lambda p: p.effective_from)
                profile_org = org
    result = EffectivePolicy(on=on, profile_name=profile.name if profile else "")
    if profile:
        for key in POLICY_KEYS:
            value = profile.values.get(key)
            cite = profile.sources.get(key, "")
            where = f"{profile.name}（{profile.since_label}）"
            result.values[key] = PolicyValue(key, value, f"{where}：{cite}" if cite else where, profile_org.name)
    org_ids = {o.pk: i for i, o in enumerate(chain)}
    applicable = sorted(
        (o for o in overrides if o.org_id in org_ids and o.effective_from <= on),
        key=lambda o: (org_ids[o.org_id], o.effective_from, o.pk or 0),
    )
    names = {o.pk: o.name for o in chain}
    for ov in applicable:
        if ov.key in POLICY_KEYS:
            result.values[ov.key] = PolicyValue(
                ov.key, ov.value, f"{names[ov.org_id]}调整（{ov.effective_from:%Y-%m-%d} 起）：{ov.source}", names[ov.org_id]
            )
    return result


def effective_policy(org, on: date | None = None) -> EffectivePolicy:
    """The policy in force for `org` on `on` (today by default): 3 small queries whatever the depth."""
    from .models import Org, PolicyOverride, PolicyProfile

    on = on or date.today()
    chain = list(Org.objects.filter(pk__in=org.ancestor_ids()).select_related("policy_profile").order_by("path"))
    codes = {o.policy_profile.code for o in chain if o.policy_profile_id}
    versions = list(PolicyProfile.objects.filter(code__in=codes))
    overrides = list(PolicyOverride.objects.filter(org__in=chain))
    return resolve(chain=chain, profile_versions=versions, overrides=overrides, on=on)


POLICY_GENERATION_KEY = "orgs:policy-generation"


def policy_generation() -> int:
    """A counter raised by every change to the org tree, a profile or an override (signals in apps.py, and
    the services that write with update()), so cached reads of effective policies and of the org tree are
    never stale after a write, on any process sharing the cache."""
    from django.core.cache import cache

    return cache.get_or_set(POLICY_GENERATION_KEY, 1, None)


def _incr_policy_generation() -> None:
    from django.core.cache import cache

    try:
        cache.incr(POLICY_GENERATION_KEY)
    except ValueError:
        cache.set(POLICY_GENERATION_KEY, 2, None)


def bump_policy_generation(**_kwargs) -> None:
    """Raise the counter now (the writing transaction reads its own change) and again once the transaction
    commits: a read by another process between the two, which still saw the old rows, was cached under the
    intermediate generation and is never read again."""
    from django.db import transaction

    _incr_policy_generation()
    transaction.on_commit(_incr_policy_generation)


def cached_policy_values(org, keys: tuple[str, ...]) -> dict:
    """{key: value} of today's effective policy of `org` for a few keys, from the cache when nothing in the
    policy has changed since: for hot paths (the menu on every page) that must not run 3 queries each time."""
    from django.core.cache import cache

    cache_key = f"orgs:policy-values:{policy_generation()}:{org.pk}:{date.today():%Y%m%d}:{','.join(keys)}"
    values = cache.get(cache_key)
    if values is None:
        policy = effective_policy(org)
        values = {k: policy.get(k) for k in keys}
        cache.set(cache_key, values, 24 * 3600)
    return values


def is_soft(policy, key: str) -> bool:
    """True when the policy lists `key` among its 原则上/一般 rules (soft_rules)."""
    return key in (policy.get("soft_rules") or [])


def soft_override_reason(*, by, policy, key: str, reason: str | None) -> str | None:
    """The written reason to break a soft rule, or None when the rule must hold: the rule is soft, the user
    holds policy.soft_override and wrote a reason. Callers record the reason and audit it."""
    reason = (reason or "").strip()
    if reason and is_soft(policy, key) and by is not None and by.can("policy.soft_override"):
        return reason[:300]
    return None


def soft_hint(policy, key: str) -> str:
    """The sentence added to a refusal when the rule is soft."""
    if not is_soft(policy, key):
        return ""
    return "（该条为“原则上/一般”的规定：确需突破的，由有破例权限的人员写明理由后办理）"
def effective_policies(orgs, on: date | None = None, *, dates: dict | None = None) -> dict:
    """issue 9: the policy of many orgs at once (alert centre, compliance lists) in 3 queries whatever
    their number, each resolved exactly as `effective_policy` would. Returns {org id: EffectivePolicy}
    on `on`; with `dates` = {key: (org, day)} returns {key: EffectivePolicy} (e.g. each worker's policy
    on their own hire date: history is judged by the rule of its time)."""
    from .models import Org, PolicyOverride, PolicyProfile

    on = on or date.today()
    wanted = dict(dates) if dates is not None else {o.pk: (o, on) for o in orgs}
    distinct = {org.pk: org for org, _ in wanted.values()}
    ancestor_ids = {i for org in distinct.values() for i in org.ancestor_ids()}
    chain_orgs = {o.pk: o for o in Org.objects.filter(pk__in=ancestor_ids).select_related("policy_profile")}
    codes = {o.policy_profile.code for o in chain_orgs.values() if o.policy_profile_id}
    versions = list(PolicyProfile.objects.filter(code__in=codes))
    overrides = list(PolicyOverride.objects.filter(org__in=list(chain_orgs)))
    out, memo, chains, seen = {}, {}, {}, {}
    for key, (org, day) in wanted.items():
        if (org.pk, day) in seen:
            out[key] = seen[(org.pk, day)]
            continue
        if org.pk not in chains:
            chain = [chain_orgs[i] for i in org.ancestor_ids() if i in chain_orgs]
            ids = {c.pk for c in chain}
            chains[org.pk] = (chain, [o for o in overrides if o.org_id in ids])
        chain, mine = chains[org.pk]
        # many days share one resolution: the same profile versions and overrides are in force on them
        signature = (
            org.pk,
            tuple(v.pk for v in versions if v.effective_from <= day),
            tuple(o.pk for o in mine if o.effective_from <= day),
        )
        if signature not in memo:
            memo[signature] = resolve(chain=chain, profile_versions=versions, overrides=mine, on=day)
        out[key] = seen[(org.pk, day)] = memo[signature]
    return out
