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

from django.utils.translation import gettext as _

from unionsw.core.i18n import choice_label

# choice_labels (issue 12): the Chinese wherever code joins, formats or stores them (the assessment PDF, other
# apps' f-strings), translated where a page prints them
NOT_SET = choice_label("未规定")

PROFILES_DIR = Path(__file__).parent / "profiles"

# key -> (Chinese label, group), both choice_labels. The order is the order of the policy page.
POLICY_KEYS: dict[str, tuple[str, str]] = {
    "managing_levels": (choice_label("共同管理的工会层级"), choice_label("管理体制")),
    "hiring_mode": (choice_label("招聘方式"), choice_label("招聘录用")),
    "hiring_steps": (choice_label("招聘程序"), choice_label("招聘录用")),
    "recruit_max_age": (choice_label("报名年龄上限（周岁，含本数）"), choice_label("招聘录用")),
    "recruit_min_education": (choice_label("最低学历"), choice_label("招聘录用")),
    "tie_break": (choice_label("同等条件优先"), choice_label("招聘录用")),
    "plan_deadlines": (choice_label("县级招录计划报送截止（月-日）"), choice_label("招聘录用")),
    "exam_months": (choice_label("统一考试月份"), choice_label("招聘录用")),
    "interview_ratio": (choice_label("面试人选比例（人/岗）"), choice_label("招聘录用")),
    "waiting_list_valid_months": (choice_label("备选名单有效期（月）"), choice_label("招聘录用")),
    # issue 12 (city-run recruitment): which level may run a unified round for the counties below it
    "unified_round_level": (choice_label("统一组织招聘的工会层级（统一招聘）"), choice_label("招聘录用")),
    "ladder": (choice_label("岗位等级序列"), choice_label("职业发展")),
    "ladder_pay_grade": (choice_label("岗位等级对应事业单位管理岗位等级"), choice_label("薪酬保障")),
    "rank_quota": (choice_label("岗位等级比例上限"), choice_label("职业发展")),
    "rank_quota_scope": (choice_label("比例控制层级"), choice_label("职业发展")),
    "promotion_min_years": (choice_label("晋升须在本等级任职满（年）"), choice_label("职业发展")),
    "promotion_recent_results": (choice_label("晋升须近几年考核"), choice_label("职业发展")),
    "promotion_min_grade": (choice_label("晋升所需最低考核等次"), choice_label("职业发展")),
    "rank_certificate": (choice_label("岗位等级所需证书"), choice_label("职业发展")),
    "rank_entry_conditions": (choice_label("岗位等级任职条件"), choice_label("职业发展")),
    "performance_pay_ratio": (choice_label("绩效工资占基本工资比例"), choice_label("薪酬保障")),
    "pay_basis": (choice_label("薪酬依据"), choice_label("薪酬保障")),
    "cost_payers": (choice_label("工资承担方"), choice_label("薪酬保障")),
    "contract_sign_limit_months": (choice_label("用工之日起签订劳动合同期限（月）"), choice_label("劳动合同")),
    "contract_term_years": (choice_label("劳动合同期限（年）"), choice_label("劳动合同")),
    # issue 9: "pre-job training required" and "deadline + kinds" are separate rules (Shandong has both, Jiangsu only the second)
    "pretraining_required": (choice_label("须岗前培训"), choice_label("培训")),
    "training_deadline_months": (choice_label("录用后须完成培训的期限（月）"), choice_label("培训")),
    "training_deadline_kinds": (choice_label("期限内须完成的培训类别"), choice_label("培训")),
    "assessment_scheme": (choice_label("年度考核方式"), choice_label("考核管理")),
    "assessment_dimensions": (choice_label("考核内容"), choice_label("考核管理")),
    "fail_requires_admonition": (choice_label("考核不合格须诫勉谈话"), choice_label("考核管理")),
    "consecutive_fail_dissolve": (choice_label("连续几年不合格可解除合同"), choice_label("考核管理")),
    "excellent_per_year": (choice_label("年度优秀社工名额"), choice_label("考核管理")),
    "qualification_certification": (choice_label("须取得资格认证"), choice_label("考核管理")),
    "honours": (choice_label("荣誉与推荐"), choice_label("激励保障")),
    "staffing_norm": (choice_label("配备标准"), choice_label("岗位配备")),
    "province_target_headcount": (choice_label("全省队伍规模目标（人）"), choice_label("岗位配备")),
    # appended by issue 5 (assessment and careers)
    "excellent_ratio": (choice_label("各县优秀等次比例上限"), choice_label("考核管理")),
    "commendation_bonus": (choice_label("受表彰按级别加分（分）"), choice_label("考核管理")),
    "excellent_reallocation": (choice_label("奖优罚劣：优秀名额调剂"), choice_label("考核管理")),
    "promotion_approval_level": (choice_label("晋升审批层级"), choice_label("职业发展")),
    "certification_pass_line": (choice_label("资格认证合格标准"), choice_label("考核管理")),
    # issue 12: rules the seeds write as 原则上 / 一般 — refused by default, an authorised user may override
    # with a written reason (permission policy.soft_override), shown and audited; see is_soft()
    "soft_rules": (choice_label("原则性条款（可写明理由破例）"), choice_label("总则")),
    # issue 12: rules only the Shandong opinion sets, as data instead of code that applied to every province
    "rehired_accident_insurance": (choice_label("返聘人员须购买商业意外险（劳务协议方可生效）"), choice_label("用工方式")),
    "rehired_outside_ladder": (choice_label("返聘人员不执行薪酬标准、职业发展及激励保障制度"), choice_label("用工方式")),
    "renewal_requires_pass": (choice_label("续订合同以年度考核结果为主要依据（不合格不续订）"), choice_label("劳动合同")),
    # appended by issue 9 (training, certificates, honours, volunteer service, work log)
    "training_kinds": (choice_label("培训类别"), choice_label("培训")),
    "certificate_registration": (choice_label("社会工作者职业水平证书须履行登记"), choice_label("激励保障")),
    "worklog_categories": (choice_label("工作日志类别"), choice_label("日常管理")),
    "part_time_needs_consent": (choice_label("兼任其他职务须经聘用单位同意"), choice_label("日常管理")),
    # appended by issue 10 (statistics)
    "stats_filed_only": (choice_label("未备案社工不纳入全省统一管理（统计只计已备案）"), choice_label("管理体制")),
    # appended by issue 8 (pay)
    "cost_shares": (choice_label("工资成本分担比例"), choice_label("薪酬保障")),
    "payroll_approval_level": (choice_label("工资表审批层级"), choice_label("薪酬保障")),
    "assessment_pay_factors": (choice_label("考核结果与薪酬挂钩系数（四挂钩）"), choice_label("薪酬保障")),
    # appended by issue 12 (Beijing, seed 004)
    "hire_exam_grants_qualification": (choice_label("通过入职考试并被录用者同时取得资格"), choice_label("招聘录用")),
    "accredited_exam_body": (choice_label("入职考试由上级工会委托的有资质的社会考试机构组织"), choice_label("招聘录用")),
    "public_welfare_hiring_barred": (choice_label("不再新招录公益性岗位人员专职从事工会工作"), choice_label("用工方式")),
    "treatment_requires_qualification": (choice_label("未取得资格者不享受专职工会社会工作者待遇"), choice_label("薪酬保障")),
    "unregistered_certification_exit": (choice_label("不报名资格认证者视同放弃、应当退出队伍"), choice_label("考核管理")),
    # issue 12: where the employer (实际用人单位) runs the workers' daily management, its admin holds the host-unit
    # actions (accounts.permissions: codes in an app's POLICY_GATES are effective only where this key is on)
    "host_unit_daily_management": (choice_label("实际用人单位负责社工日常管理（确认工作日志、志愿服务时长）"), choice_label("日常管理")),
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
    "county_quantified": choice_label("县级总工会制定办法、量化考核"),
    "four_dimensions": choice_label("用人单位会同县级工会按四个维度考核"),
    "hebei_1s3p1q": choice_label("一述三评一量化"),
    "beijing_certification": choice_label("资格认证与年度考核结合"),
}


