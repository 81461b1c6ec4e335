"""Demo recruitment (示例数据) for 历下区: one finished round (a few hundred applicants, scores, hires)
and one round with registration open so the portal shows it. Built through the real services; only
applicant accounts are bulk-created (one shared password hash) to stay fast."""

from __future__ import annotations

import io
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from unionsw.core import crypto, idnumber
from unionsw.core.excel import xlsx_bytes
from unionsw.core.masking import mask_id_number, mask_phone

from . import services
from .models import Applicant, Application, RoundStatus

REGION = "370112"
DEMO_APPLICANT_ID = idnumber.build("370112", date(1998, 6, 1), 999)  # 370112199806019997, password DEMO_PASSWORD


def _photo():
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (300, 400), (66, 133, 244))
    draw = ImageDraw.Draw(img)
    draw.ellipse((95, 70, 205, 190), fill=(245, 222, 200))
    draw.rectangle((70, 220, 230, 400), fill=(40, 40, 60))
    out = io.BytesIO()
    img.save(out, "JPEG")
    return SimpleUploadedFile(
        "photo.jpg", out.getvalue(), content_type="image/jpeg"
    )  # 历城区: not a county of the demo tree, so no clash with the registry's demo workers


SCHOOLS = ["山东大学", "山东师范大学", "济南大学", "山东财经大学", "齐鲁工业大学", "山东政法学院", "青岛大学", "中国海洋大学"]
MAJORS = ["社会工作", "社会工作", "社会工作", "法学", "汉语言文学", "行政管理", "人力资源管理", "心理学"]
EDUCATION = ["junior_college"] * 2 + ["bachelor"] * 14 + ["master"] * 3


def _applicants(ctx, n: int, start: int, password_hash: str) -> list[Applicant]:
    from unionsw.demo.province import _name

    rng, today = ctx.rng, timezone.localdate()
    objs = []
    for i in range(n):
        born = today - timedelta(days=rng.randint(22 * 365, 41 * 365))
        number = idnumber.build(REGION, born, (start + i) % 1000)
        phone = f"139{rng.randint(10000000, 99999999)}"
        objs.append(
            Applicant(
                name=_name(rng),
                id_number_enc=crypto.encrypt(number),
                id_number_index=crypto.blind_index(number, purpose="id_number"),
                id_number_masked=mask_id_number(number),
                birth_date=born,
                gender="M" if int(number[16]) % 2 else "F",
                phone_enc=crypto.encrypt(phone),
                phone_index=crypto.blind_index(phone, purpose="phone"),
                phone_masked=mask_phone(phone),
                password=password_hash,
                privacy_accepted_at=timezone.now(),
            )
        )
    seen, unique = set(), []
    for a in objs:
        if a.id_number_index not in seen:
            seen.add(a.id_number_index)
            unique.append(a)
    return Applicant.objects.bulk_create(unique)


def _plan(ctx, county, admin, title, posts, *, year, month, on=None):
    plan = services.plan_create(
        by=admin,
        org=county,
        on=on,
        data={
            "title": title,
            "exam_year": year,
            "exam_month": month,
            "reason_gap": "辖区8个街道（园区）中有3个尚未配备专职社工",
            "reason_enterprises": 4200,
            "reason_members": 96000,
            "reason_funds": "工资由全总、省、市、区总工会和街道财政共同承担，经费已列入年度预算",
        },
        posts=posts,
    )
    return plan


