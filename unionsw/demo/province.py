"""The demo province (示例数据): a fictitious Shandong-profile federation built through the real services.

Region codes are the real GB/T 2260 codes of Shandong's districts so that the ID numbers are valid;
every person, phone number and count is invented. Everything here is labelled 示例数据 on screen.
"""

from __future__ import annotations

import base64
import importlib
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from unionsw.accounts.models import User
from unionsw.accounts.roles import ensure_builtin_roles
from unionsw.core import idnumber
from unionsw.core.models import SiteState
from unionsw.orgs.models import Org, OrgKind, OrgLevel, PolicyProfile
from unionsw.orgs.policy_loader import load_policy_profiles
from unionsw.orgs.services import org_create, policy_override_add
from unionsw.workers import services as worker_services
from unionsw.workers.models import CertificateLevel, EmploymentMode, Worker, WorkerStatus

# city -> (region code, {county: (region code, [township units])})
TREE = {
    "济南市": (
        "370100",
        {
            "历下区": (
                "370102",
                ["解放路街道", "千佛山街道", "趵突泉街道", "泉城路街道", "大明湖街道", "东关街道", "文东街道", "济南中央商务区"],
            ),
            "市中区": ("370103", ["大观园街道", "杆石桥街道", "四里村街道", "魏家庄街道", "二七街道"]),
            "槐荫区": ("370104", ["振兴街街道", "中大槐树街道", "道德街街道", "西市场街道", "五里沟街道"]),
            "天桥区": ("370105", ["无影山街道", "天桥东街街道", "北村街道", "南村街道", "堤口路街道"]),
        },
    ),
    "青岛市": (
        "370200",
        {
            "市南区": ("370202", ["八大关街道", "湛山街道", "香港中路街道", "八大峡街道", "云南路街道", "中山路街道"]),
            "市北区": ("370203", ["台东街道", "辽宁路街道", "敦化路街道", "浮山新区街道", "即墨路街道"]),
            "黄岛区": ("370211", ["黄岛街道", "辛安街道", "薛家岛街道", "长江路街道", "青岛经济技术开发区"]),
            "崂山区": ("370212", ["中韩街道", "沙子口街道", "王哥庄街道", "北宅街道"]),
        },
    ),
}
CITY_DIRECT = {"济南市": ["济南市建筑行业工会联合会"], "青岛市": ["青岛市交通运输行业工会联合会"]}

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鑫宇浩然欣怡子涵梓轩雨晨佳琪思远文博嘉怡晓东海燕建国志强春梅立新"
ETHNICITIES = ["汉族"] * 40 + ["回族", "满族", "蒙古族"]
MAJORS = [
    "社会工作",
    "社会工作",
    "法学",
    "汉语言文学",
    "人力资源管理",
    "行政管理",
    "劳动与社会保障",
    "公共事业管理",
    "心理学",
    "会计学",
]
POSTS = ["组建指导岗", "维权服务岗", "职工频道岗", "帮扶救助岗", "法律援助岗"]


@dataclass
class DemoContext:
    """Passed to each app's `demo.load(ctx)` so later issues can add their part of the demo."""

    rng: random.Random
    province: Org
    cities: dict[str, Org] = field(default_factory=dict)
    counties: dict[str, Org] = field(default_factory=dict)
    units: list[Org] = field(default_factory=list)
    users: dict[str, User] = field(default_factory=dict)
    workers: list[Worker] = field(default_factory=list)
    national: Org | None = None  # 中华全国总工会（示例）, above Shandong and Hebei (issue 13)
    provinces: dict[str, Org] = field(default_factory=dict)


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2, 2])))


def _user(username: str, org: Org, roles: list, display_name: str, password: str) -> User:
    user = User.objects.create_user(username=username, password=password, org=org, display_name=display_name)
    user.must_change_password = False  # demo accounts only; real accounts change the initial password
    user.password_changed_at = timezone.now()
    user.save(update_fields=["must_change_password", "password_changed_at"])
    user.roles.set(roles)
    return user


