"""The one Excel toolkit used by every import and export in the platform (STYLE: one importer).

An import declares its `Column`s once; the same declaration drives the template (headers, drop-downs,
an instructions sheet), the reader (header check, per-cell parsing with Chinese messages, row numbers
as Excel shows them) and the error file. `run_import` is the all-or-nothing runner: it validates every
row and collects every error first, and only when there is none writes all rows through the real
service inside one transaction. Exports go through `export_xlsx`, which escapes formula injection.

Templates are written with openpyxl (data validation drop-downs); uploads are read with python-calamine,
which reads a 10,000-row sheet in a fraction of the time openpyxl needs.

A new import (see workers/excel.py and orgs/excel.py for complete ones):

    COLUMNS = [Column("准考证号", "ticket", required=True, parse=excel.text, unique=True, text=True),
               Column("笔试成绩", "score", required=True, parse=parse_score)]
    template = excel.build_template(COLUMNS, "成绩", NOTES)
    rows = excel.read_rows(upload, COLUMNS)                  # ExcelFormatError → show its message
    result = excel.run_import(rows=rows, columns=COLUMNS,
                              validate=lambda row, values: ...,   # raise ValidationError({field: [...]})
                              write=lambda row, item: score_record(by=user, ...),
                              finish=lambda result: audit(...), progress=progress)
    # result.errors → excel.write_error_file(result.errors); core.jobs.import_outcome(result, what="成绩")
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext, gettext_noop
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from . import xlsx_sandbox as sandbox
from .i18n import source_text

MAX_ROWS = 10_000  # one upload (~1.5 min on SQLite); beyond this the office should split the file
TEMPLATE_ROWS = 5_000  # rows of the template that carry the drop-downs
HEADER_SEARCH_ROWS = 5  # the header may sit below a title of up to four rows
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls / .et


class CellError(ValueError):
    """Raised by a column parser; the message is the reason shown to the user (in the language of the request;
    an import job runs in Chinese, core.jobs, so the errors it stores and its error file are Chinese)."""


class ExcelFormatError(ValidationError):
    """The file as a whole cannot be read (not an xlsx, wrong headers, no data).

    Issue 12: `message` is the Chinese msgid (marked with gettext_noop) and `params` its placeholders, so
    `exc.messages` stays Chinese for what is stored (the audit's reason, an import job's row 0) and `exc.shown`
    is the message in the page's language."""

    def __init__(self, message: str, params: dict | None = None):
        super().__init__(message, code="excel_format", params=params)

    @property
    def shown(self) -> str:
        text = gettext(self.message)
        return text % self.params if self.params else text


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    created: int
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class Column:
    """One column of an import. `parse(value)` returns the parsed value or raises CellError; it is
    only called for non-blank cells (blank → `default`, or a "请填写" error when `required`)."""

    header: str
    field: str
    required: bool = False
    parse: Callable[[Any], Any] | None = None
    choices: Sequence[str] = ()
    help: str = ""
    default: Any = None
    unique: bool = False  # the same value twice in one file is an error
    text: bool = False  # format the template column as text (ID numbers, phones, codes)
    width: int = 16
    may_be_absent: bool = False  # a column added later: files from an older template (without it) still import


# ---------------------------------------------------------------------------------------------
# parsers: each takes a non-blank cell value and returns the parsed value or raises CellError


def text(value: Any) -> str:
    """A cell as text. Integral floats (a phone typed into a number cell) lose their '.0'."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    return str(value).strip()


def text_max(length: int) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        result = text(value)
        if len(result) > length:
            raise CellError(gettext("不超过%(length)s个字") % {"length": length})
        return result

    return parse


_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def parse_date(value: Any) -> date:
    """Excel dates, or text such as 2024-03-01, 2024/3/1, 2024.3.1, 2024年3月1日, 20240301."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = text(value)
    match = _DATE_TEXT.match(raw)
    if match is None and raw.isdigit() and len(raw) == 8:
        match = re.match(r"^(\d{4})(\d{2})(\d{2})$", raw)
    if match is None:
        raise CellError(gettext("日期格式不正确：“%(value)s”，应为 2024-03-01") % {"value": raw})
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise CellError(gettext("日期不存在：“%(value)s”") % {"value": raw}) from None


