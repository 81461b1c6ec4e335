from unionsw.core.i18n import choice_label

PERMISSIONS = {
    "training.view": choice_label("查看培训计划、报名与学时"),
    "training.manage": choice_label("制定培训计划、班次，报名、签到、认定学时"),
    "training.self": choice_label("本人培训：报名、签到码签到、结业证书（社工自助）"),
}

GRANTS = {
    "province_admin": ["training.view", "training.manage"],
    "city_admin": ["training.view", "training.manage"],
    "county_admin": ["training.view", "training.manage"],
    "township_admin": ["training.view"],
    "worker": ["training.self"],
}

# Chinese names of this app's audit actions (core/audit_labels.py)
AUDIT_LABELS = {
    "training.attendance": choice_label("登记培训签到"),
    "training.certificate": choice_label("下载培训结业证书"),
    "training.enrol": choice_label("培训报名（组织者）"),
    "training.plan_create": choice_label("新建年度培训计划"),
    "training.self_enrol": choice_label("培训自主报名"),
    "training.session_create": choice_label("新建培训班次"),
    "training.signin": choice_label("培训签到"),
    "training.signin_close": choice_label("关闭签到码"),
    "training.signin_open": choice_label("生成签到码"),
    "training.exam": choice_label("记录职业水平考试"),
    "training.enrol_import": choice_label("按名单导入培训报名"),
}
