"""The work log at provincial scale (issue 9): 1,000,000 confirmed entries (100,000 workers × 10) summarised by
city for a year on PostgreSQL; target ≤ 2 s.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/worklog.py [--workers 100000] [--per-worker 10]

Works in its own throw-away database on that server (BENCH_WORKLOG_DB, default bench_worklog, recreated each
run). Orgs go through the service; workers are bulk-inserted; entries are generated inside PostgreSQL with
INSERT … SELECT so that building the data takes seconds, not the measurement.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

os.environ["BENCH_DB"] = os.environ.get("BENCH_WORKLOG_DB", "bench_worklog")
common.ensure_database(reset=True)
common.setup_django()

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

YEAR = 2026
CATEGORIES = ["组建指导", "维权服务", "法律援助", "劳动争议调解", "困难帮扶", "职工培训", "文体活动", "职工频道"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=100_000)
    parser.add_argument("--per-worker", type=int, default=10)
    parser.add_argument("--cities", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    from conftest import make_user
    from unionsw.accounts.roles import ensure_builtin_roles
    from unionsw.activity.selectors import worklog_by_child_org
    from unionsw.orgs.models import OrgLevel, PolicyProfile
    from unionsw.orgs.policy_loader import load_policy_profiles
    from unionsw.orgs.services import org_create
    from unionsw.workers.models import Worker

    load_policy_profiles()
    roles = ensure_builtin_roles()

    def org(parent, level, name, **extra):
        return org_create(by=None, parent=parent, level=level, skip_scope=True, data={"name": name, **extra})

    province = org(None, OrgLevel.PROVINCE, "示例省总工会", region_code="370000", policy_profile=PolicyProfile.objects.get(code="shandong"))
    townships = []
    for c in range(args.cities):
        city = org(province, OrgLevel.CITY, f"示例{c + 1}市总工会")
        for k in range(10):
            county = org(city, OrgLevel.COUNTY, f"示例{c + 1}市{k + 1}区总工会")
            for t in range(10):
                townships.append(org(county, OrgLevel.TOWNSHIP, f"示例{c + 1}-{k + 1}-{t + 1}街道工会"))
    admin = make_user("bench_province", province, [roles["province_admin"]])
    print(f"orgs: {len(townships)} townships under {args.cities} cities ({time.perf_counter() - t0:.1f} s)", flush=True)

    t1 = time.perf_counter()
    batch = []
    for i in range(args.workers):
        batch.append(
            Worker(
                name=f"社工{i}",
                id_number_enc="x",
                id_number_index=f"bench{i:012d}",
                id_number_masked="370000********0000",
                birth_date=date(1990, 1, 1),
                gender="F" if i % 2 else "M",
                political_status="masses",
                education="bachelor",
                employment_mode="public_hire",
                org=townships[i % len(townships)],
                hired_on=date(2022, 1, 1),
            )
        )
        if len(batch) == 10_000:
            Worker.objects.bulk_create(batch)
            batch = []
    if batch:
        Worker.objects.bulk_create(batch)
    print(f"workers: {args.workers} ({time.perf_counter() - t1:.1f} s)", flush=True)

    t2 = time.perf_counter()
    cats = "ARRAY[" + ",".join(f"'{c}'" for c in CATEGORIES) + "]"
    with connection.cursor() as cur:
        cur.execute(
            f"""
            INSERT INTO activity_worklogentry
                (worker_id, org_id, day, category, place, served, beneficiaries, description, status, review_note, created_at)
            SELECT w.id, w.org_id, DATE '{YEAR}-01-01' + ((g * 37 + w.id) %% 365)::int,
                   ({cats})[1 + (g + w.id) %% {len(CATEGORIES)}], '', '', (g * 7 + w.id) %% 50, '示例', 'confirmed', '', now()
            FROM workers_worker w CROSS JOIN generate_series(1, %s) AS g
            """,
            [args.per_worker],
        )
        cur.execute("VACUUM ANALYZE activity_worklogentry")  # what autovacuum does after a bulk load
        cur.execute("SELECT count(*) FROM activity_worklogentry")
        total = cur.fetchone()[0]
    print(f"entries: {total:,} ({time.perf_counter() - t2:.1f} s)", flush=True)

    times = []
    rows = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        rows = worklog_by_child_org(admin, year=YEAR, parent=province)
        times.append(time.perf_counter() - t)
    assert sum(r["entries"] for r in rows) == total, "the city totals must add up to every entry"
    best, median = min(times), statistics.median(times)
    verdict = "✓" if median <= 2 else "✗ (target ≤ 2 s)"
    print(f"work log of {YEAR} by city ({len(rows)} cities, {total:,} entries): median {median:.2f} s, best {best:.2f} s  {verdict}")
    common.OUT.mkdir(exist_ok=True)
    (common.OUT / "worklog.json").write_text(
        f'{{"entries": {total}, "cities": {len(rows)}, "median_s": {median:.3f}, "best_s": {best:.3f}}}\n', encoding="utf-8"
    )
    if median > 2:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