def load(ctx) -> None:
    rng = ctx.rng
    today = timezone.localdate()
    county = ctx.counties["历下区"]
    admin, city, province = ctx.users["county"], ctx.users["city"], ctx.users["province"]
    units = [u for u in ctx.units if u.path.startswith(county.path)]
    from unionsw.demo.province import _user

    # --- finished round -------------------------------------------------------------------------
    start = today - timedelta(days=130)
    posts = [
        {"unit": units[0], "kind": "组建指导岗", "count": 2, "conditions": "社会工作、法学等相关专业优先"},
        {"unit": units[1], "kind": "维权服务岗", "count": 1, "conditions": "法学专业"},
        {"unit": units[2], "kind": "职工频道岗", "count": 1, "conditions": "熟悉新媒体", "requires_certificate": False},
    ]
    plan = _plan(
        ctx,
        county,
        admin,
        f"{start.year}年历下区工会社会工作专业人才招录计划",
        posts,
        year=(start + timedelta(days=30)).year,
        month=(start + timedelta(days=30)).month,
        on=start - timedelta(days=25),
    )
    services.plan_propose(by=admin, plan=plan, on=start - timedelta(days=20))
    services.plan_approve(by=city, plan=plan)
    services.plan_file(by=province, plan=plan)
    rnd = services.round_announce(
        by=admin,
        plan=plan,
        on=start,
        data={
            "title": "历下区总工会公开招聘工会社会工作专业人才公告（示例）",
            "body": "为加强工会社会工作专业人才队伍建设，经市总工会批准、省总工会备案，现面向社会公开招聘工会社会工作专业人才。",
            "reference_date": start,
            "registration_start": start,
            "registration_end": start + timedelta(days=10),
            "exam_date": start + timedelta(days=25),
            "interview_date": start + timedelta(days=40),
            "written_weight": "0.5",
            "interview_ratio": 3,
            "drop_high_low": True,
            "second_tie_key": "written",
            "waiting_list_months": 12,
        },
    )
    password_hash = make_password(settings.DEMO_PASSWORD)
    people = _applicants(ctx, 320, 0, password_hash)
    post_objs = list(plan.posts.all())
    for i, person in enumerate(people):
        post = post_objs[(0, 0, 1, 2)[i % 4]]
        cert = "assistant" if rng.random() < 0.22 else ""
        services.application_submit(
            applicant=person,
            round=rnd,
            on=start + timedelta(days=i % 10),
            data={
                "post": post,
                "education": rng.choice(EDUCATION),
                "school": rng.choice(SCHOOLS),
                "major": rng.choice(MAJORS),
                "certificate": cert,
                "certificate_number": f"ZS{rng.randint(100000, 999999)}" if cert else "",
                "work_history": "曾在社区从事志愿服务" if rng.random() < 0.4 else "",
            },
        )
    services.round_close_registration(by=admin, round=rnd)
    services.review_accept_auto(by=admin, round=rnd)
    services.round_start_written(
        by=admin,
        round=rnd,
        rooms=[{"name": f"第{i}考场", "capacity": 30, "address": "历下区职工服务中心"} for i in range(1, 12)],
    )
    rows = [["准考证号", "笔试成绩"]]
    for ticket in rnd.applications.exclude(ticket_no="").values_list("ticket_no", flat=True):
        rows.append([ticket, None if rng.random() < 0.08 else round(rng.uniform(48, 92), 1)])
    services.scores_import(by=admin, round=rnd, file=io.BytesIO(xlsx_bytes(rows)))
    services.round_start_interview(by=admin, round=rnd)
    judges = []
    for i in (1, 2, 3):
        judges.append(_user(f"judge{i}", county, [], f"评委{i}（示例）", settings.DEMO_PASSWORD))
        services.judge_assign(by=admin, round=rnd, user=judges[-1])
        ctx.users[f"judge{i}"] = judges[-1]
    for app in rnd.applications.filter(in_interview=True):
        base = rng.uniform(70, 90)
        for judge in judges:
            services.judge_score_set(by=judge, application=app, score=round(base + rng.uniform(-4, 4), 1))
    services.round_rank(by=admin, round=rnd, on=start + timedelta(days=45))
    # 体检 and 考察: the first selected candidate fails 考察, the next one moves up
    failed = False
    for _ in range(3):
        for app in rnd.applications.filter(selected=True, medical=""):
            services.check_record(by=admin, application=app, kind="medical", passed=True)
        for app in rnd.applications.filter(selected=True, medical="passed", vetting=""):
            passed = failed or app.post.code != "01"
            services.check_record(
                by=admin, application=app, kind="vetting", passed=passed, note="" if passed else "考察中发现与报名信息不符"
            )
            failed = True
    services.publicity_start(by=admin, round=rnd, start=start + timedelta(days=55), end=start + timedelta(days=61))
    first = rnd.applications.filter(publicity_start__isnull=False).order_by("post__code", "rank").first()
    objection = services.objection_add(
        by=admin, application=first, content="反映其工作经历填写不实", received_on=start + timedelta(days=58)
    )
    services.objection_resolve(by=admin, objection=objection, resolution="经核实，工作经历属实，异议不成立", upheld=False)
    for app in rnd.applications.filter(publicity_start__isnull=False, selected=True):
        services.application_file(by=province, application=app, on=start + timedelta(days=66))
        services.application_hire(by=admin, application=app, hired_on=start + timedelta(days=75))

    # --- plan waiting for the city, and a round with registration open ----------------------------------
    pending = _plan(
        ctx,
        county,
        admin,
        f"{today.year + 1}年历下区补充招录计划",
        [{"unit": units[3], "kind": "帮扶救助岗", "count": 1}],
        year=today.year + 1,
        month=5,
    )
    services.plan_propose(by=admin, plan=pending)

    plan2 = _plan(
        ctx,
        county,
        admin,
        f"{today.year}年下半年历下区招录计划",
        [
            {"unit": units[4 % len(units)], "kind": "组建指导岗", "count": 2, "conditions": "大专及以上学历"},
            {
                "unit": units[5 % len(units)],
                "kind": "法律援助岗",
                "count": 1,
                "conditions": "法学专业",
                "requires_certificate": True,
            },
        ],
        year=(today + timedelta(days=40)).year,
        month=(today + timedelta(days=40)).month,
    )
    services.plan_propose(by=admin, plan=plan2)
    services.plan_approve(by=city, plan=plan2)
    services.plan_file(by=province, plan=plan2)
    open_round = services.round_announce(
        by=admin,
        plan=plan2,
        data={
            "title": "历下区总工会2026年下半年公开招聘工会社会工作专业人才公告（示例）",
            "body": "报名采取网上报名方式，请在报名平台注册后填写报名信息并上传证件照、学历证书。",
            "reference_date": today + timedelta(days=14),
            "registration_start": today - timedelta(days=3),
            "registration_end": today + timedelta(days=14),
            "exam_date": today + timedelta(days=40),
            "interview_date": today + timedelta(days=55),
            "written_weight": "0.6",
            "interview_ratio": 3,
            "drop_high_low": True,
            "second_tie_key": "written",
            "waiting_list_months": 12,
        },
    )
    posts2 = list(plan2.posts.all())
    for i, person in enumerate(_applicants(ctx, 40, 400, password_hash)):
        services.application_submit(
            applicant=person,
            round=open_round,
            data={
                "post": posts2[i % 2],
                "education": rng.choice(EDUCATION),
                "school": rng.choice(SCHOOLS),
                "major": rng.choice(MAJORS),
            },
        )
    # a fixed applicant for the portal: 370112199806019997 / the demo password
    me = services.applicant_register(
        id_number=DEMO_APPLICANT_ID, name="示例考生", phone="13900002026", password=settings.DEMO_PASSWORD, accept_privacy=True
    )
    app = services.application_submit(
        applicant=me,
        round=open_round,
        data={
            "post": posts2[0],
            "education": "bachelor",
            "school": "山东大学",
            "major": "社会工作",
            "certificate": "assistant",
            "certificate_number": "ZS2026001",
        },
    )
    services.upload_add(applicant=me, application=app, kind="photo", upload=_photo())
    assert rnd.status == RoundStatus.RANKED and Application.objects.filter(round=rnd, worker__isnull=False).exists()
    _load_unified(ctx, password_hash)


