from django.utils.translation import gettext_noop

from unionsw.core.menu import MenuItem

MENU = [
    MenuItem(gettext_noop("岗位与合同"), gettext_noop("岗位与空缺"), "employment:posts", "post.view"),
    MenuItem(gettext_noop("岗位与合同"), gettext_noop("配备标准"), "employment:staffing", "post.view"),
    MenuItem(gettext_noop("岗位与合同"), gettext_noop("合同管理"), "employment:contracts", "contract.view"),
    MenuItem(gettext_noop("岗位与合同"), gettext_noop("本月待办提醒"), "employment:alerts", "contract.view"),
    MenuItem(gettext_noop("岗位与合同"), gettext_noop("购买服务"), "employment:providers", "post.view"),
    MenuItem(gettext_noop("岗位与合同"), gettext_noop("岗位类别"), "employment:kinds", "postkind.manage"),
]
