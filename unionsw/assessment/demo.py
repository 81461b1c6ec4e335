"""Demo data for assessment (示例数据).

- 2023–2024 results of every demo worker, recorded as from the paper archive (so promotion eligibility,
  which needs the last three years, is meaningful); two 历下区 workers fail 2024 and 2025 (alerts).
- 济南 is switched, as an example, to Hebei's 一述三评一量化 (policy override citing seed 003), with a panel
  of four judges (pingyi1–pingyi4, one per 济南 county). Its 2025 round is complete and published
  (lots, judges, host units, city, workload, proposal with reasons, county confirmations); its 2026
  round is drawn and half scored, so judges, host units and the city can carry on in the browser.
- 青岛 keeps Shandong's county scheme; its 2025 results are archive records.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from unionsw.accounts.models import User
from unionsw.orgs.services import policy_override_add
from unionsw.workers.models import Worker, WorkerStatus

from . import services
from .models import Admonition, Entry, Judge, Result, Score

SETUP = {
    "w_report": "40",
    "w_host": "20",
    "w_city": "20",
    "w_workload": "20",
    "pass_line": "70",
    "basic_line": "60",
    "excellent_ratio": "15",
    "bonus_national": "5",
    "bonus_provincial": "3",
    "bonus_city": "2",
    "bonus_county": "1",
}


_HASH = []


def _user(username, org, roles, name):
    if not _HASH:
        _HASH.append(make_password(settings.DEMO_PASSWORD))  # hash once: PBKDF2 is slow by design
    user = User.objects.create(username=username, password=_HASH[0], org=org, display_name=name)
    user.must_change_password = False
    user.password_changed_at = timezone.now()
    user.save(update_fields=["must_change_password", "password_changed_at"])
    user.roles.set(roles)
    return user


def _grade(rng: random.Random) -> str:
    x = rng.random()
    return "EXCELLENT" if x < 0.12 else "PASS" if x < 0.9 else "BASIC" if x < 0.97 else "FAIL"


def _fill(rnd, rng: random.Random, share: float = 1.0) -> None:
    """Scores for a drawn round, written in bulk (the services are exercised by the tests)."""
    judges = list(Judge.objects.filter(round=rnd).select_related("user__org"))
    entries = list(rnd.entries.select_related("worker"))
    scores = []
    for e in entries:
        if rng.random() > share:
            continue
        base = rng.gauss(80, 8)
        for j in judges:
            if services.may_score(j, e, False):
                scores.append(Score(entry=e, judge=j, points=Decimal(str(round(min(99, max(45, base + rng.gauss(0, 4))), 1)))))
        e.scores = {
            "host": round(min(99, max(50, base + rng.gauss(2, 6))), 1),
            "city": round(min(99, max(50, base + rng.gauss(0, 6))), 1),
            "workload": round(min(99, max(50, base + rng.gauss(0, 8))), 1),
        }
        if rng.random() < 0.08:
            e.commendation = rng.choice(["county", "city", "provincial"])
        e.report_text = "一年来，围绕建会入会、职工维权和困难帮扶开展工作，指导基层工会规范化建设，组织职工活动。（示例）"
        e.report_link = "https://video.example.invalid/shuzhi"
        e.submitted_at = timezone.now()
        e.workload = [
            {"item": "指导组建工会", "count": rng.randint(2, 15), "note": ""},
            {"item": "接待职工来访", "count": rng.randint(20, 120), "note": ""},
        ]
    Score.objects.bulk_create(scores, batch_size=2000)
    for e in entries:
        Entry.objects.filter(pk=e.pk).update(
            scores=e.scores,
            commendation=e.commendation,
            report_text=e.report_text,
            report_link=e.report_link,
            submitted_at=e.submitted_at,
            workload=e.workload,
        )


def load(ctx) -> None:
    rng = random.Random(5)
    today = timezone.localdate()
    province_admin, city_admin = ctx.users["province"], ctx.users["city"]
    jinan = ctx.cities["济南市"]
    active = list(
        Worker.objects.filter(status=WorkerStatus.ACTIVE, org__path__startswith=ctx.province.path).select_related("org")
    )
    jinan_ids = {w.pk for w in active if w.org.path.startswith(jinan.path)}

    # archive results (all workers 2023–2024; 青岛 also 2025)
    failing = [w for w in active if w.org.path.startswith(ctx.counties["历下区"].path) and w.user_id is None][:2]
    rows = []
    for w in active:
        for year in (2023, 2024, 2025):
            if w.hired_on.year > year or (year == 2025 and w.pk in jinan_ids):
                continue
            grade = "FAIL" if w in failing and year == 2024 else _grade(rng)
            if w.user_id and grade in ("FAIL", "BASIC"):
                grade = "PASS"
            rows.append(Result(worker=w, year=year, grade=grade, note="历史档案录入（示例）"))
    Result.objects.bulk_create(rows, batch_size=2000)

    # 济南 runs 一述三评一量化 as an example
    for key, value in (
        ("assessment_scheme", "hebei_1s3p1q"),
        ("excellent_reallocation", {"bottom": 3, "slots": 1, "reward": "service_quality"}),
    ):
        policy_override_add(
            by=province_admin,
            org=jinan,
            key=key,
            value=value,
            effective_from=date(2024, 1, 1),
            source="示例：济南市参照秦皇岛市“一述三评一量化”与“奖优罚劣”（秦皇岛市总工会《关于工会社会工作岗位管理情况的调研报告》）",
        )
    role = services.ensure_judge_role()
    from unionsw.accounts.roles import ensure_builtin_roles

    county_role = ensure_builtin_roles()["county_admin"]
    judges = []
    county_admins = {ctx.counties["历下区"].pk: ctx.users["county"]}
    for i, name in enumerate(["历下区", "市中区", "槐荫区", "天桥区"], 1):
        county = ctx.counties[name]
        judges.append(_user(f"pingyi{i}", county, [role], f"{name}总工会副主席（评委）"))
        if county.pk not in county_admins:
            county_admins[county.pk] = _user(f"county_{county.region_code}", county, [county_role], f"{name}总工会管理员")
    ctx.users.update({f"pingyi{i}": u for i, u in enumerate(judges, 1)})

    for year, share in ((2025, 1.0), (today.year, 0.5)):
        if year > today.year or (year == today.year and year == 2025):
            continue
        rnd = services.round_create(by=city_admin, org=jinan, year=year, data=SETUP)
        for j in judges:
            services.judge_add(by=city_admin, round=rnd, user=j)
        services.lots_commit(by=city_admin, round=rnd)
        services.lots_draw(by=city_admin, round=rnd)
        _fill(rnd, rng, share)
        if year == 2025:
            # the failing pair fails again, so two consecutive 不合格 shows up
            for e in rnd.entries.filter(worker__in=failing):
                e.scores = {"host": 50, "city": 50, "workload": 50}
                e.save(update_fields=["scores"])
                Score.objects.filter(entry=e).update(points=48)
            services.proposal_compute(by=city_admin, round=rnd)
            for county_id, admin in county_admins.items():
                county = next(c for c in ctx.counties.values() if c.pk == county_id)
                if rnd.entries.filter(county=county).exists():
                    services.county_confirm(by=admin, round=rnd, county=county)
            for county in {e.county for e in rnd.entries.filter(grade="").select_related("county")}:
                services.county_confirm(by=city_admin, round=rnd, county=county)  # city-direct units
            services.round_publish(by=city_admin, round=rnd)
    for w in failing:
        r = Result.objects.filter(worker=w, year=2024).first()
        if r:
            Admonition.objects.create(
                result=r,
                talked_on=date(2025, 1, 15),
                talker="历下区总工会副主席",
                content="指出考核不合格的问题，提出整改要求（示例）。",
                recorded_by=ctx.users["county"],
            )
