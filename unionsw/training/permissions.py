PERMISSIONS = {
    "training.view": "查看培训计划、报名与学时",
    "training.manage": "制定培训计划、班次，报名、签到、认定学时",
    "training.self": "本人培训：报名、签到码签到、结业证书（社工自助）",
}

GRANTS = {
    "province_admin": ["training.view", "training.manage"],
    "city_admin": ["training.view", "training.manage"],
    "county_admin": ["training.view", "training.manage"],
    "township_admin": ["training.view"],
    "worker": ["training.self"],
}
