"""Demo data for pay (示例数据), built through the services: the example tables at the province, example
cost shares (labelled 示例 — the seeds name the payers but no shares), performance ratios for two counties,
薪级 for 历下区's workers from the suggestion (reason says so), and 历下区's payroll: the last three months
approved (locked), the current month computed and waiting for review."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from unionsw.workers.models import Worker

from . import examples, runs, services, tables


def _months_back(today: date, n: int) -> date:
    y, m = today.year, today.month - n
    while m <= 0:
        y, m = y - 1, m + 12
    return date(y, m, 1)


def load(ctx) -> None:
    province_admin = ctx.users["province"]
    county = ctx.users["county"]
    today = timezone.localdate()
    examples.install(by=province_admin, org=ctx.province, effective_from=date(2020, 1, 1))
    services.cost_shares_set(
        by=province_admin,
        org=ctx.province,
        shares={"全总": "10%", "省总工会": "20%", "市总工会": "20%", "县（市、区）总工会": "30%", "乡镇（街道）财政": "20%"},
        effective_from=date(2020, 1, 1),
        source="示例：分担比例仅为演示，政策只规定了承担方，比例由省总工会设定",
    )
    first = _months_back(today, 3)
    for name, user in (("历下区", county), ("市南区", ctx.users.get("county2"))):
        if user is None:
            continue
        for year in sorted({first.year, today.year}):
            services.performance_ratio_set(
                by=user, org=ctx.counties[name], year=year, ratio="80%", reason="示例：县总工会年度绩效工资比例"
            )
    org = ctx.counties["历下区"]
    t = tables.load(org, first=today, last=today, subtree=False).pay_table(today)
    for w in Worker.objects.filter(org__path__startswith=org.path).order_by("pk"):
        if w.employment_mode == "rehired":
            services.service_fee_set(by=county, worker=w, monthly="3000", effective_from=w.hired_on)
            continue
        if w.employment_mode == "purchased_service":
            continue
        level, _ = services.suggested_level(w, on=w.hired_on, start_levels=t.start_levels if t else None)
        services.grade_set(
            by=county, worker=w, level=level or 7, effective_from=w.hired_on, reason="示例：按建议薪级确定", suggested=level
        )
    for back in (3, 2, 1, 0):
        month = _months_back(today, back)
        run = runs.run_open(by=county, org=org, month=month, note="示例")
        run = runs.run_compute(by=county, run=run)
        if back == 0:
            continue
        try:
            run = runs.run_review(by=county, run=run)
            runs.run_approve(by=county, run=run)
        except ValidationError:
            continue  # a worker the demo left without data stays visible on the run page
