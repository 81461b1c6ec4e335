"""Benchmark: assess and rank a province of 10,000 workers (target ≤ 2 s), and the judge's page with
100 self-reports (constant queries).

    DATABASE_URL=sqlite:////tmp/bench_assessment.sqlite3 .venv/bin/python bench/assessment.py
    DATABASE_URL=postgres://…  .venv/bin/python bench/assessment.py

The database named by DATABASE_URL is wiped and rebuilt (default: a throw-away SQLite file in /tmp).
Set-up rows are bulk-inserted (not timed). Timed: for every city, `proposal_compute` — judges' average
per self-report, weighted totals with bonus points, the city-wide ranking, excellent slots per county
(floor) with Hebei's reallocation, the reasons, and the write-back of every entry.
"""

from __future__ import annotations

import os
import random
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/bench_assessment.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

WORKERS = int(os.environ.get("BENCH_WORKERS", "10000"))
CITIES, COUNTIES_PER_CITY, UNITS_PER_COUNTY = 10, 10, 5


def build():
    from unionsw.accounts.models import User
    from unionsw.accounts.roles import ensure_builtin_roles
    from unionsw.assessment import services
    from unionsw.assessment.models import Entry, Judge, Round, RoundStatus, Score
    from unionsw.orgs.models import Org, OrgLevel, PolicyProfile
    from unionsw.orgs.policy_loader import load_policy_profiles
    from unionsw.orgs.services import org_create
    from unionsw.workers.models import Worker

    load_policy_profiles()
    roles = ensure_builtin_roles()
    judge_role = services.ensure_judge_role()
    hebei = PolicyProfile.objects.filter(code="hebei").order_by("-effective_from").first()
    province = org_create(
        by=None, parent=None, level=OrgLevel.PROVINCE, skip_scope=True, data={"name": "基准省", "policy_profile": hebei}
    )
    rng = random.Random(1)
    cities, units = [], []
    for c in range(CITIES):
        city = org_create(by=None, parent=province, level=OrgLevel.CITY, skip_scope=True, data={"name": f"市{c}"})
        cities.append(city)
        for k in range(COUNTIES_PER_CITY):
            county = org_create(by=None, parent=city, level=OrgLevel.COUNTY, skip_scope=True, data={"name": f"市{c}县{k}"})
            for u in range(UNITS_PER_COUNTY):
                units.append(
                    org_create(
                        by=None, parent=county, level=OrgLevel.TOWNSHIP, skip_scope=True, data={"name": f"市{c}县{k}街{u}"}
                    )
                )
    Worker.objects.bulk_create(
        [
            Worker(
                name=f"社工{n}",
                id_number_enc="x",
                id_number_index=f"bench{n}",
                id_number_masked="x",
                birth_date=date(1990, 1, 1),
                gender="F",
                political_status="masses",
                education="bachelor",
                employment_mode="rehired" if n % 50 == 0 else "public_hire",
                org=units[n % len(units)],
                rank="初级岗",
                hired_on=date(2020, 1, 1),
            )
            for n in range(WORKERS)
        ],
        batch_size=2000,
    )
    admin = User.objects.create(username="bench_admin", org=province)
    admin.roles.set([roles["province_admin"], roles["city_admin"]])
    admin = User.objects.get(pk=admin.pk)
    orgs = {o.pk: o for o in Org.objects.all()}
    rounds = []
    for city in cities:
        comps = services.default_components("hebei_1s3p1q")
        for comp, w in zip(comps, (40, 20, 20, 20), strict=True):
            comp["weight"] = w
        rnd = Round.objects.create(
            org=city,
            year=2025,
            scheme="hebei_1s3p1q",
            components=comps,
            pass_line=70,
            basic_line=60,
            excellent_ratio="0.15",
            bonus_points={"city": 2, "provincial": 3},
            reallocation={"bottom": 3, "slots": 1},
            status=RoundStatus.DRAWN,
        )
        judges = []
        for j in range(2):
            u = User.objects.create(
                username=f"judge_{city.pk}_{j}", org=city, must_change_password=False, password_changed_at=timezone.now()
            )
            u.roles.set([judge_role])
            judges.append(Judge.objects.create(round=rnd, user=u, group="AB"[j]))
        entries = []
        for w in Worker.objects.filter(org__path__startswith=city.path).only("pk", "org_id"):
            base = rng.gauss(80, 8)
            entries.append(
                Entry(
                    round=rnd,
                    worker_id=w.pk,
                    org_id=w.org_id,
                    county=services.county_of(orgs[w.org_id], orgs),
                    scoring_group=rng.choice("AB"),
                    play_order=len(entries) + 1,
                    scores={
                        "host": round(base + rng.gauss(0, 5), 1),
                        "city": round(base, 1),
                        "workload": round(base + rng.gauss(0, 8), 1),
                    },
                    commendation="city" if rng.random() < 0.05 else "",
                )
            )
        Entry.objects.bulk_create(entries, batch_size=2000)
        Score.objects.bulk_create(
            [
                Score(
                    entry=e, judge=judges[0 if e.scoring_group == "A" else 1], points=round(min(99, max(40, rng.gauss(80, 8))), 1)
                )
                for e in Entry.objects.filter(round=rnd).only("pk", "scoring_group")
            ],
            batch_size=2000,
        )
        rounds.append(rnd)
    return admin, rounds


def judge_page_queries():
    """Queries of the judge's page with 10 and with 100 self-reports assigned."""
    from django.test import Client

    from unionsw.assessment.models import Entry, Judge

    judge = Judge.objects.select_related("user").order_by("pk").first()
    client = Client()
    client.force_login(judge.user)
    counts = []
    client.get("/assessment/judging/")  # warm-up: session and user loading
    for n in (10, 100):
        ids = list(Entry.objects.filter(round=judge.round).values_list("pk", flat=True)[:n])
        Entry.objects.filter(round=judge.round).update(scoring_group="B")
        Entry.objects.filter(pk__in=ids).update(scoring_group=judge.group)
        with CaptureQueriesContext(connection) as ctx:
            t = time.perf_counter()
            response = client.get("/assessment/judging/")
            elapsed = time.perf_counter() - t
        assert response.status_code == 200 and "评委评分" in response.content.decode(), response.status_code
        counts.append((n, len(ctx), elapsed))
    return counts


def main():
    from unionsw.assessment import services

    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    t = time.perf_counter()
    admin, rounds = build()
    print(f"set-up: {WORKERS} workers, {len(rounds)} cities, {time.perf_counter() - t:.1f} s (not timed)")
    t = time.perf_counter()
    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        pr = cProfile.Profile()
        pr.enable()
    for rnd in rounds:
        services.proposal_compute(by=admin, round=rnd)
    if os.environ.get("BENCH_PROFILE"):
        pr.disable()
        pstats.Stats(pr).sort_stats("tottime").print_stats(15)
    elapsed = time.perf_counter() - t
    print(
        f"assess and rank {WORKERS} workers ({connection.vendor}): {elapsed:.2f} s  [target ≤ 2 s] {'OK' if elapsed <= 2 else 'SLOW'}"
    )
    for n, queries, seconds in judge_page_queries():
        print(f"judge page with {n:>3} self-reports: {queries} queries, {seconds * 1000:.0f} ms")


if __name__ == "__main__":
    main()
