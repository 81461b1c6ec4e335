"""Static checks over every template (issue 12: a <title> once held a whole form and a duplicated card)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(p for p in ROOT.glob("*/templates/**/*.html")) + sorted(ROOT.glob("templates/**/*.html"))
TITLE = re.compile(r"{%\s*block title\s*%}(.*?){%\s*endblock", re.S)


def test_templates_are_found():
    assert len(TEMPLATES) > 50


def test_every_title_block_is_plain_text():
    bad = []
    for path in TEMPLATES:
        for m in TITLE.finditer(path.read_text()):
            if "<" in m.group(1) or "\n" in m.group(1):
                bad.append(f"{path.relative_to(ROOT)}: {m.group(1)[:60]!r}")
    assert not bad, bad


def test_no_block_is_defined_twice_in_one_template():
    bad = []
    for path in TEMPLATES:
        names = re.findall(r"{%\s*block\s+(\w+)\s*%}", path.read_text())
        dupes = {n for n in names if names.count(n) > 1}
        if dupes:
            bad.append(f"{path.relative_to(ROOT)}: {sorted(dupes)}")
    assert not bad, bad
