"""Recruitment at Qingdao scale (seed 002: ~10,000 applicants for 64 posts).

    .venv/bin/python bench/recruitment.py [--applicants 10000] [--posts 64]

Uses DATABASE_URL (PostgreSQL in `make bench`); without it, a throw-away SQLite file. Measures:
score import from Excel (target ≤ 5 s), eligibility check (target ≤ 1 s), ranking (target ≤ 1 s),
and 10,000 admission tickets as one PDF (with a progress bar).
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402


def timed(label, fn, target=None):
    t = time.perf_counter()
    result = fn()
    took = time.perf_counter() - t
    verdict = "" if target is None else ("  ✓" if took <= target else f"  ✗ (target ≤ {target} s)")
    print(f"{label:<44} {took:7.2f} s{verdict}", flush=True)
    return result, took


def bar(done, total):
    width = 40
    filled = int(width * done / max(total, 1))
    sys.stderr.write(f"\r  准考证 [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--applicants", type=int, default=10_000)
    parser.add_argument("--posts", type=int, default=64)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    from conftest import make_user
    from unionsw.accounts.roles import ensure_builtin_roles
    from unionsw.core import crypto, idnumber
    from unionsw.core.excel import xlsx_bytes
    from unionsw.core.masking import mask_id_number, mask_phone
    from unionsw.orgs.models import OrgLevel, PolicyProfile
    from unionsw.orgs.policy_loader import load_policy_profiles
    from unionsw.orgs.services import org_create
    from unionsw.recruitment import pdf, services
    from unionsw.recruitment.models import Applicant, Application, Judge, JudgeScore

    rng = random.Random(2026)
    load_policy_profiles()
    roles = ensure_builtin_roles()
    stamp = str(int(time.time()))[-5:]

    def org(parent, level, name, code=""):
        extra = {"policy_profile": PolicyProfile.objects.get(code="shandong")} if parent is None else {}
        return org_create(by=None, parent=parent, level=level, skip_scope=True, data={"name": name, "region_code": code, **extra})

    province = org(None, OrgLevel.PROVINCE, f"山东省总工会（压测{stamp}）", "370000")
    city = org(province, OrgLevel.CITY, "青岛市总工会", "370200")
    county = org(city, OrgLevel.COUNTY, "市南区总工会", "370202")
    units = [org(county, OrgLevel.TOWNSHIP, f"街道{i}工会") for i in range(8)]
    admin = make_user(f"bench_county{stamp}", county, [roles["county_admin"]])
    city_admin = make_user(f"bench_city{stamp}", city, [roles["city_admin"]])
    prov_admin = make_user(f"bench_prov{stamp}", province, [roles["province_admin"]])

    plan = services.plan_create(
        by=admin,
        org=county,
        data={"title": "压测计划", "exam_year": 2026, "exam_month": 6},
        posts=[
            {"unit": units[i % 8], "kind": ["组建指导岗", "维权服务岗", "职工频道岗"][i % 3], "count": 1}
            for i in range(args.posts)
        ],
    )
    services.plan_propose(by=admin, plan=plan)
    services.plan_approve(by=city_admin, plan=plan)
    services.plan_file(by=prov_admin, plan=plan)
    today = timezone.localdate()
    rnd = services.round_announce(
        by=admin,
        plan=plan,
        data={
            "title": "压测招聘公告",
            "reference_date": today,
            "registration_start": today - timedelta(days=10),
            "registration_end": today,
            "exam_date": today + timedelta(days=10),
            "written_weight": "0.5",
            "interview_ratio": 3,
            "drop_high_low": True,
            "second_tie_key": "written",
            "waiting_list_months": 12,
        },
    )
    posts = list(plan.posts.all())
    pw = make_password("Bench@2026")

    def seed():
        people = []
        for i in range(args.applicants):
            born = date(1988, 1, 1) + timedelta(days=rng.randint(0, 16 * 365))
            number = idnumber.build(f"3702{(i // 1000) % 100:02d}", born, i % 1000)
            phone = f"139{i:08d}"
            people.append(
                Applicant(
                    name=f"考生{i}",
                    id_number_enc=crypto.encrypt(number),
                    id_number_index=crypto.blind_index(stamp + number, purpose="id_number"),  # unique per bench run
                    id_number_masked=mask_id_number(number),
                    birth_date=born,
                    gender="M",
                    phone_enc=crypto.encrypt(phone),
                    phone_index=crypto.blind_index(phone, purpose="phone"),
                    phone_masked=mask_phone(phone),
                    password=pw,
                    privacy_accepted_at=timezone.now(),
                )
            )
        people = Applicant.objects.bulk_create(people, batch_size=2000)
        edu = ["junior_college", "bachelor", "bachelor", "bachelor", "master"]
        Application.objects.bulk_create(
            [
                Application(
                    applicant=p,
                    round=rnd,
                    post=posts[i % len(posts)],
                    name=p.name,
                    education=rng.choice(edu),
                    school="青岛大学",
                    major="社会工作",
                    certificate="assistant" if rng.random() < 0.2 else "",
                    certificate_number="C" if rng.random() < 0.2 else "",
                )
                for i, p in enumerate(people)
            ],
            batch_size=2000,
        )

    print(
        f"round of {args.applicants} applicants for {args.posts} posts, database {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}"
    )
    timed("seed applicants (bulk, not measured)", seed)
    timed("eligibility check (close registration)", lambda: services.round_close_registration(by=admin, round=rnd), 1.0)
    timed("manual review in bulk (by auto result)", lambda: services.review_accept_auto(by=admin, round=rnd))
    timed(
        "tickets and seats",
        lambda: services.round_start_written(
            by=admin, round=rnd, rooms=[{"name": f"第{i}考场", "capacity": 30} for i in range(1, 400)]
        ),
    )
    tickets = list(rnd.applications.exclude(ticket_no="").values_list("ticket_no", flat=True))
    rows = [["准考证号", "笔试成绩"]] + [[t, round(rng.uniform(40, 95), 1)] for t in tickets]
    data = xlsx_bytes(rows)
    timed(
        f"score import from Excel ({len(tickets)} rows)",
        lambda: services.scores_import(by=admin, round=rnd, file=io.BytesIO(data)),
        5.0,
    )
    timed("interview list by ratio (with ties)", lambda: services.round_start_interview(by=admin, round=rnd))
    judges = [make_user(f"bench_j{i}{stamp}", county, []) for i in range(5)]
    Judge.objects.bulk_create([Judge(round=rnd, user=j) for j in judges])
    JudgeScore.objects.bulk_create(
        [
            JudgeScore(application_id=a, judge=j, score=rng.randint(60, 95))
            for a in rnd.applications.filter(in_interview=True).values_list("id", flat=True)
            for j in judges
        ]
    )
    timed("ranking (drop high/low, weights, tie-breaks)", lambda: services.round_rank(by=admin, round=rnd), 1.0)
    out = Path(tempfile.mkdtemp()) / "tickets.pdf"
    apps = list(
        rnd.applications.exclude(ticket_no="").select_related("applicant", "post", "post__unit", "room").order_by("ticket_no")
    )
    _, took = timed(
        f"admission tickets, one PDF ({len(apps)})", lambda: pdf.render_tickets(rnd, out, progress=bar, applications=apps)
    )
    print(f"{'':<44} {out.stat().st_size / 1e6:7.1f} MB, {len(apps) / took:.0f} tickets/s")


if __name__ == "__main__":
    main()
