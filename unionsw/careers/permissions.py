from django.utils.translation import gettext_noop

# names translated where a page shows them; the codes and the Chinese are what code joins and stores
PERMISSIONS = {
    "promotion.view": gettext_noop("查看岗位等级晋升"),
    "promotion.propose": gettext_noop("提名晋升（县级）"),
    "promotion.approve": gettext_noop("审批晋升"),
    "recommendation.manage": gettext_noop("择优推荐（专职副主席候选人、党员发展、荣誉）"),
}

GRANTS = {
    "county_admin": ["promotion.view", "promotion.propose", "recommendation.manage"],
    "city_admin": ["promotion.view", "promotion.approve", "recommendation.manage"],
    "province_admin": ["promotion.view"],
}
