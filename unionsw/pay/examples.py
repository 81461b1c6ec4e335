"""The shipped example tables (示例). The numbers are ILLUSTRATIVE, not any locality's standard: every page
that shows them says 示例, and a county replaces them with its own (by hand or Excel import).

Structure follows seed 000 (岗位工资 by 管理岗位 grade 一级…十级, 薪级工资 by level 1–65); the amounts rise
with grade and level so that the example behaves like a real table."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from . import services

EXAMPLE_POST_PAY = {1: 5300, 2: 4200, 3: 3300, 4: 2800, 5: 2400, 6: 2100, 7: 1900, 8: 1720, 9: 1580, 10: 1500}


def example_grade_pay(level: int) -> Decimal:
    """38 元 a level up to 20 (20 → 1,013), then 60 元 a level."""
    if level <= 20:
        return Decimal(253 + 38 * level)
    return Decimal(1013 + 60 * (level - 20))


EXAMPLE_START_LEVELS = {"junior_college": 5, "bachelor": 7, "master": 11, "doctor": 14}

EXAMPLE_CONTRIBUTIONS = [
    {"item": "pension", "employer_rate": "16%", "employee_rate": "8%", "base_floor": "3800", "base_ceiling": "20000"},
    {"item": "medical", "employer_rate": "9%", "employee_rate": "2%", "base_floor": "3800", "base_ceiling": "20000"},
    {"item": "unemployment", "employer_rate": "0.7%", "employee_rate": "0.3%", "base_floor": "3800", "base_ceiling": "20000"},
    {"item": "injury", "employer_rate": "0.2%", "employee_rate": "0", "base_floor": "3800", "base_ceiling": "20000"},
    {"item": "maternity", "employer_rate": "0.8%", "employee_rate": "0", "base_floor": "3800", "base_ceiling": "20000"},
    {"item": "housing_fund", "employer_rate": "12%", "employee_rate": "12%", "base_floor": "2500", "base_ceiling": "25000"},
]


def install(*, by, org, effective_from: date = date(2020, 1, 1), allowance: bool = True):
    """Create the example pay table, contribution table (and a 交通补贴 example) at `org` through the services."""
    table = services.pay_table_save(
        by=by,
        org=org,
        name="示例工资标准表（数值仅为演示）",
        effective_from=effective_from,
        post_pay={str(k): str(v) for k, v in EXAMPLE_POST_PAY.items()},
        grade_pay={str(n): str(example_grade_pay(n)) for n in range(1, 66)},
        start_levels=EXAMPLE_START_LEVELS,
        source="示例：须按当地事业单位工资标准替换",
        is_example=True,
    )
    contrib = services.contribution_table_save(
        by=by,
        org=org,
        name="示例社保公积金缴费标准（比例仅为演示）",
        effective_from=effective_from,
        items=EXAMPLE_CONTRIBUTIONS,
        source="示例：须按当地人社、医保、公积金部门公布的标准替换",
        is_example=True,
    )
    extra = None
    if allowance:
        extra = services.allowance_add(
            by=by, org=org, name="交通补贴（示例）", amount="300", effective_from=effective_from, source="示例", is_example=True
        )
    return table, contrib, extra
