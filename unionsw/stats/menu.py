from django.utils.translation import gettext_noop

from unionsw.core.menu import MenuItem

MENU = [
    MenuItem(gettext_noop("工作台"), gettext_noop("统计首页"), "stats:dashboard", "dashboard.view"),
    MenuItem(gettext_noop("工作台"), gettext_noop("待办事项"), "stats:todo", "todo.view"),
    MenuItem(gettext_noop("统计报表"), gettext_noop("统计分析"), "stats:index", "stats.view"),
    MenuItem(gettext_noop("社工管理"), gettext_noop("报送备案"), "stats:filing_submit", "filing.submit"),
    MenuItem(gettext_noop("社工管理"), gettext_noop("批量备案"), "stats:filing_batch", "worker.file"),
]
