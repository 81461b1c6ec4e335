from unionsw.core.menu import MenuItem

MENU = [
    MenuItem("招聘录用", "招录计划", "recruitment:plans", "recruitment.view"),
    MenuItem("招聘录用", "招聘批次", "recruitment:rounds", "recruitment.view"),
    MenuItem("招聘录用", "统一招聘", "recruitment:unified_create", "recruitment.unify"),
    MenuItem("招聘录用", "面试评分", "recruitment:judge_home", "recruitment.score"),
    MenuItem("招聘录用", "社会考试机构", "recruitment:exam_bodies", "exambody.manage", policy_key="accredited_exam_body"),
]
