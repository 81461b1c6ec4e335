"""A small openpyxl export for the staffing table. The shared helpers (core/excel.py) are being written
in parallel; when they land this module should switch to them."""

from __future__ import annotations

from io import BytesIO
from urllib.parse import quote

from openpyxl import Workbook
from openpyxl.styles import Font


def attachment(filename: str, *, inline: bool = False) -> str:
    return f"{'inline' if inline else 'attachment'}; filename*=UTF-8''{quote(filename)}"


HEADERS = [
    "单位",
    "所辖工会数",
    "职工人数",
    "配备要求",
    "应配（下限/按数）",
    "上限",
    "现有在岗社工",
    "缺口",
    "岗位数",
    "空缺岗位",
]


def staffing_workbook(root, table) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "配备标准"
    ws.append([f"{root.name} 社工配备情况（依据：{table['norm_value'].source if table['norm_value'] else '政策未规定'}）"])
    ws.append(HEADERS)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for r in table["rows"]:
        n = r.norm
        ws.append(
            [
                r.unit.name,
                r.unit.union_count,
                r.unit.member_count,
                n.label,
                (n.target if n.target is not None else n.minimum)
                if n.status == "required"
                else ("—" if n.status == "optional" else "未规定"),
                n.maximum if n.maximum is not None else "未规定",
                r.current,
                r.gap if r.gap is not None else "未规定",
                r.posts,
                r.vacant,
            ]
        )
    t = table["totals"]
    ws.append(
        [
            "合计",
            "",
            "",
            f"应配 {t['required_units']} 个单位",
            t["minimum"],
            t["maximum"],
            t["current"],
            t["gap"],
            t["posts"],
            t["vacant"],
        ]
    )
    ws.column_dimensions["A"].width = 32
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()
