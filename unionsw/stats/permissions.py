PERMISSIONS = {
    "stats.view": "查看统计分析与报表",
    "todo.view": "查看待办",
}

GRANTS = {
    "national_admin": ["stats.view", "todo.view"],
    "province_admin": ["stats.view", "todo.view"],
    "city_admin": ["stats.view", "todo.view"],
    "county_admin": ["stats.view", "todo.view"],
    "township_admin": ["stats.view", "todo.view"],
}
