PERMISSIONS = {
    "worklog.view": "查看工作日志与汇总",
    "worklog.confirm": "确认工作日志（岗位所在单位）",
    "worklog.self": "填报本人工作日志、志愿服务时长（社工自助）",
    "volunteer.view": "查看志愿服务与时长汇总",
    "volunteer.manage": "组织志愿服务活动、确认时长",
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
    "township_admin": ["worklog.view", "worklog.confirm", "volunteer.view", "volunteer.manage", "honour.view"],
    "worker": ["worklog.self"],
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
