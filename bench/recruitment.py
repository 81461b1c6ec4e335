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
NATIONAL = "--national" in sys.argv
if NATIONAL:
    # issue 13: a round of 100,000 applications on PostgreSQL, in its own throw-away database on the server of
    # DATABASE_URL (BENCH_RECRUITMENT_DB, default bench_recruitment), steps run as queued jobs
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import common  # noqa: E402

    os.environ["BENCH_DB"] = os.environ.get("BENCH_RECRUITMENT_DB", "bench_recruitment")
    common.ensure_database(reset=True)
    os.environ["DATABASE_URL"] = common.bench_url()
    os.environ.setdefault("DEBUG", "false")
    os.environ.pop("REDIS_URL", None)
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
    parser.add_argument("--national", action="store_true", help="100,000 applications on PostgreSQL, steps as queued jobs")
    parser.add_argument("--page-requests", type=int, default=100)
    args = parser.parse_args()
    if args.national and args.applicants == 10_000:
        args.applicants, args.posts = 100_000, 1_000

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
        data={"title": "压测计划", "exam_year": timezone.localdate().year + 1, "exam_month": 6},
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
    if args.national:
        return national(args, rnd, admin)
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


def as_job(admin, step: str, rnd):
    """Queue a whole-round step the way the round page does for a big round, and run it the way a Celery
    worker does (core.jobs.execute). Returns the finished job."""
    from unionsw.core import jobs
    from unionsw.core.models import Job
    from unionsw.recruitment import jobs as recruitment_jobs  # noqa: F401 — registers the jobs

    job = Job.objects.create(
        kind="recruitment_round",
        label=step,
        total=rnd.applications.count(),
        created_by=admin,
        task="recruitment.round_step",
        args={"round_id": rnd.pk, "step": step},
    )
    status = jobs.execute(job.pk)
    job.refresh_from_db()
    if status != "done":
        raise SystemExit(f"job {step} ended {status}: {job.message}")
    return job


def national(args, rnd, admin) -> None:
    """Issue 13 targets: close registration + automatic review ≤ 10 s as a queued job, ranking ≤ 5 s, the round
    page's application list p95 ≤ 50 ms at any page, tickets for every applicant as a job with progress."""
    import statistics

    from django.test import Client

    from unionsw.core import jobs
    from unionsw.core.models import Job
    from unionsw.recruitment import services
    from unionsw.recruitment.models import Application, Judge, JudgeScore

    results = {}
    _, results["close_and_review_s"] = timed(
        "close registration + automatic review (queued jobs)",
        lambda: (as_job(admin, "close", rnd), as_job(admin, "review_auto", rnd)),
        10.0,
    )
    rnd.refresh_from_db()
    timed(
        "tickets and seats",
        lambda: services.round_start_written(
            by=admin, round=rnd, rooms=[{"name": f"第{i}考场", "capacity": 30} for i in range(1, 3400)]
        ),
    )
    rng = random.Random(7)
    apps = list(rnd.applications.exclude(ticket_no="").values_list("id", flat=True))
    Application.objects.bulk_update(
        [Application(pk=a, written_score=round(rng.uniform(40, 95), 1)) for a in apps], ["written_score"], batch_size=5000
    )
    timed("interview list by ratio (with ties)", lambda: services.round_start_interview(by=admin, round=rnd))
    from conftest import make_user

    judges = [make_user(f"bench_nj{i}{rnd.pk}", rnd.org, []) for i in range(5)]
    Judge.objects.bulk_create([Judge(round=rnd, user=j) for j in judges])
    JudgeScore.objects.bulk_create(
        [
            JudgeScore(application_id=a, judge=j, score=rng.randint(60, 95))
            for a in rnd.applications.filter(in_interview=True).values_list("id", flat=True)
            for j in judges
        ],
        batch_size=5000,
    )
    rnd.refresh_from_db()
    _, results["rank_s"] = timed("ranking (queued job)", lambda: as_job(admin, "rank", rnd), 5.0)

    # the round page at any page of the application list
    client = Client()
    client.force_login(admin)
    url = f"/recruitment/rounds/{rnd.pk}/"
    pages = -(-rnd.applications.count() // 50)
    for _ in range(5):
        client.get(url)
    times = []
    for _ in range(args.page_requests):
        page = rng.randint(1, pages)
        t = time.perf_counter()
        response = client.get(f"{url}?page={page}")
        times.append((time.perf_counter() - t) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url}?page={page} answered {response.status_code}")
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    results["round_page_p50_ms"], results["round_page_p95_ms"] = round(statistics.median(times), 1), round(p95, 1)
    print(
        f"{'round page, random page of ' + str(pages):<44} p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms"
        f"{'  ✓' if p95 <= 50 else '  ✗ (target p95 ≤ 50 ms)'}"
    )

    # tickets for every applicant as a job with progress (progress read from the Job row, as the page does)
    job = Job.objects.create(
        kind="recruitment_tickets",
        label="准考证",
        total=len(apps),
        created_by=admin,
        task="recruitment.tickets",
        args={"round_id": rnd.pk},
    )
    seen = []

    def poll():
        while not stop.is_set():
            row = Job.objects.filter(pk=job.pk).values_list("done", "total").first()
            if row:
                seen.append(row)
                bar(*row) if row[1] else None
            stop.wait(1.0)
        from django.db import connection

        connection.close()

    import threading

    stop = threading.Event()
    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    t = time.perf_counter()
    status = jobs.execute(job.pk)
    took = time.perf_counter() - t
    stop.set()
    watcher.join()
    job.refresh_from_db()
    results["tickets_s"] = round(took, 1)
    print(
        f"{'admission tickets as a job (' + str(len(apps)) + ')':<44} {took:7.2f} s, {status}, {len(apps) / took:.0f} tickets/s, "
        f"progress seen {len(seen)} times"
    )
    print("results:", results)


if __name__ == "__main__":
    main()