def parse_count(value: Any) -> int:
    """A whole number ≥ 0."""
    if isinstance(value, bool):
        raise CellError(gettext("应为不小于0的整数"))
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError(gettext("应为整数"))
        value = int(value)
    if isinstance(value, int):
        number = value
    else:
        raw = text(value).replace(",", "")
        if not re.fullmatch(r"\d+", raw):
            raise CellError(gettext("应为不小于0的整数，而不是“%(value)s”") % {"value": raw})
        number = int(raw)
    if number < 0:
        raise CellError(gettext("应为不小于0的整数"))
    return number


def choice(mapping: dict[str, Any], what: str = "") -> Callable[[Any], Any]:
    """Accept a drop-down label (or the stored code) and return the stored value."""
    labels = "、".join(mapping)

    def parse(value: Any) -> Any:
        raw = text(value)
        if raw in mapping:
            return mapping[raw]
        if raw in mapping.values():
            return raw
        if what:
            raise CellError(gettext("“%(value)s”不是可选值，%(what)s为：%(choices)s") % {"value": raw, "what": what, "choices": labels})
        raise CellError(gettext("“%(value)s”不是可选值，应为：%(choices)s") % {"value": raw, "choices": labels})

    return parse


# ---------------------------------------------------------------------------------------------
# writing


HEADER_FILL = PatternFill("solid", fgColor="F3F4F6")
REQUIRED_FONT = Font(bold=True, color="C0272D")
HEADER_FONT = Font(bold=True)


