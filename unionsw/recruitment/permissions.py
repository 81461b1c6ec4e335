from unionsw.core.i18n import choice_label

# the names are shown on the role pages and joined into refusals: choice_label (Chinese for code, translated when printed)
PERMISSIONS = {
    "recruitment.view": choice_label("查看招聘录用"),
    "recruitment.manage": choice_label("组织招聘（县级：计划、公告、审查、考试、体检考察、公示、录用）"),
    "recruitment.approve": choice_label("审批县级招录计划（市总）"),
    "recruitment.file": choice_label("招录计划和拟录用人员备案（省总）"),
    "recruitment.score": choice_label("面试评分（评委）"),
    "exambody.manage": choice_label("管理受委托的社会考试机构（北京：市总工会委托的、有资质的社会考试机构）"),
    "recruitment.unify": choice_label("组织统一招聘（市总：纳入所辖县级计划和直属单位岗位，统一报名、审查、考试、排名）"),
}

GRANTS = {
    "county_admin": ["recruitment.view", "recruitment.manage"],
    "city_admin": ["recruitment.view", "recruitment.approve", "recruitment.unify"],
    "province_admin": ["recruitment.view", "recruitment.file", "exambody.manage"],
}
