"""The small Hebei province of the demo (示例数据, issue 13): beside Shandong under the national level, on
the Hebei profile, with a 秦皇岛 city that carries the city measures as a labelled city-level policy
override (seed 003: 《秦皇岛市工会社会工作岗位服务质量评价和岗位晋升管理实施办法(试行)》 — 一述三评一量化,
四挂钩, 奖优罚劣, bonus points). So the side-by-side policy pages compare live data of two provinces.

Built through the real services only: org_create with the profile, policy_override_add per rule,
worker_create / worker_file by the Hebei province admin.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from unionsw.core import idnumber
from unionsw.orgs import services as org_services
from unionsw.orgs.models import OrgKind, OrgLevel, PolicyProfile
from unionsw.workers import services as worker_services
from unionsw.workers.models import EmploymentMode, WorkerStatus

# county -> (GB/T 2260 code, streets)
QINHUANGDAO = {
    "海港区": ("130302", ["文化路街道", "海滨路街道"]),
    "山海关区": ("130303", ["南关街道", "古城街道"]),
    "北戴河区": ("130304", ["西山街道"]),
}

CITY_MEASURES = "《秦皇岛市工会社会工作岗位服务质量评价和岗位晋升管理实施办法(试行)》"
CITY_MEASURES_FROM = date(2024, 5, 9)  # the date of the seed 003 report that quotes the measures
# The city measures as overrides of the Hebei profile at the city (inherited by its counties and streets).
CITY_OVERRIDES = [
    ("assessment_scheme", "hebei_1s3p1q", "“一述三评一量化”评价"),
    (
        "assessment_dimensions",
        [
            "一述：全体社工以视频形式述职",
            "评：各县区分管副主席组成评审组，抽签分组、抽签定播放顺序、两组交叉互评",
            "评：岗位所在单位对岗位服务质量提出评价意见",
            "评：市总各部门根据岗位服务质量进行评价",
            "一量化：填报《年度工作量化表》及佐证材料",
        ],
        "“一述三评一量化”：述职、三评、量化表",
    ),
    ("pay_basis", "与年度考核结果挂钩（四挂钩）", "评价结果“四挂钩”：与岗位薪酬总额、年度奖金发放、岗位等级晋升、择优推荐挂钩"),
    (
        "excellent_reallocation",
        {"bottom": 3, "slots": 1, "reward": "service_quality"},
        "“奖优罚劣”：全市排名，核减后数三名岗位所在县区优秀名额，奖励给岗位服务质量优秀的县区",
    ),
    ("honours", ["按表彰级别加分"], "获得市委市政府及上级工会通报表扬或荣誉的列为加分项，按照不同级别赋予相应加分"),
]

NAMES = ["刘海燕", "王建国", "张欣怡", "李志强", "赵子涵", "陈立新", "杨佳琪", "孙文博", "周雨晨", "吴晓东", "郑春梅", "冯浩然"]


def _apply_city_measures(*, by, city) -> None:
    # The `fidelity` work ships the same measures as an override example (orgs/profiles/overrides/
    # qinhuangdao.json); use it when present so that there is one copy of the values.
    apply_example = getattr(org_services, "policy_override_example_apply", None)
    if apply_example is not None:
        try:
            apply_example(by=by, org=city, code="qinhuangdao")
            return
        except (LookupError, FileNotFoundError, ValueError):
            pass
    for key, value, what in CITY_OVERRIDES:
        org_services.policy_override_add(
            by=by,
            org=city,
            key=key,
            value=value,
            effective_from=CITY_MEASURES_FROM,
            source=f"示例（秦皇岛市做法）：秦皇岛市总工会{CITY_MEASURES}，据秦皇岛市总工会《关于工会社会工作岗位管理情况的调研报告》转述：{what}",
        )


def demo_org(parent, level, **data):
    """One demo org through org_create (labelled is_demo), as the loader builds every org of the tree."""
    return org_services.org_create(by=None, parent=parent, level=level, skip_scope=True, is_demo=True, data=data)


def load_hebei(ctx, password: str) -> None:
    from unionsw.accounts.roles import ensure_builtin_roles

    from .province import _user

    roles = ensure_builtin_roles()
    hebei_profile = PolicyProfile.objects.filter(code="hebei").order_by("-effective_from").first()
    province = demo_org(
        ctx.national, OrgLevel.PROVINCE, name="河北省总工会（示例）", region_code="130000", policy_profile=hebei_profile, sort=1
    )
    ctx.provinces["河北省"] = province
    city = demo_org(province, OrgLevel.CITY, name="秦皇岛市总工会", region_code="130300")
    units = []
    for i, (county_name, (code, streets)) in enumerate(QINHUANGDAO.items()):
        county = demo_org(city, OrgLevel.COUNTY, name=f"{county_name}总工会", region_code=code, sort=i)
        for j, street in enumerate(streets):
            units.append(
                demo_org(
                    county,
                    OrgLevel.TOWNSHIP,
                    name=f"{street}工会",
                    kind=OrgKind.STREET,
                    union_count=ctx.rng.randint(40, 260),
                    member_count=ctx.rng.randint(900, 12000),
                    sort=j,
                )
            )
    admin = _user("hebei", province, [roles["province_admin"]], "河北省总工会管理员", password)
    ctx.users["hebei"] = admin
    ctx.users["qinhuangdao"] = _user("qinhuangdao", city, [roles["city_admin"]], "秦皇岛市总工会管理员", password)
    _apply_city_measures(by=admin, city=city)
    from unionsw.recruitment.demo import load_hebei as load_hebei_recruitment

    load_hebei_recruitment(ctx, city=city, province_admin=admin, password=password)

    today = timezone.localdate()
    for n, name in enumerate(NAMES):
        unit = units[n % len(units)]
        region = unit.parent.region_code
        born = date(1985 + n, 1 + n % 12, 3 + n)
        hired = today - timedelta(days=400 + 97 * n)
        worker = worker_services.worker_create(
            by=admin,
            reason="示例数据导入",
            data={
                "name": name,
                "id_number": idnumber.build(region, born, 300 + n),
                "phone": f"139{ctx.rng.randint(0, 99999999):08d}",
                "ethnicity": "汉族",
                "political_status": "cpc" if n % 2 else "masses",
                "education": "bachelor",
                "major": "社会工作",
                "employment_mode": EmploymentMode.PURCHASED_SERVICE,
                "org": unit,
                "post_title": "组建指导岗",
                "rank": "初级岗" if n % 4 else "三级岗",
                "rank_since": hired,
                "status": WorkerStatus.ACTIVE,
                "hired_on": hired,
                "left_on": None,
            },
        )
        if n % 3:
            worker_services.worker_file(by=admin, worker=worker, filed_on=hired + timedelta(days=20))
