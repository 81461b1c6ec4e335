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
