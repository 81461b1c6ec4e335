PERMISSIONS = {
    "stats.view": "查看统计分析与报表",
    "todo.view": "查看待办",
    "filing.submit": "报送备案（县级）",
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
    "filing.file": "省总备案",
    "filing.return": "备案退回",
    "filing.submit": "县级报送备案",
    "stats.report": "生成统计报告",
    "todo.restore": "恢复待办",
    "todo.snooze": "暂缓/忽略待办",
    "stats.roster_export": "导出花名册（历史日期）",
    "todo.digest": "订阅/退订待办邮件",
}
