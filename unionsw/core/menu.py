"""The left menu. Each entry shows only to users whose roles carry its permission.

Apps add their entries here (section, label, URL name, permission)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class MenuItem:
    section: str
    label: str
    url_name: str
    permission: str


MENU: list[MenuItem] = [
    MenuItem("工作台", "统计首页", "core:dashboard", "dashboard.view"),
    MenuItem("工作台", "我的档案", "workers:me", "self.view"),
    MenuItem("社工管理", "社工实名库", "workers:list", "worker.view"),
    MenuItem("组织与政策", "组织架构", "orgs:tree", "org.view"),
    MenuItem("组织与政策", "政策配置", "orgs:policy", "policy.view"),
    MenuItem("系统管理", "账号管理", "accounts:users", "user.manage"),
    MenuItem("系统管理", "角色授权", "accounts:roles", "role.grant"),
    MenuItem("系统管理", "登录日志", "accounts:login_log", "security.manage"),
    MenuItem("系统管理", "审计日志", "core:audit", "audit.view"),
]


def menu_for(user) -> list[tuple[str, list[MenuItem]]]:
    sections: dict[str, list[MenuItem]] = {}
    for item in MENU:
        if user.can(item.permission):
            sections.setdefault(item.section, []).append(item)
    return list(sections.items())
