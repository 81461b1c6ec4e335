from unionsw.core.menu import MenuItem

MENU = [
    MenuItem("工作台", "统计首页", "stats:dashboard", "dashboard.view"),
    MenuItem("统计报表", "统计分析", "stats:index", "stats.view"),
]
