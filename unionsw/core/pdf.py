"""THE way every PDF in the platform puts text into a reportlab `Paragraph` (issue 11, finding 2).

A Paragraph parses its text as reportlab's mini-markup: `<img src=...>` embeds a server-local file,
`<a href="javascript:...">` becomes a PDF link, and `a<b` is a parse error (a 500). So no value goes
into a Paragraph unescaped: build paragraphs with `para(value, style)` (the whole text is plain) or
`para_markup(template, **values)` (our own trusted markup with escaped values). A test
(core/tests/test_security_02_pdf.py) fails on any `Paragraph(` outside this module.

Canvas calls (`drawString`, `drawCentredString`) take plain text and need no escaping.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape as _xml_escape

from reportlab.platypus import Paragraph

from .i18n import source_text


def escape(value: Any) -> str:
    """Plain text for reportlab markup: & < > and quotes escaped; None → ''. Control characters other
    than tab/newline are dropped (the parser rejects some of them)."""
    if value is None:
        return ""
    text = "".join(ch for ch in str(source_text(value)) if ch in "\t\n" or ord(ch) >= 32)  # labels in Chinese
    return _xml_escape(text, {'"': "&quot;", "'": "&#39;"})


def para(value: Any, style) -> Paragraph:
    """A paragraph whose whole text is shown as typed."""
    return Paragraph(escape(value), style)


def para_markup(template: str, style, **values: Any) -> Paragraph:
    """A paragraph of our own markup (`template`, e.g. "<b>姓名</b>：{name}") with every value escaped."""
    return Paragraph(template.format(**{k: escape(v) for k, v in values.items()}), style)
