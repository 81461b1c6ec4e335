"""The left menu. Each entry shows only to users whose roles carry its permission.

The foundation's entries are here; every other app lists its own in `<app>/menu.py` as
`MENU = [MenuItem(...)]`, collected in INSTALLED_APPS order and placed by section."""

import importlib
from dataclasses import dataclass
from functools import cache

from django.conf import settings


@dataclass(frozen=True)
class MenuItem:
    section: str
    label: str
    url_name: str
    permission: str
    # shown only where the user's own org's policy sets this key (e.g. Beijing's qualification_certification)
    policy_key: str | None = None


MENU: list[MenuItem] = [
    MenuItem("工作台", "我的档案", "workers:me", "self.view"),
    MenuItem("社工管理", "社工实名库", "workers:list", "worker.view"),
    MenuItem("组织与政策", "组织架构", "orgs:tree", "org.view"),
    MenuItem("组织与政策", "政策配置", "orgs:policy", "policy.view"),
    MenuItem("系统管理", "账号管理", "accounts:users", "user.manage"),
    MenuItem("系统管理", "角色授权", "accounts:roles", "role.grant"),
    MenuItem("系统管理", "登录日志", "accounts:login_log", "security.manage"),
    MenuItem("系统管理", "审计日志", "core:audit", "audit.view"),
]


SECTION_ORDER = ["工作台", "统计报表", "社工管理", "招聘录用", "岗位与合同", "考核与晋升", "培训与活动", "薪酬待遇", "组织与政策", "系统管理"]


@cache
def all_menu_items() -> list[MenuItem]:
    items = list(MENU)
    for app in settings.INSTALLED_APPS:
        if app.startswith("unionsw.") and app != "unionsw.core":
            try:
                module = importlib.import_module(f"{app}.menu")
            except ModuleNotFoundError:
                continue
            items.extend(module.MENU)
    order = {s: i for i, s in enumerate(SECTION_ORDER)}
    return sorted(items, key=lambda i: order.get(i.section, len(order)))  # stable within a section


def menu_for(user) -> list[tuple[str, list[MenuItem]]]:
    sections: dict[str, list[MenuItem]] = {}
    items = [item for item in all_menu_items() if user.can(item.permission)]
    policy = _policy_of(user, tuple(sorted({i.policy_key for i in items if i.policy_key})))
    for item in items:
        if item.policy_key and not policy.get(item.policy_key):
            continue
        sections.setdefault(item.section, []).append(item)
    return list(sections.items())


def _policy_of(user, keys: tuple[str, ...]) -> dict:
    """The values of `keys` in the effective policy of the user's org ({} without an org or keys), cached until
    the policy changes: the menu is drawn on every page. Imported late: core imports no feature app at module
    level, and orgs' policy reads only its own models."""
    if not (keys and user.org_id):
        return {}
    from django.utils.module_loading import import_string

    return import_string("unionsw.orgs.policy.cached_policy_values")(user.org, keys)
