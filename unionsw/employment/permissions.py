from unionsw.core.i18n import choice_label

PERMISSIONS = {
    "post.view": choice_label("查看岗位、配备标准"),
    "post.manage": choice_label("设置岗位、安排到岗、调动轮岗、购买服务"),
    "contract.view": choice_label("查看合同及提醒"),
    "contract.manage": choice_label("拟订、签订、变更、续订、终止、解除合同"),
    "exit.manage": choice_label("办理离岗（辞职、解聘、期满、退休、死亡）"),
    "postkind.manage": choice_label("维护岗位类别（全省通用）"),
}

GRANTS = {
    "county_admin": ["post.view", "post.manage", "contract.view", "contract.manage", "exit.manage"],
    "city_admin": ["post.view", "contract.view"],
    "province_admin": ["post.view", "contract.view", "postkind.manage"],
    "township_admin": ["post.view", "contract.view"],
}
