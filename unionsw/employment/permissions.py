PERMISSIONS = {
    "post.view": "查看岗位、配备标准",
    "post.manage": "设置岗位、安排到岗、调动轮岗、购买服务",
    "contract.view": "查看合同及提醒",
    "contract.manage": "拟订、签订、变更、续订、终止、解除合同",
    "exit.manage": "办理离岗（辞职、解聘、期满、退休、死亡）",
    "postkind.manage": "维护岗位类别（全省通用）",
}

GRANTS = {
    "county_admin": ["post.view", "post.manage", "contract.view", "contract.manage", "exit.manage"],
    "city_admin": ["post.view", "contract.view"],
    "province_admin": ["post.view", "contract.view", "postkind.manage"],
    "township_admin": ["post.view", "contract.view"],
}