@transaction.atomic
def load_demo(*, password: str | None = None, workers: int = 400, seed: int = 2026) -> DemoContext:
    password = password or settings.DEMO_PASSWORD
    rng = random.Random(seed)
    load_policy_profiles()
    roles = ensure_builtin_roles()
    shandong = PolicyProfile.objects.filter(code="shandong").order_by("-effective_from").first()

    # issue 13: one deployment holds several provinces under the optional national level
    national = org_create(
        by=None,
        parent=None,
        level=OrgLevel.NATIONAL,
        skip_scope=True,
        is_demo=True,
        data={"name": "中华全国总工会（示例）", "union_count": 0, "member_count": 0},
    )
    province = org_create(
        by=None,
        parent=national,
        level=OrgLevel.PROVINCE,
        skip_scope=True,
        is_demo=True,
        data={
            "name": "山东省总工会（示例）",
            "region_code": "370000",
            "union_count": 0,
            "member_count": 0,
            "policy_profile": shandong,
        },
    )
    ctx = DemoContext(rng=rng, province=province, national=national)
    ctx.users["province"] = _user("province", province, [roles["province_admin"]], "省总工会管理员", password)
    for i, (city_name, (city_code, counties)) in enumerate(TREE.items()):
        city = org_create(
            by=None,
            parent=province,
            level=OrgLevel.CITY,
            skip_scope=True,
            is_demo=True,
            data={"name": f"{city_name}总工会", "region_code": city_code, "sort": i},
        )
        ctx.cities[city_name] = city
        for j, (county_name, (county_code, units)) in enumerate(counties.items()):
            county = org_create(
                by=None,
                parent=city,
                level=OrgLevel.COUNTY,
                skip_scope=True,
                is_demo=True,
                data={"name": f"{county_name}总工会", "region_code": county_code, "sort": j},
            )
            ctx.counties[county_name] = county
            for k, unit_name in enumerate(units):
                kind = OrgKind.ZONE if ("开发区" in unit_name or "商务区" in unit_name) else OrgKind.STREET
                big = rng.random() < 0.35
                unit = org_create(
                    by=None,
                    parent=county,
                    level=OrgLevel.TOWNSHIP,
                    skip_scope=True,
                    is_demo=True,
                    data={
                        "name": f"{unit_name}工会" if kind == OrgKind.STREET else f"{unit_name}工会联合会",
                        "kind": kind,
                        "union_count": rng.randint(200, 420) if big else rng.randint(40, 199),
                        "member_count": rng.randint(5000, 26000) if big else rng.randint(800, 4999),
                        "sort": k,
                    },
                )
                ctx.units.append(unit)
        for name in CITY_DIRECT[city_name]:
            unit = org_create(
                by=None,
                parent=city,
                level=OrgLevel.TOWNSHIP,
                skip_scope=True,
                is_demo=True,
                data={
                    "name": name,
                    "kind": OrgKind.INDUSTRY,
                    "union_count": rng.randint(60, 300),
                    "member_count": rng.randint(3000, 30000),
                    "sort": 90,
                },
            )
            ctx.units.append(unit)

    admin = ctx.users["province"]
    # seed 002: Qingdao requires the labour contract within one month of starting work.
    policy_override_add(
        by=admin,
        org=ctx.cities["青岛市"],
        key="contract_sign_limit_months",
        value=1,
        effective_from=date(2018, 1, 1),
        source="青岛市总工会做法（《青岛市总制定“硬杠杠”让工会社工“有干头”》报道）：一个月内签订书面劳动合同（示例）",
    )
    policy_override_add(
        by=admin,
        org=ctx.cities["青岛市"],
        key="excellent_per_year",
        value=20,
        effective_from=date(2018, 1, 1),
        source="青岛市总工会做法（《青岛市总制定“硬杠杠”让工会社工“有干头”》报道）：每年评选20名优秀社工（示例）",
    )

    ctx.users["city"] = _user("city", ctx.cities["济南市"], [roles["city_admin"]], "济南市总工会管理员", password)
    ctx.users["county"] = _user("county", ctx.counties["历下区"], [roles["county_admin"]], "历下区总工会管理员", password)
    ctx.users["county2"] = _user("county2", ctx.counties["市南区"], [roles["county_admin"]], "市南区总工会管理员", password)
    township = next(u for u in ctx.units if u.name.startswith("解放路街道"))
    ctx.users["township"] = _user("township", township, [roles["township_admin"]], "解放路街道工会管理员", password)
    # the three administrators work at the national level: they create provinces and give them profiles
    for code, label in (("sysadmin", "系统管理员"), ("secadmin", "安全管理员"), ("auditor", "安全审计员")):
        ctx.users[code] = _user(code, national, [roles[code]], label, password)
        TOTPDevice.objects.create(user=ctx.users[code], name="示例动态口令", confirmed=True)

    _make_workers(ctx, admin, workers, township)
    ctx.users["worker"].roles.set([roles["worker"]])

    for app in settings.INSTALLED_APPS:
        if app.startswith("unionsw.") and app != "unionsw.workers":
            try:
                module = importlib.import_module(f"{app}.demo")
            except ModuleNotFoundError:
                continue
            module.load(ctx)

    from .beijing_jiangsu import load_beijing_jiangsu
    from .hebei import load_hebei

    load_hebei(ctx, password)
    load_beijing_jiangsu(ctx, password)
    ctx.users["national"] = _user("national", national, [roles["national_admin"]], "全国总工会管理员", password)

    SiteState.objects.update_or_create(pk=1, defaults={"demo": True, "demo_loaded_at": timezone.now()})
    return ctx


