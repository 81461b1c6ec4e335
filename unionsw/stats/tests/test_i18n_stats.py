"""English for the statistics' Python texts (issue 12): table titles, row labels, to-do rows and flash messages show in
the language the user chose; the Excel export and the cached figures stay the same Chinese in both."""

import io

import pytest
from django.conf import settings
from django.utils import timezone, translation
from openpyxl import load_workbook

from unionsw.stats import todo

pytestmark = pytest.mark.django_db


def _english(c):
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return c


def test_the_stats_page_prints_its_tables_in_the_chosen_language(world, login):
    c = login(world.city_admin)
    body = c.get("/stats/").content.decode()
    assert "按组织分布" in body and "35岁及以下" in body
    body = _english(c).get("/stats/").content.decode()  # the figures are cached from the Chinese page
    assert "By organisation" in body and "35 and under" in body and "按组织分布" not in body


def test_the_excel_export_stays_chinese_on_an_english_page(world, login):
    content = _english(login(world.city_admin)).get("/stats/export/").content
    cells = {cell.value for row in load_workbook(io.BytesIO(content)).active.iter_rows() for cell in row}
    assert {"按组织分布", "35岁及以下", "合计", "女"} <= cells
    assert not {"By organisation", "35 and under", "Total"} & cells


def test_to_do_rows_and_flash_messages_follow_the_language(world, login):
    with translation.override("en"):
        items = {i.key: i for i in todo.collect(world.county_a_admin, timezone.localdate())}
        row = items["filing.submit"]
        assert (row.source, row.title, row.level_label) == ("Social workers", "Social workers to submit for filing", "Reminder")
        assert row.detail.endswith("social workers in post are neither filed nor submitted to the provincial federation for filing")
    assert "社工待报送备案" in {i.title for i in todo.collect(world.county_a_admin, timezone.localdate())}
    c = _english(login(world.county_a_admin))
    body = c.post("/todo/dismiss/", {"key": "filing.submit", "reason": ""}, follow=True).content.decode()
    assert "Give a reason for dismissing or snoozing" in body and "请填写忽略或暂缓的原因" not in body


def test_the_docx_report_stays_chinese_on_an_english_page(world, login):
    from docx import Document

    content = _english(login(world.city_admin)).get("/stats/report/", {"format": "docx"}).content
    doc = Document(io.BytesIO(content))
    text = "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for row in t.rows for c in row.cells])
    assert "按组织分布" in text and "35岁及以下" in text and "合计" in text
    assert "By organisation" not in text and "35 and under" not in text