@dataclass(frozen=True)
class PolicyValue:
    key: str
    value: Any
    source: str  # human-readable: which profile or override, and the seed it cites (Chinese: a quote, also exported)
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
    """A rule's value as a page shows it, in the page's language (issue 12). Values that are data — rank names,
    document names, the seeds' own wording in lists and dicts — are shown as the profile has them."""
    if value is None:
        return str(NOT_SET)
    sep = _("；")
    if key == "assessment_scheme":
        return str(ASSESSMENT_SCHEMES.get(value, value))
    if key == "rank_quota":
        return sep.join(f"{k} ≤ {v * 100:g}%" for k, v in value.items())
    if key == "performance_pay_ratio":
        return f"{value[0] * 100:g}%–{value[1] * 100:g}%"
    if key == "ladder_pay_grade":
        return sep.join(_("%(rank)s → %(grade)s级") % {"rank": k, "grade": v} for k, v in value.items())
    if key == "promotion_min_grade":
        grades = {"EXCELLENT": _("优秀"), "PASS": _("合格"), "BASIC_PASS": _("基本合格"), "FAIL": _("不合格")}
        return _("%(grade)s及以上") % {"grade": grades.get(value, str(value))}
    if key in ("rank_certificate", "rank_entry_conditions"):
        return sep.join(_("%(key)s：%(value)s") % {"key": k, "value": v} for k, v in value.items())
    if key == "staffing_norm":
        return _(
            "所辖工会不足%(unions)s个且职工不足%(members)s人的可配备%(optional)s名；达到其一的必须配备，一般不超过%(required)s名"
        ) % {
            "unions": value["required_from_unions"],
            "members": value["required_from_members"],
            "optional": value["optional_max"],
            "required": value["required_max"],
        }
    if key == "excellent_reallocation":
        return _("全市排名后%(bottom)s名所在县区各核减%(slots)s个优秀名额，奖励给岗位服务质量优秀的县区") % {
            "bottom": value["bottom"],
            "slots": value["slots"],
        }
    if key == "unified_round_level":
        return {"city": _("设区市总工会"), "province": _("省级（直辖市）总工会")}.get(value, str(value))
    if key in ("rank_quota_scope", "promotion_approval_level"):
        return {"county": _("县（市、区）"), "city": _("设区市"), "province": _("省")}.get(value, str(value))
    if key == "exam_months" and isinstance(value, list):
        return _("、").join(_("%(month)s月") % {"month": m} for m in value)
    if key == "soft_rules" and isinstance(value, list):
        return _("、").join(str(POLICY_KEYS.get(k, (k,))[0]) for k in value) or _("无")
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, list):
        return _("、").join(str(v) for v in value) if key != "hiring_steps" else "→".join(value)
    if isinstance(value, dict):
        return sep.join(_("%(key)s：%(value)s") % {"key": k, "value": v} for k, v in value.items())
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

    return cache.get_or_set(POLICY_GENERATION_KEY, _fresh_generation, None)


def _fresh_generation() -> int:
    """A starting value never used before (microseconds since the epoch), not 1: after the shared cache is
    flushed or restarted, a process's memo (core.localcache) from before must not match the new counter."""
    import time

    return time.time_ns() // 1000


def _incr_policy_generation() -> None:
    from django.core.cache import cache

    try:
        cache.incr(POLICY_GENERATION_KEY)
    except ValueError:
        cache.set(POLICY_GENERATION_KEY, _fresh_generation(), None)


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
    """The sentence added to a refusal when the rule is soft, in the language of the request."""
    if not is_soft(policy, key):
        return ""
    return _("（该条为“原则上/一般”的规定：确需突破的，由有破例权限的人员写明理由后办理）")
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
