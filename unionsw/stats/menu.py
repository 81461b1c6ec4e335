from unionsw.core.menu import MenuItem

MENU = [
    MenuItem("工作台", "统计首页", "stats:dashboard", "dashboard.view"),
    MenuItem("工作台", "待办事项", "stats:todo", "todo.view"),
    MenuItem("统计报表", "统计分析", "stats:index", "stats.view"),
    MenuItem("社工管理", "报送备案", "stats:filing_submit", "filing.submit"),
    MenuItem("社工管理", "批量备案", "stats:filing_batch", "worker.file"),
]
