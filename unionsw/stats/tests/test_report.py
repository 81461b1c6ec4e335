"""基本情况 report: its numbers are the page's numbers, in sentences, as PDF and DOCX; hostile names escaped."""

import io
from datetime import date

import pytest

from conftest import make_id, worker_data
from unionsw.stats import report as reports
from unionsw.workers import services
from unionsw.workers.models import Certificate

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(world):
    people = [
        ("甲", date(1990, 1, 1), "初级干事", "cpc", "bachelor"),
        ("乙", date(1992, 1, 1), "初级干事", "cyl", "bachelor"),
        ("丙", date(1985, 1, 1), "见习干事", "pwdp", "junior_college"),
        ("丁", date(1996, 1, 1), "中级干事", "cpc_probation", "postgraduate"),
    ]
    out = []
    for name, born, rank, political, edu in people:
        w = services.worker_create(
            by=world.county_a_admin,
            data=worker_data(
                world.street_a, name=name, id_number=make_id("370102", born), rank=rank, political_status=political, education=edu
            ),
        )
        services.worker_file(by=world.province_admin, worker=w, filed_on=date(2022, 6, 1))
        out.append(w)
    Certificate.objects.create(worker=out[0], level="assistant", issued_on=date(2021, 1, 1))
    return out


def test_the_reports_numbers_are_the_pages_numbers(staff, world, login):
    c = login(world.city_admin)
    page = c.get("/stats/", {"on": "2024-06-30"}).context
    built = reports.build(world.city_admin, world.city_a, date(2024, 6, 30))
    assert [(t.key, [(r.label, r.value, r.share) for r in t.rows]) for t in built.tables] == [
        (t.key, [(r.label, r.value, r.share) for r in t.rows]) for t in page["tables"]
    ]
    text = "".join(built.sentences)
    ranks = {r.label: r for r in next(t for t in page["tables"] if t.key == "rank").rows}
    assert "截至2024年6月30日，济南市总工会共有已备案的在岗工会社会工作者4名" in text
    assert f"初级干事2名（占比{ranks['初级干事'].share:.2f}%）" in text and "初级干事2名（占比50.00%）" in text
    assert "具体分布为：历下区总工会4名" in text
    assert "全部在45岁以下" in text and "35岁及以下3名（占比75.00%）" in text
    assert "农工党1名" in text and "研究生1名（占比25.00%）" in text
    assert "1人已取得助理社会工作师资格证书" in text and "3人尚未取得证书" in text
    assert "另有未备案在岗社工1名" in text  # 张三


def test_pdf_and_docx_download(staff, world, login):
    from docx import Document

    c = login(world.city_admin)
    r = c.get("/stats/report/", {"format": "pdf", "on": "2024-06-30"})
    assert r.status_code == 200 and r.content.startswith(b"%PDF") and r["Content-Type"] == "application/pdf"
    r = c.get("/stats/report/", {"format": "docx", "on": "2024-06"})
    assert r.status_code == 200
    doc = Document(io.BytesIO(r.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "截至2024年6月30日" in text and "初级干事2名（占比50.00%）" in text
    assert len(doc.tables) > 10
    assert c.get("/stats/report/").status_code == 200


def test_a_hostile_org_name_is_text_in_the_pdf(world, login):
    world.street_a.name = '<img src="/etc/passwd"/>&<b'
    world.street_a.save()
    services.worker_file(by=world.province_admin, worker=world.worker_a)
    assert '<img src="/etc/passwd"/>&<b' in "".join(reports.build(world.county_a_admin, world.county_a, date.today()).sentences)
    r = login(world.county_a_admin).get("/stats/report/", {"format": "pdf"})
    assert r.status_code == 200 and r.content.startswith(b"%PDF")


def test_a_county_cannot_report_on_another_county(world, login):
    assert login(world.county_a_admin).get("/stats/report/", {"org": world.county_b.pk}).status_code == 404


def test_the_pdf_and_the_docx_carry_a_chart_for_each_table(staff, world, login, settings):
    """Issue 10: every table with figures gets its chart — vector in the PDF (reportlab graphics), a PNG in the
    DOCX (Pillow, with a Chinese font; without one the DOCX says so instead of leaving it out silently)."""
    from docx import Document

    from unionsw.stats.report import CJK_FONTS, chart_drawing, chart_png

    built = reports.build(world.city_admin, world.city_a, date(2024, 6, 30))
    with_figures = [t for t in built.tables if any(r.value for r in t.rows)]
    assert with_figures and all(chart_drawing(t, "STSong-Light", 400) is not None for t in with_figures)
    c = login(world.city_admin)
    pdf = c.get("/stats/report/", {"format": "pdf", "on": "2024-06-30"}).content
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") >= 2
    import os

    if any(os.path.exists(p) for p in CJK_FONTS) or os.environ.get("CI") == "true":  # CI installs fonts-noto-cjk
        assert chart_png(with_figures[0]).startswith(b"\x89PNG")
        doc = Document(io.BytesIO(c.get("/stats/report/", {"format": "docx", "on": "2024-06-30"}).content))
        assert len(doc.inline_shapes) == len(with_figures)
    settings.CJK_FONT_PATH = "/nonexistent.ttc"
    import unionsw.stats.report as report_module

    saved = report_module.CJK_FONTS
    report_module.CJK_FONTS = ()
    try:
        doc = Document(io.BytesIO(c.get("/stats/report/", {"format": "docx", "on": "2024-06-30"}).content))
        assert len(doc.inline_shapes) == 0 and "本表的图未生成" in "\n".join(p.text for p in doc.paragraphs)
    finally:
        report_module.CJK_FONTS = saved


def test_many_contract_terms_are_summed_after_the_five_largest(staff, world, monkeypatch):
    """A demo (or a county that hires one by one) has a term per worker: the sentence names the five largest
    cohorts in date order and sums the rest, instead of one clause per worker."""
    from unionsw.stats import engine

    real = engine.collect

    def with_contracts(user, on, org):
        rows = [engine.Row(str(i), f"2024年{i}月1日至2027年{i}月1日", n) for i, n in enumerate([1, 9, 2, 8, 1, 7, 6, 5], start=1)]
        return [*real(user, on, org), engine.Breakdown("employment.contracts", "合同期限", rows).finish()]

    monkeypatch.setattr(reports.engine, "collect", with_contracts)
    text = "".join(reports.build(world.city_admin, world.city_a, date(2024, 6, 30)).sentences)
    assert "9名社工合同期限为2024年2月1日至2027年2月1日；8名社工合同期限为2024年4月1日至2027年4月1日" in text
    assert "另有3种合同期限共4名（见合同期限表）" in text and "2024年1月1日至" not in text
