from django.utils.translation import gettext_noop

# display names: kept Chinese here (codes and joins), translated where a page shows them
PERMISSIONS = {
    "stats.view": gettext_noop("查看统计分析与报表"),
    "todo.view": gettext_noop("查看待办"),
    "filing.submit": gettext_noop("报送备案（县级）"),
}

GRANTS = {
    "national_admin": ["stats.view", "todo.view"],
    "province_admin": ["stats.view", "todo.view"],
    "city_admin": ["stats.view", "todo.view"],
    "county_admin": ["stats.view", "todo.view", "filing.submit"],
    "township_admin": ["stats.view", "todo.view"],
}

# Chinese names of this app's audit actions (core/audit_labels.py)
AUDIT_LABELS = {
    "filing.file": gettext_noop("省总备案"),
    "filing.return": gettext_noop("备案退回"),
    "filing.submit": gettext_noop("县级报送备案"),
    "stats.report": gettext_noop("生成统计报告"),
    "todo.restore": gettext_noop("恢复待办"),
    "todo.snooze": gettext_noop("暂缓/忽略待办"),
    "stats.roster_export": gettext_noop("导出花名册（历史日期）"),
    "todo.digest": gettext_noop("订阅/退订待办邮件"),
}
