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
