"""The English interface (issue 12, SPEC §14): every template's Chinese is marked for translation, the English
catalogue translates all of it and its compiled .mo is current, zh-Hans stays the default, the switch works."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import engines
from django.template.base import Lexer, TokenType
from django.templatetags.i18n import BlockTranslateNode, TranslateNode
from django.urls import reverse
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(ROOT.glob("*/templates/**/*.html")) + sorted(ROOT.glob("templates/**/*.html"))
CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOGUE.with_suffix(".mo")

# Han characters and the CJK / full-width punctuation (，。：（）…): none of it belongs on an English page
CHINESE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
STRING = r"""("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')"""
MARKED_LITERAL = re.compile(r"_\(" + STRING + r"\)")  # {{ x|default:_("无") }}, {% include … with button=_("保存") %}
ANY_LITERAL = re.compile(STRING)
OPENS = {"blocktranslate": "endblocktranslate", "blocktrans": "endblocktrans", "comment": "endcomment"}


def unmarked_chinese(source: str) -> list[tuple[int, str]]:
    """(line, token) for each piece of Chinese outside {% translate %}, {% blocktranslate %}…, {# #},
    {% comment %}… and _("…"). A string compared in {% if %} / {% elif %} is a data value (e.g. a job's
    phase), not text on the page, and is allowed."""
    found, closing = [], None
    for token in Lexer(source).tokenize():
        words = token.contents.split()
        first = words[0] if words else ""
        if closing:
            if token.token_type == TokenType.BLOCK and first == closing:
                closing = None
            continue
        if token.token_type == TokenType.COMMENT:
            continue
        if token.token_type == TokenType.BLOCK:
            if first in OPENS:
                closing = OPENS[first]
                continue
            if first in ("translate", "trans"):
                continue
        rest = MARKED_LITERAL.sub("", token.contents)
        if token.token_type == TokenType.BLOCK and first in ("if", "elif"):
            rest = ANY_LITERAL.sub("", rest)
        if CHINESE.search(rest):
            found.append((token.lineno, token.contents.strip()[:80]))
    return found


def test_the_checker_finds_chinese_outside_the_tags_and_only_there():
    assert unmarked_chinese("<p>社工</p>") == [(1, "<p>社工</p>")]
    assert unmarked_chinese('<input placeholder="姓名">')
    assert unmarked_chinese('{{ x|default:"无" }}') and unmarked_chinese('{% include "a.html" with b="保存" %}')
    assert unmarked_chinese("<p>，</p>")  # full-width punctuation counts
    marked = (
        '{% load i18n %}<p>{% translate "社工" %}</p><input placeholder="{% translate "姓名" %}">'
        '{% blocktranslate with n=w.count %}共 {{ n }} 人{% endblocktranslate %}{# 注释 #}'
        '{% comment %}说明{% endcomment %}{{ x|default:_("无") }}{% if job.message == "正在写入" %}ok{% endif %}'
    )
    assert unmarked_chinese(marked) == []


def test_every_template_holds_chinese_only_inside_translation_tags():
    assert len(TEMPLATES) > 100
    bad = [f"{p.relative_to(ROOT)}:{line}: {text}" for p in TEMPLATES for line, text in unmarked_chinese(p.read_text())]
    assert not bad, "Chinese outside {% translate %}/{% blocktranslate %}:\n" + "\n".join(bad)


def _unescape(po_string: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), po_string)


