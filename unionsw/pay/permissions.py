"""Pay is sensitive: only roles granted these see amounts; a worker sees only their own slips (pay.self)."""

PERMISSIONS = {
    "pay.view": "查看薪酬金额（工资表、工资标准、成本分担）",
    "pay.table": "维护工资标准表、社保公积金缴费标准、津贴补贴",
    "pay.manage": "编制工资表（核定薪级、绩效比例、计算、复核）",
    "pay.approve": "审批工资表（锁定）",
    "pay.shares": "设定工资成本分担比例（省级）",
    "pay.self": "查看本人工资条（社工自助）",
}

GRANTS = {
    "county_admin": ["pay.view", "pay.table", "pay.manage", "pay.approve"],
    "city_admin": ["pay.view", "pay.table"],
    "province_admin": ["pay.view", "pay.table", "pay.shares"],
    "national_admin": ["pay.view"],
    "worker": ["pay.self"],
}