def escape_cell(value: Any) -> Any:
    """Neutralise formula injection (CSV/Excel injection, OWASP): a text cell that starts with
    = + - @ or a tab / carriage return is prefixed with ' so Excel shows it as text. A label is written in
    Chinese whatever the reader's language (core.i18n.source_text)."""
    value = source_text(value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def build_template(
    columns: Sequence[Column], sheet_title: str, notes: Sequence[str] = (), example: dict[str, Any] | None = None
) -> bytes:
    """An .xlsx with the headers (required ones in red, marked *), drop-downs on every column with
    choices (the lists live on a hidden 选项 sheet, so they may be longer than Excel's 255-character
    inline limit), text format on ID-like columns, and a 填写说明 sheet."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title[:31]
    options = wb.create_sheet("选项")
    notes_ws = wb.create_sheet("填写说明")
    wb.move_sheet(notes_ws, offset=-1)  # data first, instructions second, the hidden lists last
    options.sheet_state = "hidden"

    option_col = 0
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        cell = ws.cell(row=1, column=index, value=column.header + ("*" if column.required else ""))
        cell.font = REQUIRED_FONT if column.required else HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center")
        ws.column_dimensions[letter].width = column.width
        if column.text:
            ws.column_dimensions[letter].number_format = "@"  # 18 digits typed into a number cell lose precision
        if column.choices:
            option_col += 1
            opt_letter = get_column_letter(option_col)
            options.cell(row=1, column=option_col, value=column.header)
            for r, label in enumerate(column.choices, start=2):
                options.cell(row=r, column=option_col, value=escape_cell(label))
            last = len(column.choices) + 1
            validation = DataValidation(
                type="list",
                formula1=f"'选项'!${opt_letter}$2:${opt_letter}${last}",
                allow_blank=not column.required,
                showErrorMessage=True,
                errorTitle="请从下拉列表中选择",
                error=f"{column.header}：请从下拉列表中选择",
            )
            validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
            ws.add_data_validation(validation)
    ws.freeze_panes = "A2"

    notes_ws.column_dimensions["A"].width = 22
    notes_ws.column_dimensions["B"].width = 70
    notes_ws.append(["填写说明"])
    notes_ws["A1"].font = Font(bold=True, size=14)
    for line in notes:
        notes_ws.append([line])
    notes_ws.append([])
    notes_ws.append(["列", "要求"])
    notes_ws.cell(row=notes_ws.max_row, column=1).font = HEADER_FONT
    notes_ws.cell(row=notes_ws.max_row, column=2).font = HEADER_FONT
    for column in columns:
        rule = "必填" if column.required else "选填"
        if column.help:
            rule += "；" + column.help
        if column.choices:
            rule += "；从下拉列表选择"
        notes_ws.append([column.header, rule])
    if example:
        notes_ws.append([])
        notes_ws.append(["填写示例（请勿粘贴到数据表）"])
        notes_ws.cell(row=notes_ws.max_row, column=1).font = HEADER_FONT
        notes_ws.append([c.header for c in columns])
        notes_ws.append([escape_cell(example.get(c.field, "")) for c in columns])
    return _save(wb)


def write_error_file(errors: Iterable[RowError]) -> bytes:
    """The row-by-row error report the user downloads: 行号 / 列 / 原因."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("错误明细")
    ws.column_dimensions["A"].width = 8
    ws.column_dimensions["B"].width = 18
    ws.column_dimensions["C"].width = 80
    ws.append(["行号", "列", "原因"])
    for error in errors:
        ws.append([error.row, escape_cell(error.column), escape_cell(error.message)])
    return _save(wb)


def export_sheets(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> bytes:
    """Several sheets of (title, headers, rows) in one .xlsx, written like `export_xlsx` (escaped, streamed)."""
    wb = Workbook(write_only=True)
    for title, headers, rows in sheets:
        ws = wb.create_sheet(title[:31])
        for index, header in enumerate(headers, start=1):
            ws.column_dimensions[get_column_letter(index)].width = max(10, len(header) * 2 + 4)
        ws.freeze_panes = "A2"
        ws.append([escape_cell(h) for h in headers])
        for row in rows:
            ws.append([escape_cell(v) for v in row])
    return _save(wb)


def export_xlsx(
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    sheet_title: str = "导出",
    progress: Callable[[int], None] | None = None,
    every: int = 500,
) -> bytes:
    """Stream rows into an .xlsx (write-only mode, constant memory per row). Text cells are escaped
    against formula injection; `progress(n)` is called every `every` rows."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet_title[:31])
    for index, header in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(index)].width = max(10, len(header) * 2 + 4)
    ws.freeze_panes = "A2"
    ws.append([escape_cell(h) for h in headers])
    n = 0
    for n, row in enumerate(rows, start=1):  # noqa: B007 — n is the count after the loop
        ws.append([escape_cell(v) for v in row])
        if progress is not None and n % every == 0:
            progress(n)
    if progress is not None:
        progress(n)
    return _save(wb)


# ---------------------------------------------------------------------------------------------
# reading


def _clean_header(value: Any) -> str:
    return text(value).replace("＊", "*").rstrip("*").strip() if value not in (None, "") else ""


def _unescape(value: Any) -> Any:
    """Undo escape_cell: our own export wrote '=… for a text that began with =, so a re-import of that
    export stores the original text (issue 11)."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# Bounds of one upload (issue 11, finding 1): whatever the file holds, reading it costs at most
# READ_MEMORY_MB of memory and READ_SECONDS of time, in a child process (core/xlsx_sandbox.py).
MAX_COLUMNS = 64  # the widest template has 16 columns
MAX_UNZIPPED_BYTES = 64 * 1024 * 1024  # a 10,000-row worker file unzips to ~8 MB
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
READ_MEMORY_MB = 768
READ_SECONDS = 30

_SANDBOX = Path(__file__).with_name("xlsx_sandbox.py")


def _limits() -> dict[str, int]:
    from django.conf import settings

    return {
        "memory_mb": int(getattr(settings, "EXCEL_READ_MEMORY_MB", READ_MEMORY_MB)),
        "seconds": int(getattr(settings, "EXCEL_READ_SECONDS", READ_SECONDS)),
    }


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if "$dt" in value:
            return datetime.fromisoformat(value["$dt"])
        if "$d" in value:
            return date.fromisoformat(value["$d"])
        if "$t" in value:
            return time.fromisoformat(value["$t"])
        if "$td" in value:
            return timedelta(seconds=value["$td"])
    return value


def _parse_in_child(data: bytes, args: list[int], seconds: int) -> dict:
    """Run the parser in its own capped process: an allocation beyond the cap or a parse beyond the
    time ends that process, not the server's."""
    try:
        done = subprocess.run(  # noqa: S603 — our own script, fixed arguments
            [sys.executable, "-I", str(_SANDBOX), *map(str, args)],
            input=data,
            capture_output=True,
            timeout=seconds + 5,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"error": "timeout"}
    try:
        return json.loads(done.stdout) if done.returncode == 0 else {"error": "memory"}
    except ValueError:
        return {"error": "memory"}


def read_grid(fileobj, *, max_rows: int = MAX_ROWS) -> list[list[Any]]:
    """The first sheet of an uploaded .xlsx as rows of cell values (trailing blanks trimmed), read
    within fixed bounds: the upload's size, the archive's declared unzipped size, the sheet's declared
    dimension and every cell reference are checked before the sheet is parsed; the parse runs in a
    child process capped in memory and CPU time (setrlimit) and stops after `max_rows` data rows (plus
    the rows a title and header may take). Every refusal is an ExcelFormatError naming the limit.
    THE reader behind every import (read_rows below, and the score import)."""
    head = fileobj.read(8)
    fileobj.seek(0)
    if head.startswith(OLE_MAGIC):
        raise ExcelFormatError(gettext_noop("不支持旧版 .xls 格式，请在 Excel 中“另存为”.xlsx 后再上传"))
    if not head.startswith(XLSX_MAGIC):
        raise ExcelFormatError(gettext_noop("文件不是 Excel（.xlsx）格式，请使用下载的模板填写后上传"))
    data = fileobj.read(MAX_UPLOAD_BYTES + 1)
    fileobj.seek(0)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ExcelFormatError(gettext_noop("文件不能超过 %(mb)s MB，请拆分后分批导入"), {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)})
    limits = _limits()
    sheet_rows = 2 * max_rows + HEADER_SEARCH_ROWS  # blank rows between data rows are tolerated up to this
    keep_rows = max_rows + HEADER_SEARCH_ROWS + 1
    args = [sheet_rows, MAX_COLUMNS, MAX_UNZIPPED_BYTES, MAX_CELL_CHARS, limits["memory_mb"], limits["seconds"], keep_rows, 1]
    try:
        sandbox.precheck(data, sheet_rows, MAX_COLUMNS, MAX_UNZIPPED_BYTES)  # cheap and bounded: here
    except sandbox.Refused as exc:
        out = {"error": exc.code}
    else:
        out = _parse_in_child(data, args, limits["seconds"])
    error = out.get("error")
    if error:
        unzipped_mb = MAX_UNZIPPED_BYTES // (1024 * 1024)
        messages = {
            "too_many_rows": gettext_noop("工作表超过 %(sheet_rows)s 行（一次最多导入 %(max_rows)s 行），请拆分文件后分批导入"),
            "too_many_columns": gettext_noop("工作表超过 %(columns)s 列，请使用下载的模板（不要在右侧远处填写内容）"),
            "unzipped_too_big": gettext_noop("文件解压后超过 %(mb)s MB，超出可导入的大小，请拆分后分批导入"),
            "cell_too_long": gettext_noop("有单元格超过 %(chars)s 个字符，请检查文件"),
            "timeout": gettext_noop("文件读取超过 %(seconds)s 秒仍未完成，已停止。请检查文件或拆分后分批导入"),
            "memory": gettext_noop("读取文件所需内存超过 %(memory_mb)s MB 的上限，已停止。请检查文件或拆分后分批导入"),
        }
        params = {
            "sheet_rows": sheet_rows,
            "max_rows": max_rows,
            "columns": MAX_COLUMNS,
            "mb": unzipped_mb,
            "chars": MAX_CELL_CHARS,
            "seconds": limits["seconds"],
            "memory_mb": limits["memory_mb"],
        }
        message = messages.get(error, gettext_noop("文件已损坏或不是有效的 Excel（.xlsx）文件，无法读取"))
        # only the placeholders the message names: a ValidationError formats `message % params`
        raise ExcelFormatError(message, {k: v for k, v in params.items() if f"%({k})s" in message} or None)
    grid = [[_decode(v) for v in row] for row in out["rows"]]
    if out.get("truncated"):
        raise ExcelFormatError(gettext_noop("一次最多导入 %(max_rows)s 行，请拆分文件后分批导入"), {"max_rows": max_rows})
    return grid


def read_rows(fileobj, columns: Sequence[Column], *, max_rows: int = MAX_ROWS) -> list[tuple[int, dict[str, Any]]]:
    """Read the first sheet of an .xlsx: the header is the first of the first five non-empty rows
    that holds every column (else the first non-empty row, reported as wrong headers); returns
    [(Excel row number, {field: raw cell value or None})] for every non-blank row below it.
    Raises ExcelFormatError with a Chinese message for a file that is not an xlsx, exceeds a bound
    (read_grid), has missing headers, or has no data rows."""
    grid = read_grid(fileobj, max_rows=max_rows)

    filled = [i for i, row in enumerate(grid) if any(not _blank(v) for v in row)]
    if not filled:
        raise ExcelFormatError(gettext_noop("文件是空的：第一个工作表没有任何内容"))

    def header_positions(index: int) -> dict[str, int]:
        positions: dict[str, int] = {}
        for i, value in enumerate(grid[index]):
            h = _clean_header(value)
            if h and h not in positions:
                positions[h] = i
        return positions

    # offices often put a title such as “某某区社工花名册” above the header: look a few rows down
    header_index = next(
        (i for i in filled[:HEADER_SEARCH_ROWS] if all(c.header in header_positions(i) for c in columns if not c.may_be_absent)),
        filled[0],
    )
    positions = header_positions(header_index)
    missing = [c.header for c in columns if c.header not in positions and not c.may_be_absent]
    if missing:
        raise ExcelFormatError(
            gettext_noop("表头不正确，缺少列：%(columns)s。请下载最新模板，在第一个工作表中填写（不要修改表头）"),
            {"columns": "、".join(missing)},  # the headers are the template's Chinese (parsing keys)
        )
    rows: list[tuple[int, dict[str, Any]]] = []
    for i in range(header_index + 1, len(grid)):
        raw = grid[i]
        values = {
            c.field: (raw[positions[c.header]] if c.header in positions and positions[c.header] < len(raw) else None)
            for c in columns
        }
        values = {k: (None if _blank(v) else _unescape(v)) for k, v in values.items()}
        if all(v is None for v in values.values()):
            continue
        rows.append((i + 1, values))
        if len(rows) > max_rows:
            raise ExcelFormatError(gettext_noop("一次最多导入 %(max_rows)s 行，请拆分文件后分批导入"), {"max_rows": max_rows})
    if not rows:
        raise ExcelFormatError(gettext_noop("文件中没有数据行：请在表头下方逐行填写后再上传"))
    return rows


def parse_row(row: int, raw: dict[str, Any], columns: Sequence[Column]) -> tuple[dict[str, Any], list[RowError]]:
    values: dict[str, Any] = {}
    errors: list[RowError] = []
    for column in columns:
        value = raw.get(column.field)
        if value is None:
            if column.required:
                errors.append(RowError(row, column.header, gettext("请填写%(column)s") % {"column": column.header}))
            values[column.field] = column.default
            continue
        try:
            values[column.field] = column.parse(value) if column.parse else text(value)
        except CellError as exc:
            errors.append(RowError(row, column.header, str(exc)))
            values[column.field] = None
    return values, errors


def errors_from_validation(row: int, exc: ValidationError, headers: dict[str, str]) -> list[RowError]:
    """Turn a service's ValidationError ({field: [messages]} or a plain list) into row errors; fields
    are named by the column header the user sees ("" → the row as a whole)."""
    if hasattr(exc, "error_dict"):
        return [
            RowError(row, headers.get(name, "" if name == "__all__" else name), message)
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
    return [RowError(row, "", message) for message in exc.messages]


Progress = Callable[[int, int, str], None]


def run_import(
    *,
    rows: Sequence[tuple[int, dict[str, Any]]],
    columns: Sequence[Column],
    validate: Callable[[int, dict[str, Any]], Any],
    write: Callable[[int, Any], Any],
    progress: Progress | None = None,
    every: int = 100,
    finish: Callable[[ImportResult], None] | None = None,
) -> ImportResult:
    """All-or-nothing. Phase 1 parses and validates every row, collecting every error (cell parsers,
    in-file duplicates of `unique` columns, then `validate(row, values)`, which returns whatever
    `write` needs or raises ValidationError; it is called even when some cells failed to parse,
    with None for those, so it must accept None for any field). Only when no row has an error, phase 2 calls
    `write(row, validated)` for every row inside one transaction; a ValidationError there (a race
    since phase 1) rolls the whole file back and is reported like any other error; `finish(result)`
    runs last inside that transaction (the caller's audit of the whole import).
    Phase 1 runs outside any transaction so its progress is visible to other requests; call this
    outside `transaction.atomic` (inside one, it still works but nothing shows until commit).
    `progress(done, total, phase)` reports "validate" then "write"."""
    headers = {c.field: c.header for c in columns}
    total = len(rows)
    errors: list[RowError] = []
    validated: list[tuple[int, Any]] = []
    first_seen: dict[str, dict[Any, int]] = {c.field: {} for c in columns if c.unique}

    for done, (row, raw) in enumerate(rows, start=1):
        values, row_errors = parse_row(row, raw, columns)
        for name, seen in first_seen.items():
            key = values.get(name)
            if key in (None, ""):
                continue
            if key in seen:
                row_errors.append(RowError(row, headers[name], gettext("与第 %(row)s 行重复") % {"row": seen[key]}))
            else:
                seen[key] = row
        try:
            item = validate(row, values)
        except ValidationError as exc:
            # the rules run even when a cell did not parse, so the user sees every problem of the row
            # at once; a rule's complaint about a cell already reported is left out
            reported = {e.column for e in row_errors}
            row_errors.extend(e for e in errors_from_validation(row, exc, headers) if e.column not in reported)
        else:
            if not row_errors:
                validated.append((row, item))
        errors.extend(row_errors)
        if progress is not None and (done % every == 0 or done == total):
            progress(done, total, "validate")
    if errors:
        return ImportResult(created=0, errors=errors)

    created = 0
    if progress is not None:
        progress(0, total, "write")  # announced before the transaction, so other requests can see it
    with transaction.atomic():
        for done, (row, item) in enumerate(validated, start=1):
            try:
                write(row, item)
            except ValidationError as exc:
                errors.extend(errors_from_validation(row, exc, headers))
                break
            created += 1
            if progress is not None and (done % every == 0 or done == total):
                progress(done, total, "write")
        if errors:
            transaction.set_rollback(True)
            return ImportResult(created=0, errors=errors)
        result = ImportResult(created=created, errors=[])
        if finish is not None:
            finish(result)
    return result


# ---------------------------------------------------------------------------------------------
# the two HTTP pieces every Excel page needs

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def xlsx_response(content: bytes, filename: str):
    from django.http import HttpResponse
    from django.utils.http import content_disposition_header

    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def upload_error(request, field_name: str = "file") -> str | None:
    """The Chinese reason an upload cannot be taken at all, or None."""
    upload = request.FILES.get(field_name)
    if upload is None:
        return gettext("请选择要上传的 Excel 文件")
    if upload.size > MAX_UPLOAD_BYTES:
        return gettext("文件不能超过 %(mb)s MB，请拆分后分批导入") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
    return None


def xlsx_bytes(rows: Sequence[Sequence[Any]], sheet_title: str = "Sheet1") -> bytes:
    """A plain .xlsx of `rows` (first row = headers). For tests and fixtures: build files in code
    rather than keeping binary fixtures."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title
    for row in rows:
        ws.append(list(row))
    return _save(wb)
