"""Demo data for the org pages (示例数据): a county-level development zone with units of its own and a
disabled (merged) street, so the tree shows every kind and both states. Built through the services."""

from __future__ import annotations

from .models import OrgKind, OrgLevel
from .services import org_create, org_set_active


def load(ctx) -> None:
    jinan = ctx.cities["济南市"]
    # A development zone managed at county level, as seed 003 lists 市开发区 beside the counties.
    # No GB/T 2260 code is given: the field stays empty where no code exists.
    zone = org_create(
        by=None,
        parent=jinan,
        level=OrgLevel.COUNTY,
        skip_scope=True,
        is_demo=True,
        data={"name": "济南高新区总工会", "kind": OrgKind.ZONE, "union_count": 0, "member_count": 0, "sort": 50},
    )
    for i, (name, kind) in enumerate((("齐鲁软件园工会联合会", OrgKind.ZONE), ("高新区企业工会联合会", OrgKind.INDUSTRY))):
        unit = org_create(
            by=None,
            parent=zone,
            level=OrgLevel.TOWNSHIP,
            skip_scope=True,
            is_demo=True,
            data={
                "name": name,
                "kind": kind,
                "union_count": ctx.rng.randint(120, 320),
                "member_count": ctx.rng.randint(4000, 30000),
                "sort": i,
            },
        )
        ctx.units.append(unit)
    merged = org_create(
        by=None,
        parent=ctx.counties["历下区"],
        level=OrgLevel.TOWNSHIP,
        skip_scope=True,
        is_demo=True,
        data={"name": "原文化西路街道工会（已撤并）", "kind": OrgKind.STREET, "union_count": 0, "member_count": 0, "sort": 99},
    )
    org_set_active(by=ctx.users["sysadmin"], org=merged, active=False)
