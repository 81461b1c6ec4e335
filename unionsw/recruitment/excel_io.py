"""Reading uploaded spreadsheets. One function so it can be swapped for the shared toolkit
(unionsw/core/excel.py, being written in parallel) when it lands."""

from __future__ import annotations

import io


def read_rows(file) -> list[list]:
    """Every row of the first sheet as a list of cell values (python-calamine: fast on big files)."""
    from python_calamine import CalamineWorkbook

    data = file.read() if hasattr(file, "read") else open(file, "rb").read()  # noqa: SIM115
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return book.get_sheet_by_index(0).to_python(skip_empty_area=False)


def write_xlsx(header: list[str], rows: list[list]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
