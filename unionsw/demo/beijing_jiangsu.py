"""Two more small provinces of the demo (示例数据, issue 10): Beijing and Jiangsu, each on its own profile under the
national level, with one city-level federation, one county, two streets and a few workers, and the data that
makes their policy-specific to-do rows appear:

- Beijing (资格认证): a first certification sitting (首次认证) of the district federation whose registration has
  closed with some workers not registered — its admin (`haidian`) sees 资格认证未报名，待办理退出 (不报名者视同放弃
  资格认证，应当退出) and starts each exit from the sitting's list; the province admin (`beijing`) keeps the
  社会考试机构 the entry exam is entrusted to.
- Jiangsu (考核不合格的，应对其进行诫勉谈话): a 不合格 result of last year with no 诫勉谈话 — the county admin
  (`gulou`) sees 不合格未诫勉谈话.
- Jiangsu (日常管理由实际用人单位具体负责, 会同实际用人单位共同考核): the host-unit admin of 宁海路街道 (`ninghai`)
  finds its workers' work-log entries and a self-logged volunteer hour waiting for its confirmation (华侨路街道's
  are not its own), and this year's four-dimension round of 鼓楼区, drawn, waiting for its 用人单位评价.

Built through the real services (org_create with the profile, worker_create / worker_file); the sitting and
the result are rows the pages would create.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from unionsw.core import idnumber
from unionsw.orgs.models import OrgKind, OrgLevel, PolicyProfile
from unionsw.workers import services as worker_services
from unionsw.workers.models import EmploymentMode, WorkerStatus

PROVINCES = [
    # code, province, region, city level, county level, county region, streets, (admin, label, second, label, level), names
    # Beijing's districts answer to the municipal federation, so the district federation sits at the city level
    # and organises the certification sitting; its admin is a city admin.
    (
        "beijing",
        "北京市总工会（示例）",
        "110000",
        "北京市海淀区总工会",
        "中关村地区工会联合会",
        "110108",
        ["海淀街道", "学院路街道"],
        ("beijing", "北京市总工会管理员", "haidian", "海淀区总工会管理员", "city"),
        ["高文静", "马晓峰", "林悦", "宋佳明", "何雨桐", "罗振宇"],
    ),
    (
        "jiangsu",
        "江苏省总工会（示例）",
        "320000",
        "南京市总工会",
        "鼓楼区总工会",
        "320106",
        ["宁海路街道", "华侨路街道"],
        ("jiangsu", "江苏省总工会管理员", "gulou", "鼓楼区总工会管理员", "county"),
        ["朱晨曦", "蒋丽华", "沈一鸣", "韩梦洁", "唐宇航", "许静怡"],
    ),
]


def load_beijing_jiangsu(ctx, password: str) -> None:
    from unionsw.accounts.roles import ensure_builtin_roles

    from .hebei import demo_org
    from .province import _user

    roles = ensure_builtin_roles()
    today = timezone.localdate()
    for sort, (code, pname, pregion, cname, county_name, county_region, streets, users, names) in enumerate(PROVINCES, start=2):
        profile = PolicyProfile.objects.filter(code=code).order_by("-effective_from").first()
        province = demo_org(
            ctx.national, OrgLevel.PROVINCE, name=pname, region_code=pregion, policy_profile=profile, sort=sort
        )
        ctx.provinces[pname.removesuffix("总工会（示例）")] = province
        city = demo_org(province, OrgLevel.CITY, name=cname)
        county = demo_org(city, OrgLevel.COUNTY, name=county_name, region_code=county_region)
        units = [
            demo_org(county, OrgLevel.TOWNSHIP, name=f"{s}工会", kind=OrgKind.STREET, union_count=ctx.rng.randint(40, 200), sort=j)
            for j, s in enumerate(streets)
        ]
        admin_name, admin_label, second, second_label, level = users
        admin = _user(admin_name, province, [roles["province_admin"]], admin_label, password)
        ctx.users[admin_name] = admin
        where = city if level == "city" else county
        # Beijing's district federation (at the city level of the tree) also does the county's work — it hires
        # (区县总工会新招录), signs contracts and carries out exits — so its admin holds both roles
        second_roles = [roles[f"{level}_admin"]] + ([roles["county_admin"]] if code == "beijing" else [])
        ctx.users[second] = _user(second, where, second_roles, second_label, password)
        workers = []
        for n, name in enumerate(names):
            unit = units[n % len(units)]
            hired = today - timedelta(days=500 + 131 * n)
            worker = worker_services.worker_create(
                by=admin,
                reason="示例数据导入",
                data={
                    "name": name,
                    "id_number": idnumber.build(county_region, date(1988 + n, 2 + n, 5 + n), 400 + n),
                    "phone": f"138{ctx.rng.randint(0, 99999999):08d}",
                    "ethnicity": "汉族",
                    "political_status": "cpc" if n % 2 else "masses",
                    "education": "bachelor",
                    "major": "社会工作",
                    "employment_mode": EmploymentMode.PUBLIC_HIRE,
                    "org": unit,
                    "post_title": "维权服务岗",
                    "rank": "",
                    "rank_since": None,
                    "status": WorkerStatus.ACTIVE,
                    "hired_on": hired,
                    "left_on": None,
                },
            )
            worker_services.worker_file(by=admin, worker=worker, filed_on=hired + timedelta(days=30))
            workers.append(worker)
        if code == "beijing":
            _open_certification(city, workers, today)
            _exam_body(province, admin, today)
        else:
            _fail_without_admonition(workers[0], today)
            ctx.users["ninghai"] = _user("ninghai", units[0], [roles["township_admin"]], "宁海路街道工会管理员", password)
            _host_unit_work(ctx.users[second], county, workers, today)


def _open_certification(city, workers, today) -> None:
    from unionsw.assessment.models import CertEntry, CertRound

    # registration closed three days ago and the sitting is not yet scored: the four who did not register are
    # 视同放弃资格认证 — the to-do row leads to the list where each one's exit starts (seed 004)
    sitting = CertRound.objects.create(
        org=city,
        name=f"{today.year}年首次资格认证（示例）",
        attempt=1,
        register_from=today - timedelta(days=30),
        register_until=today - timedelta(days=3),
        weights={},
    )
    for worker in workers[:2]:  # two registered, the others did not: the county's to-do row counts them
        CertEntry.objects.create(cert_round=sitting, worker=worker)


def _exam_body(province, admin, today) -> None:
    """The exam body the municipal federation entrusts with the unified entry exam (seed 004), through the service."""
    from unionsw.recruitment.services import exam_body_create

    exam_body_create(
        by=admin,
        org=province,
        data={
            "name": "北京某人事考试服务中心（示例）",
            "commission": "京工发〔示例〕1号",
            "accreditation": "示例资质证书 0001",
            "valid_from": today.replace(month=1, day=1),
            "valid_until": today.replace(month=12, day=31),
        },
    )


def _fail_without_admonition(worker, today) -> None:
    from unionsw.assessment.models import Result

    Result.objects.create(worker=worker, year=today.year - 1, grade="FAIL", note="示例：年度考核不合格，尚未诫勉谈话")


def _host_unit_work(county_admin, county, workers, today) -> None:
    """Work waiting for the host units: submitted log entries and a self-logged hour (rows the workers' phone
    page would create), and the county's round of this year, drawn (no judges in the four-dimension scheme)."""
    from unionsw.activity.models import VolunteerHours, WorkLogEntry
    from unionsw.assessment import services as assessment

    for n, worker in enumerate(workers[:4]):
        day = today - timedelta(days=n + 1)
        WorkLogEntry.objects.create(
            worker=worker,
            org=worker.org,
            day=day,
            category=("维权服务", "组建指导", "困难帮扶", "法律援助")[n],
            place=worker.org.name,
            served=f"示例企业{n + 1}工会",
            beneficiaries=6 + 3 * n,
            description="走访企业，了解职工诉求并协助解决（示例）",
        )
    VolunteerHours.objects.create(
        worker=workers[0], org=workers[0].org, day=today - timedelta(days=2), hours=3, note="社区普法宣传（示例）", logged_by_worker=True
    )
    weights = {"w_ethics": "20", "w_practice": "30", "w_performance": "30", "w_satisfaction": "20"}
    rnd = assessment.round_create(
        by=county_admin, org=county, year=today.year, data={**weights, "pass_line": "70", "basic_line": "60", "excellent_ratio": "15"}
    )
    assessment.lots_draw(by=county_admin, round=assessment.lots_commit(by=county_admin, round=rnd))
