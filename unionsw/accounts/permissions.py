"""Every permission code in the platform, with its Chinese label.

The codes of the foundation are listed here; each other app declares its own in `<app>/permissions.py`
as `PERMISSIONS = {code: label}` and `GRANTS = {role_code: [codes]}` (what the built-in roles receive).
`all_permissions()` and `builtin_grants()` collect them, so adding an app never edits this file.

An app may also declare `POLICY_GATES = {code: (policy key, [codes it carries])}`: a code that takes effect only
where the effective policy of the holder's own org sets the key, and then carries the listed codes (e.g. the
host unit's daily management, seed 001: 日常管理由实际用人单位具体负责). `policy_gates()` collects them and
`User.permission_codes` applies them, so every check — service, view, template, menu, API — sees the same answer.
"""

from __future__ import annotations

import importlib
from functools import cache

from django.conf import settings
from django.utils.translation import gettext_noop

PERMISSIONS: dict[str, str] = {
    # dashboard and self-service
    "dashboard.view": gettext_noop("查看统计首页"),
    "self.view": gettext_noop("查看本人档案（社工自助）"),
    # org tree and policy
    "org.view": gettext_noop("查看组织"),
    "org.manage": gettext_noop("维护组织（新增、修改、移动、停用、导入）"),
    "policy.view": gettext_noop("查看政策配置"),
    "policy.manage": gettext_noop("调整政策配置"),
    "policy.soft_override": gettext_noop("依“原则上”“一般”条款破例办理（须写明理由）"),
    # worker registry
    "worker.view": gettext_noop("查看社工"),
    "worker.change": gettext_noop("新增、修改社工"),
    "worker.reveal": gettext_noop("查看完整身份证号、手机号"),
    "worker.import": gettext_noop("导入社工"),
    "worker.export": gettext_noop("导出社工"),
    "worker.file": gettext_noop("社工备案（省总）"),
    "worker.document": gettext_noop("查看、上传个人档案材料"),
    # three separated administrator roles (三员分立)
    "user.manage": gettext_noop("管理账号（新增、停用、重置密码、强制下线）"),
    "role.grant": gettext_noop("授予角色与权限"),
    "security.manage": gettext_noop("安全策略（解锁账号、查看登录日志）"),
    "audit.view": gettext_noop("查询审计日志"),
}

# No single account may hold both sides of any of these pairs (三员分立).
SEPARATED = [
    ("role.grant", "audit.view"),
    ("user.manage", "audit.view"),
    ("user.manage", "role.grant"),
]


def separation_conflicts(codes: set[str]) -> list[tuple[str, str]]:
    return [pair for pair in SEPARATED if pair[0] in codes and pair[1] in codes]


def _app_modules():
    for app in settings.INSTALLED_APPS:
        if app.startswith("unionsw.") and app != "unionsw.accounts":
            try:
                yield importlib.import_module(f"{app}.permissions")
            except ModuleNotFoundError:
                continue


@cache
def all_permissions() -> dict[str, str]:
    result = dict(PERMISSIONS)
    for module in _app_modules():
        result.update(getattr(module, "PERMISSIONS", {}))
    return result


@cache
def policy_gates() -> dict[str, tuple[str, tuple[str, ...]]]:
    gates: dict[str, tuple[str, tuple[str, ...]]] = {}
    for module in _app_modules():
        for code, (key, carried) in getattr(module, "POLICY_GATES", {}).items():
            gates[code] = (key, tuple(carried))
    return gates


def effective_codes(held: frozenset[str], policy_values) -> frozenset[str]:
    """The codes a holder of `held` may use: a policy-gated code counts (with the codes it carries) only where
    `policy_values(keys)` — the holder's org's policy, {key: value} — sets its key; otherwise it is dropped."""
    gates = policy_gates()
    gated = [c for c in held if c in gates]
    if not gated:
        return held
    values = policy_values(tuple(sorted({gates[c][0] for c in gated})))
    on = {c for c in gated if values.get(gates[c][0])}
    carried = {x for c in on for x in gates[c][1]}
    return (held - set(gated)) | on | carried


def builtin_grants() -> dict[str, list[str]]:
    grants: dict[str, list[str]] = {}
    for module in _app_modules():
        for role, codes in getattr(module, "GRANTS", {}).items():
            grants.setdefault(role, []).extend(codes)
    return grants