def _make_workers(ctx: DemoContext, admin: User, count: int, self_service_unit: Org) -> None:
    rng = ctx.rng
    today = timezone.localdate()
    ladder = ["见习干事", "初级干事", "中级干事", "高级干事"]
    statuses = [WorkerStatus.ACTIVE] * 22 + [
        WorkerStatus.RESIGNED,
        WorkerStatus.DISMISSED,
        WorkerStatus.EXPIRED,
        WorkerStatus.RETIRED,
        WorkerStatus.DECEASED,
    ]
    modes = (
        [EmploymentMode.PUBLIC_HIRE] * 14
        + [EmploymentMode.PURCHASED_SERVICE] * 4
        + [EmploymentMode.REHIRED, EmploymentMode.PUBLIC_WELFARE]
    )
    counties_by_unit = {u.pk: u for u in ctx.counties.values()}
    seq = rng.randint(100, 800)
    for n in range(count):
        unit = self_service_unit if n == 0 else rng.choice(ctx.units)
        county = counties_by_unit.get(unit.parent_id)
        region = county.region_code if county else (unit.parent.region_code or "370100")
        mode = EmploymentMode.PUBLIC_HIRE if n == 0 else rng.choice(modes)
        if mode == EmploymentMode.REHIRED:
            born = date(rng.randint(1958, 1964), rng.randint(1, 12), rng.randint(1, 28))
        else:
            born = date(rng.randint(1982, 2001), rng.randint(1, 12), rng.randint(1, 28))
        seq += 1
        ident = idnumber.build(region, born, seq % 1000)
        hired = max(born.replace(year=born.year + 22), today - timedelta(days=rng.randint(60, 365 * 11)))
        hired = min(hired, today - timedelta(days=30))
        rank, rank_since = "", None
        if mode != EmploymentMode.REHIRED:
            years = (today - hired).days // 365
            rank = ladder[min(3, years // 3)] if rng.random() < 0.8 else ladder[max(0, min(3, years // 3) - 1)]
            rank_since = max(hired, today - timedelta(days=rng.randint(100, 365 * 4)))
        status = WorkerStatus.ACTIVE if n == 0 else rng.choice(statuses)
        left = None
        if status != WorkerStatus.ACTIVE:
            left = hired + timedelta(days=rng.randint(30, max(31, (today - hired).days - 1)))
        worker = worker_services.worker_create(
            by=admin,
            reason="示例数据导入",
            data={
                "name": _name(rng),
                "id_number": ident,
                "phone": f"1{rng.choice('3578')}{rng.randint(0, 999999999):09d}",
                "ethnicity": rng.choice(ETHNICITIES),
                "political_status": rng.choice(["cpc"] * 4 + ["cpc_probation", "cyl", "cyl", "masses", "masses", "democratic"]),
                "education": rng.choice(["junior_college"] * 2 + ["bachelor"] * 6 + ["master"] * 2 + ["doctor"])
                if n
                else "bachelor",
                "major": rng.choice(MAJORS),
                "employment_mode": mode,
                "org": unit,
                "post_title": rng.choice(POSTS),
                "rank": rank,
                "rank_since": rank_since,
                "status": status,
                "hired_on": hired,
                "left_on": left,
            },
        )
        if mode != EmploymentMode.REHIRED and rng.random() < 0.45:
            level = rng.choice([CertificateLevel.ASSISTANT] * 3 + [CertificateLevel.SOCIAL_WORKER])
            issued = hired + timedelta(days=rng.randint(0, max(1, (today - hired).days)))
            worker_services.certificate_add(
                by=admin,
                worker=worker,
                level=level,
                issued_on=min(issued, today),
                number=f"{issued.year}{rng.randint(10**9, 10**10 - 1)}（示例）",
            )
        if n == 0 or rng.random() < 0.85:
            worker_services.worker_file(by=admin, worker=worker, filed_on=min(today, hired + timedelta(days=rng.randint(10, 90))))
        if n == 0:
            ctx.users["worker"] = _user("worker", unit, [], worker.name, settings.DEMO_PASSWORD)
            Worker.objects.filter(pk=worker.pk).update(user=ctx.users["worker"])
        ctx.workers.append(worker)


def demo_logins() -> list[tuple[str, str, str, str]]:
    """(username, role, org, TOTP secret) for the printed table."""
    rows = []
    for username in (
        "national",
        "hebei",
        "qinhuangdao",
        "haigang",
        "shanhaiguan",
        "beijing",
        "haidian",
        "jiangsu",
        "gulou",
        "ninghai",
        "province",
        "city",
        "county",
        "county2",
        "huaiyin",
        "township",
        "worker",
        "judge1",
        "pingyi1",
        "sysadmin",
        "secadmin",
        "auditor",
    ):
        user = User.objects.filter(username=username).select_related("org").first()
        if user is None:
            continue
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        secret = base64.b32encode(device.bin_key).decode().rstrip("=") if device else ""
        rows.append((username, user.role_names, user.org.name if user.org else "", secret))
    return rows
