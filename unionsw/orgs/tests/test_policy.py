from datetime import date

import pytest

from unionsw.orgs.models import PolicyProfile
from unionsw.orgs.policy import NOT_SET, POLICY_KEYS, effective_policy, load_profile_files
from unionsw.orgs.services import policy_override_add


def test_every_shipped_profile_uses_only_known_keys_and_cites_sources():
    profiles = load_profile_files()
    assert {p["code"] for p in profiles} == {"shandong", "jiangsu", "hebei", "beijing"}
    for p in profiles:
        assert set(p["values"]) <= set(POLICY_KEYS), p["code"]
        for key, value in p["values"].items():
            if value is not None:
                assert p["sources"].get(key), f"{p['code']}.{key} is set but cites no seed"


@pytest.mark.django_db
def test_shandong_values_as_the_seed_states(world):
    policy = effective_policy(world.street_a)
    assert policy.get("recruit_max_age") == 40
    assert policy.get("ladder") == ["见习干事", "初级干事", "中级干事", "高级干事"]
    assert policy.get("rank_quota") == {"中级干事": 0.2, "高级干事": 0.1}
    assert policy.get("promotion_min_years") == 3
    assert policy.get("performance_pay_ratio") == [0.7, 1.0]


@pytest.mark.django_db
def test_values_the_seeds_do_not_set_are_shown_as_not_set(world):
    item = next(i for i in effective_policy(world.street_a).items() if i.key == "staffing_norm")
    assert item.value is None and item.display == NOT_SET


@pytest.mark.django_db
def test_overrides_are_inherited_down_the_tree_from_their_date(world):
    policy_override_add(
        by=world.province_admin,
        org=world.city_b,
        key="excellent_per_year",
        value=20,
        effective_from=date(2018, 1, 1),
        source="青岛",
    )
    assert effective_policy(world.street_b).get("excellent_per_year") == 20
    assert "青岛市总工会调整" in effective_policy(world.street_b).values["excellent_per_year"].source
    assert effective_policy(world.street_a).get("excellent_per_year") is None  # other city
    assert effective_policy(world.street_b, date(2017, 12, 31)).get("excellent_per_year") is None


@pytest.mark.django_db
def test_a_newer_profile_version_applies_only_from_its_date(world):
    old = PolicyProfile.objects.get(code="shandong")
    PolicyProfile.objects.create(
        code="shandong",
        name="山东省政策（修订）",
        effective_from=date(2030, 1, 1),
        values=old.values | {"recruit_max_age": 35},
        sources=old.sources,
    )
    assert effective_policy(world.street_a, date(2029, 12, 31)).get("recruit_max_age") == 40
    assert effective_policy(world.street_a, date(2030, 1, 1)).get("recruit_max_age") == 35


@pytest.mark.django_db
def test_the_policy_page_names_the_source_and_not_set(world, login):
    client = login(world.county_a_admin)
    page = client.get("/orgs/policy/").content.decode()
    assert "年龄40周岁以下" in page
    assert "未规定" in page


SEED_OF = {  # each profile cites its own documents by title (user pages never say "seed 00x")
    "shandong": ("山东省总工会等《关于加强工会社会工作专业人才队伍建设的意见》", "青岛市总工会"),
    "jiangsu": ("苏政办发〔2020〕41号转发《关于规范和加强全省社会化工会工作者队伍建设的指导意见》",),
    "hebei": ("秦皇岛市总工会《关于工会社会工作岗位管理情况的调研报告》",),
    "beijing": ("北京市总工会《关于对专职工会社会工作者开展资格认证工作的通知》",),
}


NATIONAL_LAW = ("《中华人民共和国劳动合同法》（全国适用）",)  # a default for every profile


def test_劳动合同法第十条_one_month_to_sign_is_every_profiles_default():
    for p in load_profile_files():
        assert p["values"]["contract_sign_limit_months"] == 1, p["code"]
        assert p["sources"]["contract_sign_limit_months"].startswith(NATIONAL_LAW)


def test_every_citation_names_the_profiles_own_seed_and_quotes_it():
    for p in load_profile_files():
        for key, cite in p["sources"].items():
            assert cite.startswith(SEED_OF[p["code"]] + NATIONAL_LAW), f"{p['code']}.{key} cites {cite[:12]}"
            assert "“" in cite, f"{p['code']}.{key} cites the seed without quoting it"
            assert "seed" not in cite and "原文繁体" not in cite, f"{p['code']}.{key} uses developer words"


def test_the_profiles_state_the_same_keys_so_not_set_is_explicit():
    keys = [set(p["values"]) for p in load_profile_files()]
    assert all(k == keys[0] for k in keys)


def _profile(code):
    return next(p for p in load_profile_files() if p["code"] == code)


def test_jiangsu_is_dated_by_its_circular_and_sets_no_hiring_steps():
    jiangsu = _profile("jiangsu")
    assert jiangsu["effective_from"] == "2020-06-02"  # 苏政办发〔2020〕41号, 2020年6月2日
    assert jiangsu["values"]["hiring_steps"] is None  # seed 001 states principles, not steps
    assert jiangsu["values"]["staffing_norm"]["required_from_unions"] == 200
    assert jiangsu["values"]["consecutive_fail_dissolve"] == 2


def test_hebei_ladder_is_the_three_posts_the_seed_names():
    hebei = _profile("hebei")
    assert hebei["values"]["ladder"] == ["初级岗", "三级岗", "二级岗"]
    assert hebei["values"]["rank_certificate"] == {"三级岗": "助理社会工作师等"}  # 等: equivalent certificates


def test_qinhuangdao_city_measures_are_not_hebei_province_rules():
    """《秦皇岛市…实施办法（试行）》: 一述三评一量化, 四挂钩, 奖优罚劣, bonus points are the city's; the report's
    three-year term is Qinhuangdao's tender contract."""
    values = _profile("hebei")["values"]
    for key in ("assessment_scheme", "assessment_dimensions", "pay_basis", "excellent_reallocation", "honours"):
        assert values[key] is None, key
    assert values["contract_term_years"] is None


def test_beijing_exams_twice_a_year_with_plans_due_end_of_march_and_september():
    values = _profile("beijing")["values"]
    assert values["exam_months"] == [5, 11] and values["plan_deadlines"] == ["03-31", "09-30"]
    assert values["recruit_max_age"] is None and values["ladder"] is None


def test_qingdao_practice_is_not_written_into_the_shandong_profile():
    values = _profile("shandong")["values"]
    assert values["excellent_per_year"] is None  # Qingdao's 20 a year is a city override
    assert values["contract_sign_limit_months"] == 1  # national law, not a Qingdao rule


def test_placeholder_dates_are_marked_未规定_not_presented_as_the_documents_dates(world, login):
    from unionsw.orgs.models import PolicyProfile

    shandong = PolicyProfile.objects.get(code="shandong")
    jiangsu = PolicyProfile.objects.get(code="jiangsu")
    assert shandong.date_stated is False and "生效日期未规定" in str(shandong)
    assert jiangsu.date_stated is True and str(jiangsu).endswith("2020-06-02 起）")
    page = login(world.township_admin).get("/orgs/policy/compare/").content.decode()
    assert "生效日期未规定（暂按 2017-01-01）" in page and "2020-06-02 起" in page
