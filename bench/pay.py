"""Benchmark: compute and lock the monthly payroll of a province of 3,000 workers (target ≤ 3 s) and of a
national deployment of 100,000 (target ≤ 60 s), and the register and slip pages' query counts.

    DATABASE_URL=sqlite:////tmp/bench_pay.sqlite3 .venv/bin/python bench/pay.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/pay.py   # works in BENCH_DB (bench_pay)
    BENCH_PAY_SIZES=3000 …                   # only the province

The database named by DATABASE_URL is flushed and rebuilt. Set-up (orgs through org_create, workers and
薪级 bulk-inserted, the example tables and ratios through the services) is not timed. Timed: for every
county, `run_open` + `run_compute` + `run_review` + `run_approve` — the whole month from the county's
point of view (gather, compute every line with the rules, write lines and shares in bulk, lock).
"""

from __future__ import annotations

import os
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/bench_pay.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "false")
if os.environ["DATABASE_URL"].startswith("postgres"):
    # PostgreSQL: always the dedicated database BENCH_DB (default bench_pay) on that server, created if missing
    os.environ.setdefault("BENCH_DB", "bench_pay")
    from common import bench_url, ensure_database  # noqa: E402

    os.environ["DATABASE_URL"] = bench_url()
    ensure_database()

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

SIZES = [int(s) for s in os.environ.get("BENCH_PAY_SIZES", "3000,100000").split(",")]
TARGETS = {3000: 3.0, 100000: 60.0}
WORKERS_PER_COUNTY = 300
UNITS_PER_COUNTY = 5
RANKS = ["见习干事", "初级干事", "中级干事", "高级干事"]
MONTH = date(2026, 1, 1)


def build(n_workers: int, tag: str):
    """A province of ceil(n / 300) counties with 5 units each, n workers with 薪级, the example tables."""
    from unionsw.accounts.models import User
    from unionsw.accounts.roles import ensure_builtin_roles
    from unionsw.orgs.models import OrgLevel, PolicyProfile
    from unionsw.orgs.policy_loader import load_policy_profiles
    from unionsw.orgs.services import org_create
    from unionsw.pay import examples, services
    from unionsw.pay.models import GradeAssignment
    from unionsw.workers.models import Worker

    load_policy_profiles()
    roles = ensure_builtin_roles()
    shandong = PolicyProfile.objects.filter(code="shandong").order_by("-effective_from").first()
    province = org_create(
        by=None, parent=None, level=OrgLevel.PROVINCE, skip_scope=True, data={"name": f"基准省{tag}", "policy_profile": shandong}
    )
    admin = User.objects.create(
        username=f"bench_pay_{tag}", org=province, must_change_password=False, password_changed_at=timezone.now()
    )
    admin.roles.set([roles["province_admin"], roles["county_admin"]])
    admin = User.objects.get(pk=admin.pk)
    examples.install(by=admin, org=province)
    services.cost_shares_set(
        by=admin,
        org=province,
        shares={"全总": "10%", "省总工会": "20%", "市总工会": "20%", "县（市、区）总工会": "30%", "乡镇（街道）财政": "20%"},
        effective_from=date(2020, 1, 1),
        source="基准测试",
    )
    n_counties = -(-n_workers // WORKERS_PER_COUNTY)
    counties, units = [], []
    city = None
    for c in range(n_counties):
        if c % 10 == 0:
            city = org_create(by=None, parent=province, level=OrgLevel.CITY, skip_scope=True, data={"name": f"{tag}市{c // 10}"})
        county = org_create(by=None, parent=city, level=OrgLevel.COUNTY, skip_scope=True, data={"name": f"{tag}县{c}"})
        counties.append(county)
        services.performance_ratio_set(by=admin, org=county, year=MONTH.year, ratio="80%", reason="基准测试")
        for u in range(UNITS_PER_COUNTY):
            units.append(
                org_create(by=None, parent=county, level=OrgLevel.TOWNSHIP, skip_scope=True, data={"name": f"{tag}县{c}街{u}"})
            )
    workers = []
    for n in range(n_workers):
        county_index = n // WORKERS_PER_COUNTY
        unit = units[county_index * UNITS_PER_COUNTY + n % UNITS_PER_COUNTY]
        workers.append(
            Worker(
                name=f"社工{tag}{n}",
                id_number_enc="x",
                id_number_index=f"bench{tag}{n}",
                id_number_masked="x",
                birth_date=date(1990, 1, 1),
                gender="F",
                political_status="masses",
                education="bachelor",
                employment_mode="rehired" if n % 100 == 0 else "public_hire",
                org=unit,
                rank="" if n % 100 == 0 else RANKS[n % 4],
                hired_on=date(2026, 1, 15) if n % 97 == 0 else date(2020, 1, 1),
            )
        )
    Worker.objects.bulk_create(workers, batch_size=2000)
    from unionsw.pay.models import ServiceFee

    grades, fees = [], []
    for w in Worker.objects.filter(org__path__startswith=province.path).only("pk", "employment_mode", "hired_on"):
        if w.employment_mode == "rehired":
            fees.append(ServiceFee(worker_id=w.pk, monthly="3000.00", effective_from=date(2020, 1, 1), set_by=admin))
        else:
            grades.append(
                GradeAssignment(worker_id=w.pk, level=7 + w.pk % 30, effective_from=date(2020, 1, 1), reason="基准", set_by=admin)
            )
    GradeAssignment.objects.bulk_create(grades, batch_size=5000)
    ServiceFee.objects.bulk_create(fees, batch_size=5000)
    return admin, counties


def pay_month(admin, counties):
    from unionsw.pay import runs

    done = []
    for county in counties:
        run = runs.run_open(by=admin, org=county, month=MONTH)
        run = runs.run_compute(by=admin, run=run)
        assert not run.problems, run.problems[:3]
        run = runs.run_review(by=admin, run=run)
        done.append(runs.run_approve(by=admin, run=run))
    return done


def page_queries(admin, run):
    """Queries of the register page and of one slip (constant whatever the run's size)."""
    from django.test import Client

    client = Client()
    client.force_login(admin)
    out = []
    line = run.lines.order_by("pk").first()
    for name, url in (("register", f"/pay/runs/{run.pk}/"), ("slip", f"/pay/slips/{line.pk}/"), ("cost", "/pay/cost/?year=2026")):
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            t = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - t
        assert response.status_code == 200, (url, response.status_code)
        out.append((name, len(ctx), elapsed))
    return out


def main():
    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    ok = True
    for size in SIZES:
        t = time.perf_counter()
        admin, counties = build(size, f"P{size}")
        print(f"set-up: {size} workers in {len(counties)} counties, {time.perf_counter() - t:.1f} s (not timed)")
        t = time.perf_counter()
        done = pay_month(admin, counties)
        elapsed = time.perf_counter() - t
        lines = sum(r.totals["count"] for r in done)
        target = TARGETS.get(size)
        verdict = "" if target is None else (f"[target ≤ {target:g} s] " + ("OK" if elapsed <= target else "SLOW"))
        ok = ok and (target is None or elapsed <= target)
        print(f"compute + lock {lines} pay lines in {len(done)} county runs ({connection.vendor}): {elapsed:.2f} s {verdict}")
        for name, queries, seconds in page_queries(admin, done[0]):
            print(f"  {name} page ({done[0].totals['count']} lines in the run): {queries} queries, {seconds * 1000:.0f} ms")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
