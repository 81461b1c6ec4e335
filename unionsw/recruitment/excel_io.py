"""Reading uploaded score sheets as raw rows (the score import validates ticket numbers itself).
Reading and writing go through the shared toolkit, unionsw/core/excel.py (bounded reader,
formula-injection escaped writer)."""

from __future__ import annotations

import io

from unionsw.core.excel import read_grid


def read_rows(file) -> list[list]:
    """Every row of the first sheet as a list of cell values, read within core.excel's bounds
    (raises core.excel.ExcelFormatError with a Chinese message naming the limit)."""
    if not hasattr(file, "read"):
        with open(file, "rb") as handle:
            file = io.BytesIO(handle.read())
    return read_grid(file)
