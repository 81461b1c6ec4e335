"""The left menu. Each entry shows only to users whose roles carry its permission.

The foundation's entries are here; every other app lists its own in `<app>/menu.py` as
`MENU = [MenuItem(...)]`, collected in INSTALLED_APPS order and placed by section."""

import importlib
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.utils.translation import gettext_noop


@dataclass(frozen=True)
class MenuItem:
    # section and label are the Chinese texts, marked with gettext_noop for the catalogue (locale/) and translated
    # where the layout draws them (core/context_processors.py): they also key the sections and their order
    section: str
    label: str
    url_name: str
    permission: str
    # shown only where the user's own org's policy sets this key (e.g. Beijing's qualification_certification)
    policy_key: str | None = None


MENU: list[MenuItem] = [
    MenuItem(gettext_noop("工作台"), gettext_noop("我的档案"), "workers:me", "self.view"),
    MenuItem(gettext_noop("社工管理"), gettext_noop("社工实名库"), "workers:list", "worker.view"),
    MenuItem(gettext_noop("组织与政策"), gettext_noop("组织架构"), "orgs:tree", "org.view"),
    MenuItem(gettext_noop("组织与政策"), gettext_noop("政策配置"), "orgs:policy", "policy.view"),
    MenuItem(gettext_noop("系统管理"), gettext_noop("账号管理"), "accounts:users", "user.manage"),
    MenuItem(gettext_noop("系统管理"), gettext_noop("角色授权"), "accounts:roles", "role.grant"),
    MenuItem(gettext_noop("系统管理"), gettext_noop("登录日志"), "accounts:login_log", "security.manage"),
    MenuItem(gettext_noop("系统管理"), gettext_noop("审计日志"), "core:audit", "audit.view"),
]


SECTION_ORDER = [gettext_noop("工作台"), gettext_noop("统计报表"), gettext_noop("社工管理"), gettext_noop("招聘录用"), gettext_noop("岗位与合同"), gettext_noop("考核与晋升"), gettext_noop("培训与活动"), gettext_noop("薪酬待遇"), gettext_noop("组织与政策"), gettext_noop("系统管理")]


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
