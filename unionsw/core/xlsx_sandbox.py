"""The child process that reads an uploaded .xlsx for core.excel.read_grid (issue 11, finding 1).

Run as `python xlsx_sandbox.py MAX_ROWS MAX_COLS MAX_UNZIPPED MAX_CELL MEMORY_MB CPU_SECONDS KEEP_ROWS CHECKED`
with the file
on stdin; prints one JSON object on stdout: {"rows": [[cell, ...], ...], "truncated": bool} or
{"error": CODE, ...}. It imports nothing from Django (fast start) and caps itself first (address space
and CPU time with setrlimit), so no file can take more than that, whatever it holds: an allocation
beyond the cap kills this process, never the server's.

Before the reader (python-calamine, which builds a dense grid of the sheet's whole range) sees the
file, `precheck` (run by the server before it starts this process, or here when CHECKED is 0)
checks the archive without decompressing it (entry count, declared unzipped sizes), then
the first sheet's XML is streamed (zipfile stops at the declared size) and its declared <dimension>
and every cell/row reference are checked against the limits. Rows are then emitted until the row
limit, and the rest is not read.
"""

from __future__ import annotations

import io
import json
import re
import sys
import zipfile
from datetime import date, datetime, time, timedelta

MAX_ENTRIES = 1000
SMALL_PART = 4 * 1024 * 1024  # workbook.xml / rels are small; anything bigger is refused
CHUNK = 1024 * 1024

_REF = re.compile(rb"<(?:\w+:)?(?:c|row)\b[^>]*?\sr=\"([A-Z]{0,3})(\d+)\"")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*?\sref=\"([A-Z]{1,3})?(\d+)?(?::([A-Z]{1,3})(\d+))?\"")
_SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*?>")
_RID = re.compile(rb"\s(?:\w+:)?id=\"([^\"]+)\"")
_REL = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*?>")


class Refused(Exception):
    def __init__(self, code: str, **info):
        super().__init__(code)
        self.code = code
        self.info = info


def column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n


def _small(book: zipfile.ZipFile, name: str) -> bytes:
    info = book.getinfo(name)
    if info.file_size > SMALL_PART:
        raise Refused("unzipped_too_big")
    return book.read(name)


def first_sheet_path(book: zipfile.ZipFile) -> str:
    """The part of the workbook's first sheet (the order calamine's get_sheet_by_index(0) uses)."""
    names = set(book.namelist())
    if "xl/workbook.xml" not in names:
        raise Refused("corrupt")
    sheet = _SHEET.search(_small(book, "xl/workbook.xml"))
    rid = _RID.search(sheet.group(0)) if sheet else None
    if rid is None:
        raise Refused("corrupt")
    target = None
    if "xl/_rels/workbook.xml.rels" in names:
        for rel in _REL.finditer(_small(book, "xl/_rels/workbook.xml.rels")):
            if re.search(rb"\sId=\"" + re.escape(rid.group(1)) + rb"\"", rel.group(0)):
                found = re.search(rb"\sTarget=\"([^\"]+)\"", rel.group(0))
                target = found.group(1).decode("utf-8", "replace") if found else None
                break
    if target is None:
        raise Refused("corrupt")
    path = target.lstrip("/") if target.startswith("/") else "xl/" + target
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    path = "/".join(parts)
    if path not in names:
        raise Refused("corrupt")
    return path


def check_archive(book: zipfile.ZipFile, max_unzipped: int) -> None:
    infos = book.infolist()
    if len(infos) > MAX_ENTRIES:
        raise Refused("corrupt")
    if sum(i.file_size for i in infos) > max_unzipped:
        raise Refused("unzipped_too_big")


def check_sheet(book: zipfile.ZipFile, path: str, max_rows: int, max_cols: int) -> None:
    """Stream the sheet's XML once: its declared dimension and every reference within the limits."""
    seen = 0
    tail = b""
    first = True
    with book.open(path) as stream:
        while True:
            chunk = stream.read(CHUNK)
            if not chunk:
                break
            seen += len(chunk)
            data = tail + chunk
            if first:
                first = False
                dim = _DIMENSION.search(data)
                if dim:
                    for letters, digits in ((dim.group(1), dim.group(2)), (dim.group(3), dim.group(4))):
                        if letters and column_number(letters.decode()) > max_cols:
                            raise Refused("too_many_columns")
                        if digits and int(digits) > max_rows:
                            raise Refused("too_many_rows")
            for match in _REF.finditer(data):
                letters, digits = match.group(1), match.group(2)
                if letters and column_number(letters.decode()) > max_cols:
                    raise Refused("too_many_columns")
                if len(digits) > 8 or int(digits) > max_rows:
                    raise Refused("too_many_rows")
            tail = data[-256:]


def encode(value):
    if isinstance(value, datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, date):
        return {"$d": value.isoformat()}
    if isinstance(value, time):
        return {"$t": value.isoformat()}
    if isinstance(value, timedelta):
        return {"$td": value.total_seconds()}
    if isinstance(value, float) and value != value:  # NaN
        return None
    return value


def precheck(data: bytes, max_rows: int, max_cols: int, max_unzipped: int) -> None:
    """Every check that needs no parser: bounded in memory (one chunk at a time) and in time (the
    unzipped size is capped). The server runs it itself before starting the child process."""
    try:
        book = zipfile.ZipFile(io.BytesIO(data))
        check_archive(book, max_unzipped)
        path = first_sheet_path(book)
        check_sheet(book, path, max_rows, max_cols)
    except Refused:
        raise
    except Exception:  # zipfile.BadZipFile, CRC mismatch (a lying size), bad XML …
        raise Refused("corrupt") from None


def read(data: bytes, max_rows: int, max_cols: int, max_unzipped: int, max_cell: int, keep_rows: int) -> dict:
    """Parse the first sheet (after `precheck`) and return its rows up to `keep_rows` filled ones."""
    from python_calamine import CalamineWorkbook

    try:
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
        if sheet.height > max_rows or sheet.width > max_cols:
            raise Refused("too_many_rows" if sheet.height > max_rows else "too_many_columns")
        rows: list[list] = []
        filled = 0
        truncated = False
        for raw in sheet.iter_rows():
            row = list(raw)
            while row and (row[-1] is None or row[-1] == ""):
                row.pop()
            for value in row:
                if isinstance(value, str) and len(value) > max_cell:
                    raise Refused("cell_too_long")
            if row:
                filled += 1
                if filled > keep_rows:
                    truncated = True
                    break
            rows.append([encode(v) for v in row])
    except Refused:
        raise
    except Exception:
        raise Refused("corrupt") from None
    return {"rows": rows, "truncated": truncated}


def main(argv: list[str]) -> int:
    max_rows, max_cols, max_unzipped, max_cell, memory_mb, cpu_seconds, keep_rows, checked = (int(a) for a in argv[1:9])
    try:
        import resource

        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    except (ImportError, ValueError, OSError):  # not POSIX: the parent's wall-clock timeout still holds
        pass
    data = sys.stdin.buffer.read()
    try:
        if not checked:
            precheck(data, max_rows, max_cols, max_unzipped)
        out = read(data, max_rows, max_cols, max_unzipped, max_cell, keep_rows)
    except Refused as exc:
        out = {"error": exc.code}
    except MemoryError:
        out = {"error": "memory"}
    sys.stdout.write(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
