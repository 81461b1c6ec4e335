"""The built-in roles. Administrators may add others; these are (re)created by `ensure_builtin_roles`.

Names and descriptions are stored in Chinese (they are data, and audit texts quote them); marked for the
catalogue, so Role.shown_name translates a built-in name where a page shows it."""

from django.utils.translation import gettext_noop

from .models import DataScope, Role
from .permissions import builtin_grants

ADMIN_WORK = [
    "dashboard.view",
    "org.view",
    "policy.view",
    "worker.view",
    "worker.change",
    "worker.reveal",
    "worker.import",
    "worker.export",
    "worker.document",
    "policy.soft_override",
]

BUILTIN_ROLES = [
    {
        "code": "province_admin",
        "name": gettext_noop("省总工会管理员"),
        "data_scope": DataScope.ORG_AND_BELOW,
        "permissions": ADMIN_WORK + ["worker.file", "policy.manage"],
        "description": gettext_noop("全省社工的备案、政策配置和统计"),
    },
    {
        "code": "national_admin",
        "name": gettext_noop("全国总工会管理员"),
        "data_scope": DataScope.ORG_AND_BELOW,
        "permissions": ["dashboard.view", "org.view", "policy.view", "worker.view"],
        "description": gettext_noop("全国汇总：各省备案社工与统计（只读）"),
    },
    {
        "code": "city_admin",
        "name": gettext_noop("市总工会管理员"),
        "data_scope": DataScope.ORG_AND_BELOW,
        "permissions": ADMIN_WORK,
        "description": gettext_noop("审批县级招录计划、督查、年度评议"),
    },
    {
        "code": "county_admin",
        "name": gettext_noop("县级总工会管理员"),
        "data_scope": DataScope.ORG_AND_BELOW,
        "permissions": ADMIN_WORK,
        "description": gettext_noop("招聘、合同、日常管理、年度考核"),
    },
    {
        "code": "township_admin",
        "name": gettext_noop("乡镇（街道）工会管理员"),
        "data_scope": DataScope.ORG_ONLY,
        "permissions": ["dashboard.view", "worker.view", "org.view", "policy.view"],
        "description": gettext_noop("用人单位的日常管理"),
    },
    {
        "code": "worker",
        "name": gettext_noop("社工"),
        "data_scope": DataScope.SELF,
        "permissions": ["self.view"],
        "description": gettext_noop("本人档案（自助）"),
    },
    {
        "code": "sysadmin",
        "name": gettext_noop("系统管理员"),
        "data_scope": DataScope.ORG_AND_BELOW,
        "permissions": ["user.manage", "org.view", "org.manage", "policy.view"],
        "requires_otp": True,
        "description": gettext_noop("账号与组织维护（三员之一）"),
    },
    {
        "code": "secadmin",
        "name": gettext_noop("安全管理员"),
        "data_scope": DataScope.ORG_AND_BELOW,
        "permissions": ["role.grant", "security.manage"],
        "requires_otp": True,
        "description": gettext_noop("角色授权与安全策略（三员之一）"),
    },
    {
        "code": "auditor",
        "name": gettext_noop("安全审计员"),
        "data_scope": DataScope.ORG_AND_BELOW,
        "permissions": ["audit.view"],
        "requires_otp": True,
        "description": gettext_noop("查询审计日志（三员之一）"),
    },
]


def ensure_builtin_roles() -> dict[str, Role]:
    roles = {}
    extra = builtin_grants()
    for spec in BUILTIN_ROLES:
        defaults = {k: v for k, v in spec.items() if k != "code"}
        defaults["permissions"] = list(dict.fromkeys(spec["permissions"] + extra.get(spec["code"], [])))
        role, _ = Role.objects.update_or_create(code=spec["code"], defaults=defaults)
        roles[role.code] = role
    return roles