def _filed_plan(ctx, county, admin, title, posts, *, city_admin, province_admin):
    today = timezone.localdate()
    plan = _plan(ctx, county, admin, title, posts, year=(today + timedelta(days=40)).year, month=(today + timedelta(days=40)).month)
    services.plan_propose(by=admin, plan=plan)
    services.plan_approve(by=city_admin, plan=plan)
    services.plan_file(by=province_admin, plan=plan)
    return plan


def _unified_data(org_name: str) -> dict:
    today = timezone.localdate()
    return {
        "title": f"{org_name}{today.year}年统一公开招聘工会社会工作专业人才公告（示例）",
        "body": f"经{org_name}统一组织，面向社会公开招聘所辖县（市、区）和直属单位的工会社会工作专业人才。报名人员可报考任一单位的一个岗位。",
        "reference_date": today + timedelta(days=14),
        "registration_start": today - timedelta(days=2),
        "registration_end": today + timedelta(days=14),
        "exam_date": today + timedelta(days=40),
        "interview_date": today + timedelta(days=55),
        "written_weight": "0.5",
        "interview_ratio": 3,
        "drop_high_low": True,
        "second_tie_key": "written",
        "waiting_list_months": 12,
    }


def _load_unified(ctx, password_hash: str) -> None:
    """济南 (统一招聘, issue 12): an open unified round of 历下区, 槐荫区 and the city's industry union, with
    applicants; and one filed plan of each county left for the city to take into a new unified round."""
    from unionsw.demo.province import _user

    rng = ctx.rng
    city_org = ctx.cities["济南市"]
    city, province, lixia_admin = ctx.users["city"], ctx.users["province"], ctx.users["county"]
    lixia, huaiyin = ctx.counties["历下区"], ctx.counties["槐荫区"]
    county_role = lixia_admin.roles.get(code="county_admin")
    huaiyin_admin = _user("huaiyin", huaiyin, [county_role], "槐荫区总工会管理员", settings.DEMO_PASSWORD)
    ctx.users["huaiyin"] = huaiyin_admin

    def units(county):
        return [u for u in ctx.units if u.path.startswith(county.path)]

    kw = {"city_admin": city, "province_admin": province}
    year = timezone.localdate().year
    plan_l = _filed_plan(
        ctx, lixia, lixia_admin, f"{year}年历下区招录计划（纳入市总统一招聘）", [{"unit": units(lixia)[6], "kind": "组建指导岗", "count": 1}], **kw
    )
    plan_h = _filed_plan(
        ctx,
        huaiyin,
        huaiyin_admin,
        f"{year}年槐荫区招录计划",
        [{"unit": units(huaiyin)[0], "kind": "组建指导岗", "count": 1}, {"unit": units(huaiyin)[1], "kind": "维权服务岗", "count": 1}],
        **kw,
    )
    direct = services.direct_units(city_org).first()
    rnd = services.round_unified_create(
        by=city,
        org=city_org,
        plans=[plan_l, plan_h],
        direct_posts=[{"unit": direct, "kind": "职工频道岗", "count": 1, "conditions": "新闻、广播电视类专业优先"}] if direct else [],
        data=_unified_data(city_org.name),
    )
    posts = list(rnd.posts.order_by("code"))
    for i, person in enumerate(_applicants(ctx, 24, 500, password_hash)):
        services.application_submit(
            applicant=person,
            round=rnd,
            data={"post": posts[i % len(posts)], "education": rng.choice(EDUCATION), "school": rng.choice(SCHOOLS), "major": rng.choice(MAJORS)},
        )
    # left for the city's 统一招聘 page
    _filed_plan(ctx, lixia, lixia_admin, f"{year}年历下区第二批招录计划", [{"unit": units(lixia)[7], "kind": "帮扶救助岗", "count": 1}], **kw)
    _filed_plan(ctx, huaiyin, huaiyin_admin, f"{year}年槐荫区第二批招录计划", [{"unit": units(huaiyin)[2], "kind": "法律援助岗", "count": 1}], **kw)


