from unionsw.core.menu import MenuItem

MENU = [
    MenuItem("岗位与合同", "岗位与空缺", "employment:posts", "post.view"),
    MenuItem("岗位与合同", "配备标准", "employment:staffing", "post.view"),
    MenuItem("岗位与合同", "合同管理", "employment:contracts", "contract.view"),
    MenuItem("岗位与合同", "本月待办提醒", "employment:alerts", "contract.view"),
    MenuItem("岗位与合同", "购买服务", "employment:providers", "post.view"),
    MenuItem("岗位与合同", "岗位类别", "employment:kinds", "postkind.manage"),
]
