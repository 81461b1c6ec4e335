"""Issue 11, finding 2 — markup injection in PDFs. A worker named `<img src=.../>` embedded a
server-local file, a `javascript:` link reached the PDF, and `a<b` was a 500. Every value now goes
through unionsw.core.pdf, and no module builds a reportlab Paragraph any other way."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from unionsw.workers.models import Worker

pytestmark = pytest.mark.django_db

HOSTILE = {
    "img": '<img src="{path}" width="100" height="100"/>',
    "link": '<a href="javascript:app.alert(1)">点我</a>',
    "lt": "a<b",
    "entity": "&lt;&#0;&bogus;",
}


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_hostile_worker_name_and_employer_are_printed_as_text(world, login, contract_a, kind, tmp_path):
    from PIL import Image

    local = tmp_path / "server-file.png"
    Image.new("RGB", (10, 10), (255, 0, 0)).save(local)
    value = HOSTILE[kind].format(path=local)
    Worker.objects.filter(pk=world.worker_a.pk).update(name=value)
    type(contract_a).objects.filter(pk=contract_a.pk).update(employer=value, number=value[:40])
    r = login(world.city_admin).get(f"/employment/contracts/{contract_a.pk}/pdf/")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    assert b"/Subtype /Image" not in r.content  # no server file embedded
    assert b"javascript" not in r.content.lower() and b"/URI" not in r.content  # no link annotation


def test_no_paragraph_is_built_outside_the_escaping_helper():
    root = Path(__file__).resolve().parents[2]
    offenders = []
    for path in root.rglob("*.py"):
        if "tests" in path.parts or path.name == "pdf.py" and path.parent.name == "core":
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"\bParagraph\(|import[^\n]*\bParagraph\b(?!Style)", text):
            offenders.append(str(path.relative_to(root)))
    assert offenders == [], f"use unionsw.core.pdf.para / para_markup instead of Paragraph in {offenders}"
