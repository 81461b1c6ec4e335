"""The annual report to the level above (工会社会工作者队伍统计年报, 社工年报1表): a fixed table layout in
Excel, one indicator per column under a fixed code, so the upper level can import its units' files and
sum them (`read_annual` + `sum_annual`). The figures come from the same breakdowns as /stats/."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_noop

from unionsw.core.excel import ExcelFormatError, export_xlsx, read_grid
from unionsw.core.i18n import choice_label

from . import engine
from .population import population

FORM_CODE = "社工年报1表"
FORM_TITLE = gettext_noop("工会社会工作者队伍统计年报")  # the file keeps the Chinese; messages translate it

# (code, label, breakdown key, row keys summed). Fixed: a new indicator gets a new code at the end. The labels
# show translated on the import page; the Excel file writes their Chinese (engine.plain).
INDICATORS = [
    ("01", choice_label("在岗社工合计"), "org", None),
    ("02", choice_label("已备案"), "filing", ["filed"]),
    ("03", choice_label("未备案"), "filing", ["unfiled"]),
    ("04", choice_label("女性"), "gender", ["F"]),
    ("05", choice_label("中共党员（含预备党员）"), "political", ["cpc", "cpc_probation"]),
    ("06", choice_label("共青团员"), "political", ["cyl"]),
    ("07", choice_label("民主党派成员"), "political", ["rcck", "cdl", "cndca", "capd", "pwdp", "czgp", "jiusan", "tdsl", "democratic"]),
    ("08", choice_label("35岁及以下"), "age", ["0"]),
    ("09", choice_label("36—45岁"), "age", ["1"]),
    ("10", choice_label("45岁以上"), "age", ["2"]),
    ("11", choice_label("大专"), "education", ["junior_college"]),
    ("12", choice_label("本科"), "education", ["bachelor"]),
    ("13", choice_label("研究生（含硕士、博士）"), "education", ["postgraduate", "master", "doctor"]),
    ("14", choice_label("助理社会工作师"), "certificate", ["assistant"]),
    ("15", choice_label("社会工作师"), "certificate", ["social_worker"]),
    ("16", choice_label("高级社会工作师"), "certificate", ["senior"]),
    ("17", choice_label("公开招聘"), "mode", ["public_hire"]),
    ("18", choice_label("购买服务"), "mode", ["purchased_service"]),
    ("19", choice_label("返聘"), "mode", ["rehired"]),
    ("20", choice_label("公益性岗位"), "mode", ["public_welfare"]),
]
CODES = [code for code, *_ in INDICATORS]


def figures(tables: list[engine.Breakdown]) -> list[int]:
    by_key = {t.key: t for t in tables}
    out = []
    for _code, _label, key, rows in INDICATORS:
        table = by_key[key]
        if rows is None:
            out.append(int(table.total))
        else:
            values = table.by_key()
            out.append(int(sum(values[k].value for k in rows if k in values)))
    return out


def build_rows(user, org, on: date) -> tuple[date, list[list]]:
    """The unit's own total, then one row per child org (each computed like its own /stats/ page)."""
    pop = population(user, on, org)
    rows = [["合计", *figures(engine.collect(user, pop.on, org))]]
    from unionsw.core.scope import visible_orgs

    for child in visible_orgs(user).filter(parent=org).order_by("sort", "id"):
        rows.append([child.name, *figures(engine.collect(user, pop.on, child))])
    return pop.on, rows


def to_xlsx(user, org, on: date) -> tuple[date, bytes]:
    day, rows = build_rows(user, org, on)
    pop = population(user, day, org)
    basis = "只计已备案社工" if pop.filed_only else "全部在岗社工"
    grid = [
        ["填报单位", org.name, "统计截至", day.isoformat(), "统计口径", basis],
        ["指标代码", *CODES],
        ["单位名称", *[engine.plain(label) for _c, label, *_ in INDICATORS]],
        *rows,
    ]
    return day, export_xlsx([FORM_CODE, FORM_TITLE], grid, sheet_title=FORM_CODE)


def read_annual(fileobj) -> dict:
    """One unit's file: {"org": name, "on": day text, "values": [int…]}; a file of another layout is a
    ValidationError with a Chinese message."""
    grid = read_grid(fileobj, max_rows=500)
    if not grid or str(grid[0][0] if grid[0] else "").strip() != FORM_CODE:
        raise ExcelFormatError(
            gettext("不是%(code)s（%(title)s）：请上传本平台导出的年报表") % {"code": FORM_CODE, "title": gettext(FORM_TITLE)}
        )
    rows = {str(r[0]).strip(): r for r in grid if r and r[0] is not None}
    codes = [str(v).strip() for v in rows.get("指标代码", [])[1:]]
    if codes[: len(CODES)] != CODES:
        raise ExcelFormatError(gettext("指标代码与本表不一致，请使用本平台导出的最新年报表"))
    total = rows.get("合计")
    if total is None:
        raise ExcelFormatError(gettext("缺少“合计”行"))
    values = []
    for code, value in zip(CODES, list(total[1:]) + [None] * len(CODES), strict=False):
        try:
            number = _integer(value)
        except (ValueError, OverflowError):
            raise ExcelFormatError(gettext("指标%(code)s不是整数：“%(value)s”") % {"code": code, "value": str(value)[:20]}) from None
        if number < 0:
            raise ExcelFormatError(gettext("指标%(code)s不能为负数") % {"code": code})
        values.append(number)
    head = rows.get("填报单位", [])
    return {"org": str(head[1]) if len(head) > 1 else "", "on": str(head[3]) if len(head) > 3 else "", "values": values}


def _integer(value) -> int:
    """A count from a cell: blank is 0; 12, "12" and 12.0 (how spreadsheet readers return numbers) are 12."""
    if value is None or str(value).strip() == "":
        return 0
    number = float(str(value).strip())
    if number != int(number):
        raise ValueError(value)
    return int(number)


def sum_annual(files: list[dict]) -> list[int]:
    if not files:
        raise ValidationError(gettext("请上传至少一个年报表"))
    days = {f["on"] for f in files}
    if len(days) > 1:
        raise ValidationError(gettext("各表的统计截至日期不一致（%(days)s），不能汇总") % {"days": gettext("、").join(sorted(days))})
    return [sum(f["values"][i] for f in files) for i in range(len(CODES))]
