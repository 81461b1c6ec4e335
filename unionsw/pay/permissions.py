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

# Chinese names of this app's audit actions (core/audit_labels.py)
AUDIT_LABELS = {
    "pay.allowance_add": "新增津补贴项目",
    "pay.allowance_end": "停止津补贴项目",
    "pay.assessment_link_set": "设置考核与薪酬挂钩系数",
    "pay.bank_account_set": "设置工资账户",
    "pay.correction_open": "新建补发/扣回",
    "pay.declaration_export": "导出社保公积金申报表",
    "pay.grade_set": "核定薪级",
    "pay.ratio_set": "设置绩效工资比例",
    "pay.register_export": "导出工资表",
    "pay.run_approve": "审批工资表（锁定）",
    "pay.run_compute": "计算工资表",
    "pay.run_delete": "删除工资表草稿",
    "pay.run_open": "新建月度工资表",
    "pay.run_return": "退回工资表",
    "pay.run_review": "复核工资表",
    "pay.run_slips": "生成全部工资条",
    "pay.service_fee_set": "登记返聘劳务费",
    "pay.slip_pdf": "下载工资条",
    "pay.table_create": "新建工资标准表",
    "pay.table_update": "修改工资标准表",
    "pay.contribution_create": "新建社保公积金缴费标准",
    "pay.contribution_update": "修改社保公积金缴费标准",
    "pay.tax_deduction_set": "登记专项附加扣除",
    "pay.transfer_export": "导出银行代发清单",
}
