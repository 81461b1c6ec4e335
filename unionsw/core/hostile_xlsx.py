"""Hostile .xlsx files built in code (issue 11): the fuzz job and the security tests upload them to
every import. Each is small on disk; what it would cost a naive reader is in the comment."""

from __future__ import annotations

import io
import zipfile

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _cell(ref: str, value) -> str:
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


_SHARED_REL = (
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    'Target="sharedStrings.xml"/>'
)


def workbook(sheet_xml: str | bytes, *, extra: dict[str, bytes] | None = None, shared: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", _CONTENT_TYPES)
        book.writestr("_rels/.rels", _RELS)
        book.writestr("xl/workbook.xml", _WORKBOOK)
        rels = _WORKBOOK_RELS
        if shared is not None:
            rels = rels.replace("</Relationships>", _SHARED_REL + "</Relationships>")
            book.writestr(
                "xl/sharedStrings.xml",
                f'<?xml version="1.0" encoding="UTF-8"?><sst {_NS} count="1" uniqueCount="1"><si><t>{shared}</t></si></sst>',
            )
        book.writestr("xl/_rels/workbook.xml.rels", rels)
        book.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        for name, data in (extra or {}).items():
            book.writestr(name, data)
    return buffer.getvalue()


def sheet(rows: list[list], *, dimension: str | None = None, extra_cells: str = "", tail: str = "") -> str:
    """A sheet XML of `rows` (row 1 first) plus raw `extra_cells` rows appended."""
    body = []
    for r, row in enumerate(rows, start=1):
        cells = "".join(_cell(f"{chr(65 + c)}{r}", v) for c, v in enumerate(row) if v is not None)
        body.append(f'<row r="{r}">{cells}</row>')
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet {_NS}>{dim}<sheetData>{"".join(body)}{extra_cells}</sheetData>{tail}</worksheet>'


def huge_dimension(header: list[str]) -> bytes:
    """One cell at XFD1048576: a dense reader allocates 17 billion cells (the 1.7 KB file of finding 1)."""
    return workbook(sheet([header], extra_cells='<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'))


def declared_dimension(header: list[str]) -> bytes:
    """Only the declared <dimension> is huge."""
    return workbook(sheet([header], dimension="A1:XFD1048576"))


def far_row(header: list[str]) -> bytes:
    """One cell at A1048576 (~1 GB and 10 s for a dense reader)."""
    return workbook(sheet([header], extra_cells='<row r="1048576"><c r="A1048576"><v>1</v></c></row>'))


def zip_bomb(header: list[str], megabytes: int = 80) -> bytes:
    """A sheet XML of `megabytes` MB of padding that deflates to ~1/1000 of that."""
    padding = " " * (1024 * 1024)
    head = sheet([header])
    xml = head.replace("</worksheet>", "") + padding * megabytes + "</worksheet>"
    return workbook(xml)


def lying_size(header: list[str]) -> bytes:
    """A zip whose headers declare a 1,000-byte sheet that really unzips to 5 MB."""
    data = bytearray(zip_bomb(header, 5))
    # patch the declared uncompressed size (offset 24 in the central directory header, 22 in the local one)
    sheet_name = b"xl/worksheets/sheet1.xml"
    for signature, offset in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        pos = 0
        while True:
            pos = data.find(signature, pos)
            if pos < 0:
                break
            name_at = pos + (46 if signature == b"PK\x01\x02" else 30)
            if data[name_at : name_at + len(sheet_name)] == sheet_name:
                data[pos + offset : pos + offset + 4] = (1000).to_bytes(4, "little")
            pos += 4
    return bytes(data)


def shared_string_amplification(header: list[str]) -> bytes:
    """One 30,000-character shared string referenced by 40,000 cells: 60 KB zipped, passes every
    size check, and costs a reader that copies it per cell over 1 GB. Only the memory cap stops it."""
    cells = "".join(f'<c r="{chr(65 + c)}{{r}}" t="s"><v>0</v></c>' for c in range(20))
    body = "".join(f'<row r="{r}">' + cells.format(r=r) + "</row>" for r in range(2, 2002))
    return workbook(sheet([header], extra_cells=body), shared="x" * 30_000)


def many_columns(header: list[str]) -> bytes:
    return workbook(sheet([header], extra_cells='<row r="2"><c r="ZZ2"><v>1</v></c></row>'))


def formulas(header: list[str]) -> bytes:
    cells = "".join(f'<c r="{chr(65 + i)}2"><f>HYPERLINK("http://x.invalid","x")</f><v>0</v></c>' for i in range(len(header)))
    return workbook(sheet([header], extra_cells=f'<row r="2">{cells}</row>'))


def merged_cells(header: list[str]) -> bytes:
    return workbook(sheet([header, ["x"] * len(header)], tail='<mergeCells count="1"><mergeCell ref="A1:Z3"/></mergeCells>'))


def dates_as_text(header: list[str]) -> bytes:
    return workbook(sheet([header, ["2026-02-30"] * len(header), ["2026年13月1日"] * len(header)]))


def long_cell(header: list[str]) -> bytes:
    return workbook(sheet([header, ["x" * 40_000] * len(header)]))


def billion_laughs(header: list[str]) -> bytes:
    entities = '<!DOCTYPE lolz [<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10)
    ) + "]>"
    xml = sheet([header, ["&lol9;"]]).replace("?>", "?>" + entities, 1)
    return workbook(xml)


def not_a_zip(header: list[str]) -> bytes:
    return b"PK\x03\x04" + b"\x00" * 200


def too_many_rows(header: list[str], rows: int) -> bytes:
    body = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(2, rows + 2))
    return workbook(sheet([header], extra_cells=body))


ALL = {
    "huge_dimension": huge_dimension,
    "declared_dimension": declared_dimension,
    "far_row": far_row,
    "zip_bomb": zip_bomb,
    "lying_size": lying_size,
    "many_columns": many_columns,
    "shared_string_amplification": shared_string_amplification,
    "formulas": formulas,
    "merged_cells": merged_cells,
    "dates_as_text": dates_as_text,
    "long_cell": long_cell,
    "billion_laughs": billion_laughs,
    "not_a_zip": not_a_zip,
}
