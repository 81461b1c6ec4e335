from django.utils.translation import gettext_noop

# display names: kept Chinese here (codes and joins), translated where a page shows them
PERMISSIONS = {
    "assessment.view": gettext_noop("查看年度考核"),
    "assessment.manage": gettext_noop("组织年度考核（方案、抽签、评委、等次建议、公布）"),
    "assessment.score": gettext_noop("评委评分"),
    "assessment.host": gettext_noop("岗位所在单位评价"),
    "assessment.city": gettext_noop("市总部门评价"),
    "assessment.county": gettext_noop("县级评定（工作量化、确认等次、诫勉谈话）"),
    "assessment.self": gettext_noop("提交述职（社工本人）"),
    "certification.manage": gettext_noop("资格认证（北京）"),
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
    "assessment.workload_prefill": gettext_noop("按工作日志填入工作量化表"),
}
