"""Reading uploaded score sheets as raw rows (the score import validates ticket numbers itself).
Writing goes through the shared toolkit, unionsw/core/excel.py (formula-injection escaped)."""

from __future__ import annotations

import io


def read_rows(file) -> list[list]:
    """Every row of the first sheet as a list of cell values (python-calamine: fast on big files)."""
    from python_calamine import CalamineWorkbook

    data = file.read() if hasattr(file, "read") else open(file, "rb").read()  # noqa: SIM115
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return book.get_sheet_by_index(0).to_python(skip_empty_area=False)
