"""Excel import of a pay table through core/excel.py (size-checked upload, sandboxed reader, all-or-nothing).

One row per amount: 类别 (岗位工资 / 薪级工资), 等级 (1–10 for 岗位工资, 1–65 for 薪级工资), 月标准（元）.
The template's headers, notes and choices are also the parsing keys: they stay Chinese. The cell errors, shown on the
import page, are in the user's language.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from unionsw.core import excel

from . import rules, services
from .tables import GRADES, LEVELS

KINDS = {"岗位工资": "post_pay", "薪级工资": "grade_pay"}


def _level(value) -> int:
    if isinstance(value, str):
        value = value.strip().removesuffix("级")
    try:
        return excel.parse_count(value)
    except excel.CellError:
        raise excel.CellError(_("等级应为整数，如 8")) from None


def _amount(value) -> str:
    try:
        return str(rules.parse_money(value, label=_("月标准")))
    except ValidationError as exc:
        raise excel.CellError(exc.messages[0]) from None


COLUMNS = [
    excel.Column("类别", "kind", required=True, parse=excel.choice(KINDS, "类别"), choices=list(KINDS)),
    excel.Column("等级", "level", required=True, parse=_level, help="岗位工资填管理岗位等级 1–10（一级…十级）；薪级工资填 1–65"),
    excel.Column("月标准（元）", "amount", required=True, parse=_amount, help="每月金额，最多两位小数"),
]
NOTES = [
    "每行一个金额：岗位工资按管理岗位等级（1=一级 … 10=十级），薪级工资按薪级（1–65）。",
    "金额参照当地事业单位工资标准填写；导入后可在页面上逐项修改。",
]


def template() -> bytes:
    return excel.build_template(COLUMNS, "工资标准", NOTES, example={"kind": "岗位工资", "level": 8, "amount": "1720.00"})


def import_table(*, by, org, upload, name: str, effective_from: date, source: str = ""):
    """Read and check every row, then create the table through services.pay_table_save (one transaction)."""
    services.require(by, "pay.table")
    rows = excel.read_rows(upload, COLUMNS)
    found: dict[str, dict[str, str]] = {"post_pay": {}, "grade_pay": {}}
    holder: dict = {}

    def validate(row, values):
        kind, level = values.get("kind"), values.get("level")
        if kind and level is not None:
            keys = GRADES if kind == "post_pay" else LEVELS
            if level not in keys:
                raise ValidationError({"level": [_("等级应在 %(low)s–%(high)s 之间") % {"low": keys[0], "high": keys[-1]}]})
            if str(level) in found[kind]:
                raise ValidationError({"level": [_("同一类别的等级重复")]})
            found[kind][str(level)] = values.get("amount") or ""
        return values

    def finish(result):
        holder["table"] = services.pay_table_save(
            by=by,
            org=org,
            name=name,
            effective_from=effective_from,
            post_pay=found["post_pay"],
            grade_pay=found["grade_pay"],
            source=source or "Excel 导入",
        )

    result = excel.run_import(rows=rows, columns=COLUMNS, validate=validate, write=lambda row, item: None, finish=finish)
    return result, holder.get("table")