def load_hebei(ctx, *, city, province_admin, password: str) -> None:
    """秦皇岛 (seed 003: 市总组织的统一招录): filed plans of two districts and a directly managed unit, so that
    `qinhuangdao` can run a unified round from the 统一招聘 page."""
    from unionsw.accounts.roles import ensure_builtin_roles
    from unionsw.demo.province import _user
    from unionsw.orgs.models import OrgKind, OrgLevel
    from unionsw.orgs.services import org_create

    roles = ensure_builtin_roles()
    org_create(
        by=None,
        parent=city,
        level=OrgLevel.TOWNSHIP,
        skip_scope=True,
        is_demo=True,
        data={"name": "秦皇岛市直属行业工会联合会（示例）", "kind": OrgKind.INDUSTRY, "sort": 90},
    )
    for county in city.children.filter(level=OrgLevel.COUNTY).order_by("sort")[:2]:
        username = {"130302": "haigang", "130303": "shanhaiguan"}.get(county.region_code, f"county{county.pk}")
        admin = _user(username, county, [roles["county_admin"]], f"{county.name}管理员", password)
        ctx.users[username] = admin
        unit = county.children.order_by("sort").first()
        _filed_plan(
            ctx,
            county,
            admin,
            f"{timezone.localdate().year}年{county.name.removesuffix('总工会')}工会社工招录计划",
            [{"unit": unit, "kind": "初级岗", "count": 1}],
            city_admin=ctx.users["qinhuangdao"],
            province_admin=province_admin,
        )
