"""The Excel toolkit every import uses: template, reader, error file, export, all-or-nothing runner."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from unionsw.core import excel
from unionsw.core.excel import CellError, Column, ExcelFormatError, RowError

COLUMNS = [
    Column("姓名", "name", required=True, parse=excel.text_max(4)),
    Column("编号", "code", required=True, parse=excel.text, unique=True, text=True),
    Column("颜色", "color", parse=excel.choice({"红": "red", "蓝": "blue"}), choices=["红", "蓝"], default="red"),
    Column("日期", "day", parse=excel.parse_date),
    Column("人数", "count", parse=excel.parse_count, default=0),
]
HEADERS = ["姓名*", "编号*", "颜色", "日期", "人数"]


def upload(rows) -> io.BytesIO:
    return io.BytesIO(excel.xlsx_bytes(rows))


# --- parsers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("2024-03-01", date(2024, 3, 1)),
        ("2024/3/1", date(2024, 3, 1)),
        ("2024.03.01", date(2024, 3, 1)),
        ("2024年3月1日", date(2024, 3, 1)),
        ("20240301", date(2024, 3, 1)),
        (datetime(2024, 3, 1, 8, 30), date(2024, 3, 1)),  # noqa: DTZ001 — Excel cells are naive
        (date(2024, 2, 29), date(2024, 2, 29)),
    ],
)
def test_it_reads_the_date_forms_offices_type(raw, expected):
    assert excel.parse_date(raw) == expected


@pytest.mark.parametrize("raw", ["2023-02-29", "2024-13-01", "三月一日", "2024-3", 45000.5])
def test_it_refuses_a_date_that_does_not_exist_or_cannot_be_read(raw):
    with pytest.raises(CellError, match="日期"):
        excel.parse_date(raw)


@pytest.mark.parametrize("raw, expected", [(0, 0), ("0", 0), (12.0, 12), ("1,200", 1200), (" 7 ", 7)])
def test_it_reads_counts_from_zero_up(raw, expected):
    assert excel.parse_count(raw) == expected


@pytest.mark.parametrize("raw", [-1, "-1", 1.5, "十二", True])
def test_it_refuses_negative_fractional_or_non_numeric_counts(raw):
    with pytest.raises(CellError):
        excel.parse_count(raw)


def test_text_drops_the_point_zero_of_a_number_typed_in_a_number_cell():
    assert excel.text(13812345678.0) == "13812345678"
    assert excel.text(" 张三 ") == "张三"


def test_text_max_allows_the_limit_and_refuses_one_more():
    assert excel.text_max(4)("四个汉字") == "四个汉字"
    with pytest.raises(CellError, match="不超过4个字"):
        excel.text_max(4)("五个汉字啊")


def test_choice_accepts_the_label_or_the_code_and_names_the_allowed_values():
    parse = excel.choice({"红": "red", "蓝": "blue"})
    assert parse("红") == "red"
    assert parse("blue") == "blue"
    with pytest.raises(CellError, match="红、蓝"):
        parse("绿")


# --- formula injection -------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_it_escapes_cells_that_excel_would_run_as_formulas(value):
    assert excel.escape_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["张三", "a=b", "", 5, -3, None, date(2024, 1, 1)])
def test_it_leaves_other_cells_alone(value):
    assert excel.escape_cell(value) == value


def test_export_escapes_injection_and_keeps_types():
    content = excel.export_xlsx(["姓名", "日期", "数量"], [["=cmd|' /C calc'!A0", date(2024, 3, 1), -5]])
    ws = load_workbook(io.BytesIO(content)).active
    assert [c.value for c in ws[1]] == ["姓名", "日期", "数量"]
    assert ws["A2"].value == "'=cmd|' /C calc'!A0"
    assert ws["A2"].data_type == "s"  # a string, not a formula
    assert ws["B2"].value.date() == date(2024, 3, 1)
    assert ws["C2"].value == -5


def test_export_reports_progress_every_chunk_and_at_the_end():
    seen = []
    excel.export_xlsx(["n"], ([i] for i in range(1200)), progress=seen.append, every=500)
    assert seen == [500, 1000, 1200]


# --- template ----------------------------------------------------------------------------------


def test_template_has_headers_dropdowns_text_columns_and_instructions():
    content = excel.build_template(COLUMNS, "数据", ["第一条说明"], example={"name": "张三"})
    wb = load_workbook(io.BytesIO(content))
    assert wb.sheetnames == ["数据", "填写说明", "选项"]
    ws = wb["数据"]
    assert [c.value for c in ws[1]] == HEADERS
    assert wb["选项"].sheet_state == "hidden"
    validations = ws.data_validations.dataValidation
    assert len(validations) == 1
    dv = validations[0]
    assert dv.type == "list"
    assert str(dv.sqref) == f"C2:C{excel.TEMPLATE_ROWS + 1}"
    sheet, cells = dv.formula1.split("!")
    options = wb["选项"][cells.replace("$", "")]
    assert sheet == "'选项'"
    assert [row[0].value for row in options] == ["红", "蓝"]
    assert ws.column_dimensions["B"].number_format == "@"
    notes = [c.value for c in wb["填写说明"]["A"]]
    assert "第一条说明" in notes and "张三" in notes


def test_the_template_reads_back_as_a_file_with_headers_and_no_rows():
    with pytest.raises(ExcelFormatError, match="没有数据行"):
        excel.read_rows(io.BytesIO(excel.build_template(COLUMNS, "数据")), COLUMNS)


# --- reading -----------------------------------------------------------------------------------


def test_it_reads_rows_with_excel_row_numbers_skipping_blank_rows():
    rows = excel.read_rows(upload([HEADERS, ["张三", "A1", "红", None, 3], [None] * 5, ["李四", "A2"]]), COLUMNS)
    assert [n for n, _ in rows] == [2, 4]
    assert rows[0][1] == {"name": "张三", "code": "A1", "color": "红", "day": None, "count": 3.0}
    assert rows[1][1]["color"] is None


def test_row_numbers_follow_the_sheet_when_the_header_is_not_on_row_one():
    content = upload([[None] * 5, HEADERS, ["张三", "A1"]])
    rows = excel.read_rows(content, COLUMNS)
    assert rows[0][0] == 3


def test_a_title_above_the_header_is_skipped():
    content = upload([["历下区社工花名册"], [None], ["填表日期：2024年3月1日"], HEADERS, ["张三", "A1"]])
    rows = excel.read_rows(content, COLUMNS)
    assert rows == [(5, {"name": "张三", "code": "A1", "color": None, "day": None, "count": None})]


def test_columns_may_come_in_any_order_and_extra_columns_are_ignored():
    rows = excel.read_rows(
        upload([["备注", "编号", "姓名", "颜色", "日期", "人数"], ["x", "A1", "张三", "蓝", None, None]]), COLUMNS
    )
    assert rows[0][1]["name"] == "张三" and rows[0][1]["code"] == "A1"


def test_it_names_the_missing_headers():
    with pytest.raises(ExcelFormatError, match="缺少列：编号、人数"):
        excel.read_rows(upload([["姓名", "颜色", "日期"], ["张三", "红", None]]), COLUMNS)


@pytest.mark.parametrize(
    "content, message",
    [
        (b"name,code\n1,2\n", "不是 Excel"),
        (b"", "不是 Excel"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "不支持旧版 .xls"),
        (b"PK\x03\x04 broken zip", "已损坏"),
    ],
)
def test_it_refuses_files_that_are_not_xlsx_with_a_chinese_reason(content, message):
    with pytest.raises(ExcelFormatError, match=message):
        excel.read_rows(io.BytesIO(content), COLUMNS)


def test_it_refuses_an_empty_workbook():
    with pytest.raises(ExcelFormatError, match="文件是空的"):
        excel.read_rows(upload([]), COLUMNS)


def test_it_refuses_more_rows_than_the_limit():
    rows = [HEADERS] + [[f"人{i}", f"A{i}"] for i in range(4)]
    assert len(excel.read_rows(upload(rows), COLUMNS, max_rows=4)) == 4
    with pytest.raises(ExcelFormatError, match="最多导入 3 行"):
        excel.read_rows(upload(rows), COLUMNS, max_rows=3)


# --- error file --------------------------------------------------------------------------------


def test_error_file_lists_row_column_reason_and_escapes_what_the_user_typed():
    content = excel.write_error_file([RowError(3, "姓名", "请填写姓名"), RowError(4, "", "=HYPERLINK(x)")])
    ws = load_workbook(io.BytesIO(content)).active
    assert [[c.value for c in row] for row in ws.iter_rows()] == [
        ["行号", "列", "原因"],
        [3, "姓名", "请填写姓名"],
        [4, None, "'=HYPERLINK(x)"],
    ]


# --- the all-or-nothing runner -----------------------------------------------------------------


class Sink:
    def __init__(self, refuse=None):
        self.written = []
        self.refuse = refuse or {}

    def validate(self, row, values):
        if values["name"] in self.refuse:
            raise ValidationError({"name": [self.refuse[values["name"]]], "__all__": ["整行有误"]})
        return values

    def write(self, row, values):
        self.written.append((row, values["code"]))


def rows_of(*names):
    return [(i + 2, {"name": n, "code": f"A{i}", "color": None, "day": None, "count": None}) for i, n in enumerate(names)]


def test_a_clean_file_is_written_row_by_row_with_defaults(db):
    sink = Sink()
    result = excel.run_import(rows=rows_of("甲", "乙"), columns=COLUMNS, validate=sink.validate, write=sink.write)
    assert result.ok and result.created == 2
    assert sink.written == [(2, "A0"), (3, "A1")]


def test_one_bad_row_means_nothing_is_written_and_every_error_is_listed(db):
    sink = Sink(refuse={"乙": "不能叫乙"})
    rows = rows_of("甲", "乙", "名字太长了啊")
    rows[0][1]["code"] = None
    result = excel.run_import(rows=rows, columns=COLUMNS, validate=sink.validate, write=sink.write)
    assert result.created == 0 and sink.written == []
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (2, "编号", "请填写编号"),
        (3, "姓名", "不能叫乙"),
        (3, "", "整行有误"),
        (4, "姓名", "不超过4个字"),
    ]


def test_the_same_unique_value_twice_in_a_file_is_an_error_on_the_later_row(db):
    rows = rows_of("甲", "乙", "丙")
    rows[2][1]["code"] = "A0"
    result = excel.run_import(rows=rows, columns=COLUMNS, validate=lambda r, v: v, write=lambda r, v: None)
    assert [(e.row, e.column, e.message) for e in result.errors] == [(4, "编号", "与第 2 行重复")]


def test_a_failure_while_writing_rolls_back_the_rows_already_written(db):
    from unionsw.core.models import SiteState

    def write(row, values):
        SiteState.objects.create(demo=False)
        if row == 3:
            raise ValidationError("写入时发现冲突")

    result = excel.run_import(rows=rows_of("甲", "乙", "丙"), columns=COLUMNS, validate=lambda r, v: v, write=write)
    assert result.created == 0
    assert [(e.row, e.message) for e in result.errors] == [(3, "写入时发现冲突")]
    assert SiteState.objects.count() == 0


def test_progress_is_reported_for_both_phases(db):
    seen = []
    excel.run_import(
        rows=rows_of(*"甲乙丙丁戊"),
        columns=COLUMNS,
        validate=lambda r, v: v,
        write=lambda r, v: None,
        progress=lambda done, total, phase: seen.append((phase, done, total)),
        every=2,
    )
    assert seen == [
        ("validate", 2, 5),
        ("validate", 4, 5),
        ("validate", 5, 5),
        ("write", 0, 5),
        ("write", 2, 5),
        ("write", 4, 5),
        ("write", 5, 5),
    ]


def test_finish_runs_inside_the_write_transaction_and_only_for_a_clean_file(db):
    from django.db import connection

    calls = []

    def finish(result):
        calls.append((result.created, connection.in_atomic_block))

    excel.run_import(rows=rows_of("甲"), columns=COLUMNS, validate=lambda r, v: v, write=lambda r, v: None, finish=finish)
    rows = rows_of("甲")
    rows[0][1]["name"] = None
    excel.run_import(rows=rows, columns=COLUMNS, validate=lambda r, v: v, write=lambda r, v: None, finish=finish)
    assert calls == [(1, True)]
