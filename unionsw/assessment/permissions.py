PERMISSIONS = {
    "assessment.view": "查看年度考核",
    "assessment.manage": "组织年度考核（方案、抽签、评委、等次建议、公布）",
    "assessment.score": "评委评分",
    "assessment.host": "岗位所在单位评价",
    "assessment.city": "市总部门评价",
    "assessment.county": "县级评定（工作量化、确认等次、诫勉谈话）",
    "assessment.self": "提交述职（社工本人）",
    "certification.manage": "资格认证（北京）",
}

GRANTS = {
    # seed 003: the city convenes the panel, runs the draw and the city-wide ranking;
    # seed 000: in Shandong the county runs its own scheme, so the county may organise a round too.
    "city_admin": ["assessment.view", "assessment.manage", "assessment.city", "certification.manage"],
    "county_admin": ["assessment.view", "assessment.manage", "assessment.county", "certification.manage"],
    "province_admin": ["assessment.view"],
    "township_admin": ["assessment.view", "assessment.host"],
    "worker": ["assessment.self"],
}

# The judge role (评委) is created by services.ensure_judge_role(): SELF scope + assessment.score.

# Chinese names of this app's audit actions (core/audit_labels.py)
AUDIT_LABELS = {
    "assessment.workload_prefill": "按工作日志填入工作量化表",
}