def read_catalogue(path: Path = CATALOGUE) -> list[dict]:
    """The entries of a .po file: msgid, msgstr and flags (the header entry left out). Only what this
    catalogue uses: no plurals, no contexts — a test below fails if one appears."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry, field = {"flags": set(), "msgid": None, "msgstr": None, "obsolete": False}, None
        for line in block.strip().splitlines():
            if line.startswith("#,"):
                entry["flags"] |= {f.strip() for f in line[2:].split(",")}
            elif line.startswith("#~"):
                entry["obsolete"] = True
            elif line.startswith("#"):
                continue
            elif m := re.match(r'^(msgid|msgstr|msgid_plural|msgctxt|msgstr\[\d+\]) "(.*)"$', line):
                field = m.group(1)
                entry[field] = _unescape(m.group(2))
            elif line.startswith('"') and field:
                entry[field] += _unescape(line[1:-1])
        if entry["msgid"]:
            entries.append(entry)
    return entries


def test_the_catalogue_translates_every_entry_keeping_the_placeholders():
    entries = read_catalogue()
    assert len(entries) > 1000
    placeholder = re.compile(r"%\(\w+\)s|%%")
    problems = []
    for e in entries:
        if e["obsolete"] or "fuzzy" in e["flags"] or not e["msgstr"] or set(e) - {"flags", "msgid", "msgstr", "obsolete"}:
            problems.append(f"untranslated, fuzzy, obsolete or plural: {e['msgid'][:60]}")
        elif sorted(placeholder.findall(e["msgid"])) != sorted(placeholder.findall(e["msgstr"])):
            problems.append(f"placeholders differ: {e['msgid'][:60]} -> {e['msgstr'][:60]}")
        elif CHINESE.search(e["msgstr"]) and not re.search(r"e\.g\. \S*[\u4e00-\u9fff]", e["msgstr"]):
            # no Chinese in the English, except a Chinese example the reader must type (e.g. a permission name)
            problems.append(f"Chinese left in the English: {e['msgstr'][:60]}")
        if '"' in e["msgstr"] and '"' not in e["msgid"]:  # translations land in HTML attributes unescaped
            problems.append(f'a straight double quote (use “ ”): {e["msgstr"][:60]}')
    assert not problems, "\n".join(problems)


def _template_msgids(path: Path) -> set[str]:
    """The msgids a template asks the catalogue for, as Django computes them at render time."""
    template = engines["django"].from_string(path.read_text()).template
    ids = set()
    for node in template.nodelist.get_nodes_by_type(TranslateNode):
        var = node.filter_expression.var
        if isinstance(var.literal, str):
            ids.add(var.literal.replace("%", "%%"))
    for node in template.nodelist.get_nodes_by_type(BlockTranslateNode):
        singular, _ = node.render_token_list(node.singular)
        ids.add(translation.trim_whitespace(singular) if node.trimmed else singular)
    for literal in MARKED_LITERAL.findall(path.read_text()):
        ids.add(_unescape(literal[1:-1]))
    return ids


def test_every_template_string_is_in_the_catalogue():
    known = {e["msgid"] for e in read_catalogue() if e["msgstr"] and "fuzzy" not in e["flags"]}
    missing = sorted(f"{p.relative_to(ROOT)}: {m}" for p in TEMPLATES for m in _template_msgids(p) - known)
    assert not missing, "not translated in locale/en (run makemessages, translate, compilemessages):\n" + "\n".join(missing)


def test_the_committed_mo_is_compiled_from_the_current_po():
    """The .mo is committed (docs/decisions.md): a .po edited without `make messages` fails here."""
    with COMPILED.open("rb") as f:
        compiled = {k: v for k, v in gettext.GNUTranslations(f)._catalog.items() if k}
    source = {e["msgid"]: e["msgstr"] for e in read_catalogue() if e["msgstr"] and "fuzzy" not in e["flags"]}
    assert compiled == source


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    yield client
    translation.activate(settings.LANGUAGE_CODE)


def _chrome(html: str) -> str:
    """The page's frame: title, menu, breadcrumbs and headings (data such as org names stays as recorded)."""
    parts = re.findall(r"<title>(.*?)</title>", html, re.S)
    parts += re.findall(r'<nav class="sidebar".*?</nav>', html, re.S)
    parts += re.findall(r'<nav class="breadcrumbs".*?</nav>', html, re.S)
    parts += re.findall(r"<h[12][^>]*>(.*?)</h[12]>", html, re.S)
    parts += re.findall(r"<th[^>]*>(.*?)</th>", html, re.S)
    return "\n".join(parts)


@pytest.mark.django_db  # the login page reads the site state (demo banner)
def test_the_login_page_in_english(english):
    html = english.get(reverse("accounts:login")).content.decode()
    assert '<html lang="en">' in html
    assert "Sign in" in html and "Trade-Union Social Worker Management Platform" in html and "Username" in html
    assert not CHINESE.search(re.sub(r"<script.*?</script>", "", html, flags=re.S).replace("简体中文", ""))


@pytest.mark.parametrize("url_name", ["core:home", "workers:list", "employment:posts", "orgs:tree"])
def test_key_pages_have_english_chrome(world, login, english, url_name):
    from unionsw.orgs.models import Org

    html = login(world.county_a_admin).get(reverse(url_name), follow=True).content.decode()
    chrome = _chrome(html)
    for name in Org.objects.values_list("name", flat=True):  # data, e.g. in the breadcrumbs
        chrome = chrome.replace(name, "")
    assert "Home" in chrome and "Social worker registry" in chrome
    assert not CHINESE.search(chrome), [line for line in chrome.splitlines() if CHINESE.search(line)][:5]


def test_the_worker_list_in_english_shows_english_headings(world, login, english):
    html = login(world.county_a_admin).get(reverse("workers:list")).content.decode()
    assert "<title>Social worker registry · " in html and "Name / ID number" in html and ">Search</button>" in html
    assert "社工实名库" not in html and "姓名/身份证号" not in html


