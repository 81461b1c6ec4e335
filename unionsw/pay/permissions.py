"""Pay is sensitive: only roles granted these see amounts; a worker sees only their own slips (pay.self).

The names stay Chinese strings (they are joined and formatted by accounts and core.audit_labels); gettext_noop puts
them in the catalogue, for the pages that show them to translate at display."""

from django.utils.translation import gettext_noop

PERMISSIONS = {
    "pay.view": gettext_noop("查看薪酬金额（工资表、工资标准、成本分担）"),
    "pay.table": gettext_noop("维护工资标准表、社保公积金缴费标准、津贴补贴"),
    "pay.manage": gettext_noop("编制工资表（核定薪级、绩效比例、计算、复核）"),
    "pay.approve": gettext_noop("审批工资表（锁定）"),
    "pay.shares": gettext_noop("设定工资成本分担比例（省级）"),
    "pay.self": gettext_noop("查看本人工资条（社工自助）"),
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
    "pay.allowance_add": gettext_noop("新增津补贴项目"),
    "pay.allowance_end": gettext_noop("停止津补贴项目"),
    "pay.assessment_link_set": gettext_noop("设置考核与薪酬挂钩系数"),
    "pay.bank_account_set": gettext_noop("设置工资账户"),
    "pay.correction_open": gettext_noop("新建补发/扣回"),
    "pay.declaration_export": gettext_noop("导出社保公积金申报表"),
    "pay.grade_set": gettext_noop("核定薪级"),
    "pay.ratio_set": gettext_noop("设置绩效工资比例"),
    "pay.register_export": gettext_noop("导出工资表"),
    "pay.run_approve": gettext_noop("审批工资表（锁定）"),
    "pay.run_compute": gettext_noop("计算工资表"),
    "pay.run_delete": gettext_noop("删除工资表草稿"),
    "pay.run_open": gettext_noop("新建月度工资表"),
    "pay.run_return": gettext_noop("退回工资表"),
    "pay.run_review": gettext_noop("复核工资表"),
    "pay.run_slips": gettext_noop("生成全部工资条"),
    "pay.service_fee_set": gettext_noop("登记返聘劳务费"),
    "pay.slip_pdf": gettext_noop("下载工资条"),
    "pay.table_create": gettext_noop("新建工资标准表"),
    "pay.table_update": gettext_noop("修改工资标准表"),
    "pay.contribution_create": gettext_noop("新建社保公积金缴费标准"),
    "pay.contribution_update": gettext_noop("修改社保公积金缴费标准"),
    "pay.tax_deduction_set": gettext_noop("登记专项附加扣除"),
    "pay.transfer_export": gettext_noop("导出银行代发清单"),
}
