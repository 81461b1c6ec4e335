PERMISSIONS = {
    "worklog.view": "查看工作日志与汇总",
    "worklog.confirm": "确认、退回工作日志",
    "worklog.host_review": "实际用人单位：确认、退回本单位社工的工作日志（仅在政策规定由用人单位日常管理的地区有效）",
    "worklog.self": "填报本人工作日志、志愿服务时长（社工自助）",
    "volunteer.view": "查看志愿服务与时长汇总",
    "volunteer.manage": "组织志愿服务活动、确认时长",
    "volunteer.host_manage": "实际用人单位：组织本单位志愿服务、确认本单位社工的志愿服务时长（仅在政策规定由用人单位日常管理的地区有效）",
    "honour.view": "查看荣誉表彰",
    "honour.manage": "登记荣誉表彰",
    "selection.nominate": "年度优秀社工：县级推荐",
    "selection.review": "年度优秀社工：市级审核、公示、表彰",
    "parttime.manage": "登记兼任及聘用单位同意",
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
    "activity.evidence_download": "下载工作日志佐证",
    "honour.add": "登记荣誉表彰",
    "selection.advance": "推进优秀社工评选",
    "selection.award": "授予优秀社工",
    "selection.create": "发起优秀社工评选",
    "selection.nominate": "县级提名优秀社工",
    "selection.objection": "登记评选公示异议",
    "selection.objection_resolve": "处理评选公示异议",
    "selection.review": "市级审核优秀社工",
    "volunteer.activity_create": "新建志愿服务活动",
    "volunteer.confirm": "确认志愿服务时长",
    "volunteer.log": "登记志愿服务时长",
    "volunteer.participants": "登记志愿服务参与人员",
    "worklog.add": "填写工作日志",
    "worklog.export": "导出工作日志汇总",
    "volunteer.export": "导出志愿服务时长汇总",
    "worklog.confirm": "确认工作日志",
    "worklog.return": "退回工作日志",
    "volunteer.return": "退回志愿服务时长",
    "parttime.add": "登记兼任",
    "assessment.workload_prefill": "从工作日志填入年度工作量化表",
}
