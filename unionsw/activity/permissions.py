from django.utils.translation import gettext_noop

PERMISSIONS = {
    "worklog.view": gettext_noop("查看工作日志与汇总"),
    "worklog.confirm": gettext_noop("确认、退回工作日志"),
    "worklog.host_review": gettext_noop("实际用人单位：确认、退回本单位社工的工作日志（仅在政策规定由用人单位日常管理的地区有效）"),
    "worklog.self": gettext_noop("填报本人工作日志、志愿服务时长（社工自助）"),
    "volunteer.view": gettext_noop("查看志愿服务与时长汇总"),
    "volunteer.manage": gettext_noop("组织志愿服务活动、确认时长"),
    "volunteer.host_manage": gettext_noop("实际用人单位：组织本单位志愿服务、确认本单位社工的志愿服务时长（仅在政策规定由用人单位日常管理的地区有效）"),
    "honour.view": gettext_noop("查看荣誉表彰"),
    "honour.manage": gettext_noop("登记荣誉表彰"),
    "selection.nominate": gettext_noop("年度优秀社工：县级推荐"),
    "selection.review": gettext_noop("年度优秀社工：市级审核、公示、表彰"),
    "parttime.manage": gettext_noop("登记兼任及聘用单位同意"),
}

GRANTS = {
    "province_admin": ["worklog.view", "volunteer.view", "honour.view", "honour.manage"],
    "city_admin": ["worklog.view", "volunteer.view", "volunteer.manage", "honour.view", "honour.manage", "selection.review"],
    "county_admin": [
        "worklog.view",
        "worklog.confirm",
        "volunteer.view",
        "volunteer.manage",
        "honour.view",
        "honour.manage",
        "selection.nominate",
        "parttime.manage",
    ],
    # the host unit's daily management is policy-gated (POLICY_GATES below); its scope is ORG_ONLY, so it acts on
    # the workers placed at it only
    "township_admin": ["worklog.view", "worklog.host_review", "volunteer.view", "volunteer.host_manage", "honour.view"],
    "worker": ["worklog.self"],
}

# seed 001 (Jiangsu): 社会化工会工作者日常管理由实际用人单位具体负责 — where the holder's org's policy sets
# host_unit_daily_management, these codes carry the county's confirming codes; elsewhere (seed 000, Shandong: 日常管理
# ……由县(市、区)总工会负责) they do nothing and the county confirms.
POLICY_GATES = {
    "worklog.host_review": ("host_unit_daily_management", ["worklog.confirm"]),
    "volunteer.host_manage": ("host_unit_daily_management", ["volunteer.manage"]),
}

# Chinese names of this app's audit actions (core/audit_labels.py)
AUDIT_LABELS = {
    "activity.evidence_download": gettext_noop("下载工作日志佐证"),
    "honour.add": gettext_noop("登记荣誉表彰"),
    "selection.advance": gettext_noop("推进优秀社工评选"),
    "selection.award": gettext_noop("授予优秀社工"),
    "selection.create": gettext_noop("发起优秀社工评选"),
    "selection.nominate": gettext_noop("县级提名优秀社工"),
    "selection.objection": gettext_noop("登记评选公示异议"),
    "selection.objection_resolve": gettext_noop("处理评选公示异议"),
    "selection.review": gettext_noop("市级审核优秀社工"),
    "volunteer.activity_create": gettext_noop("新建志愿服务活动"),
    "volunteer.confirm": gettext_noop("确认志愿服务时长"),
    "volunteer.log": gettext_noop("登记志愿服务时长"),
    "volunteer.participants": gettext_noop("登记志愿服务参与人员"),
    "worklog.add": gettext_noop("填写工作日志"),
    "worklog.export": gettext_noop("导出工作日志汇总"),
    "volunteer.export": gettext_noop("导出志愿服务时长汇总"),
    "worklog.confirm": gettext_noop("确认工作日志"),
    "worklog.return": gettext_noop("退回工作日志"),
    "volunteer.return": gettext_noop("退回志愿服务时长"),
    "parttime.add": gettext_noop("登记兼任"),
    "assessment.workload_prefill": gettext_noop("从工作日志填入年度工作量化表"),
}
