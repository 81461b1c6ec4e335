PERMISSIONS = {
    "promotion.view": "查看岗位等级晋升",
    "promotion.propose": "提名晋升（县级）",
    "promotion.approve": "审批晋升",
    "recommendation.manage": "择优推荐（专职副主席候选人、党员发展、荣誉）",
}

GRANTS = {
    "county_admin": ["promotion.view", "promotion.propose", "recommendation.manage"],
    "city_admin": ["promotion.view", "promotion.approve", "recommendation.manage"],
    "province_admin": ["promotion.view"],
}