def test_the_scripts_texts_come_in_the_page_language(world, login, english):
    """select-search.js, charts.js and pay.js read their texts from #ui-text (partials/ui_text.html)."""
    html = login(world.county_a_admin).get(reverse("workers:list")).content.decode()
    texts = re.search(r'<div id="ui-text" hidden(.*?)></div>', html, re.S).group(1)
    assert 'data-filter-placeholder="Type to filter by name"' in texts and "{name}" in texts and "{q}" in texts
    assert not CHINESE.search(texts)
    for name in ("select-search.js", "charts.js", "pay.js"):  # every Chinese text in them is only a uiText fallback
        source = (Path(settings.BASE_DIR) / "static" / "js" / name).read_text()
        bare = re.sub(r'uiText\("\w+", "[^"]*"', "", re.sub(r"^\s*//.*$", "", source, flags=re.M))
        assert not re.search(r"[\u3400-\u9fff]", bare), name  # Han characters (a full-width ＊ in a regex is code)


def test_chinese_is_the_default_whatever_the_browser_asks(world, login):
    client = login(world.county_a_admin)
    html = client.get(reverse("workers:list"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="zh-Hans">' in html and "社工实名库" in html and "Social worker registry" not in html


def test_the_switch_sets_a_lasting_cookie_and_returns_to_the_page(world, login):
    client = login(world.county_a_admin)
    html = client.get(reverse("workers:list") + "?q=1").content.decode()
    assert 'action="/i18n/setlang/"' in html and 'name="next" value="/workers/?q=1"' in html and ">English</button>" in html
    r = client.post(reverse("core:set_language"), {"language": "en", "next": "/workers/?q=1"})
    assert r.status_code == 302 and r["Location"] == "/workers/?q=1"
    cookie = r.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en" and int(cookie["max-age"]) >= 30 * 24 * 3600
    html = client.get(reverse("workers:list")).content.decode()
    assert "Social worker registry" in html and ">简体中文</button>" in html
    client.post(reverse("core:set_language"), {"language": "zh-hans", "next": "/workers/"})
    assert "社工实名库" in client.get(reverse("workers:list")).content.decode()
    translation.activate(settings.LANGUAGE_CODE)


def test_the_switch_needs_the_csrf_token_and_refuses_a_foreign_next(world):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(reverse("core:set_language"), {"language": "en"}).status_code == 403
    r = Client().post(reverse("core:set_language"), {"language": "en", "next": "https://evil.example/"})
    assert r.status_code == 302 and "evil" not in r["Location"]


@pytest.mark.django_db  # the login page reads the site state (demo banner)
def test_an_english_request_leaves_the_thread_in_chinese(english):
    english.get(reverse("accounts:login"))
    assert translation.get_language() == settings.LANGUAGE_CODE


def test_a_choice_label_is_chinese_in_code_and_english_where_a_template_prints_it():
    from unionsw.workers.models import EmploymentMode, Gender

    label = EmploymentMode.PUBLIC_HIRE.label
    template = engines["django"].from_string("{{ label }}|{{ labels|join:'/' }}")
    with translation.override("en"):
        assert template.render({"label": label, "labels": Gender.labels}) == "Public recruitment|Male/Female"
        # joins, f-strings, comparisons and JSON keep the Chinese: stored texts and exports do not change language
        assert "、".join(Gender.labels) == "男、女" and f"{label}" == "公开招聘" and label == "公开招聘"
        import json

        assert json.dumps([label], ensure_ascii=False) == '["公开招聘"]'
    assert template.render({"label": label, "labels": Gender.labels}) == "公开招聘|男/女"


def test_the_worker_list_shows_choices_in_english(world, login, english):
    html = login(world.county_a_admin).get(reverse("workers:list")).content.decode()
    assert "Public recruitment" in html and ("Male" in html or "Female" in html)
    assert "公开招聘" not in html


def test_values_a_form_submits_stay_chinese_in_english(world, login, english):
    """An <option> or a prefilled value is data the server checks (post_create's 用工方式 list): only its text is
    translated, the submitted value is the Chinese ({% translate … noop %})."""
    html = login(world.county_a_admin).get(reverse("employment:post_create")).content.decode()
    assert '<option value="公开招聘">Public recruitment</option>' in html


def test_documents_keep_the_chinese_labels_on_an_english_page():
    """openpyxl and reportlab call str(), which translates a choice label: escape_cell and pdf.escape, which every
    shared export and PDF paragraph goes through, write the Chinese (official documents stay Chinese)."""
    import io

    from django.utils.translation import gettext_lazy
    from openpyxl import load_workbook

    from unionsw.core import excel, pdf
    from unionsw.workers.models import EmploymentMode

    label = EmploymentMode.PUBLIC_HIRE.label
    with translation.override("en"):
        assert str(label) == "Public recruitment"
        content = excel.export_xlsx(["用工方式", gettext_lazy("姓名")], [[label, "=1+1"]], sheet_title="社工")
        assert pdf.escape(label) == "公开招聘" and pdf.escape(gettext_lazy("姓名")) == "姓名"
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert rows[0] == ("用工方式", "姓名") and rows[1] == ("公开招聘", "'=1+1")
