"""The 基本情况 section of a survey report (《关于工会社会工作岗位管理情况的调研报告》 一、基本情况) for any
org and day: sentences with the figures filled in from the same breakdowns as /stats/, then the tables.
PDF through core/pdf.py (every text escaped), DOCX through python-docx."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from io import BytesIO

from . import engine
from .population import population


@dataclass
class Report:
    org: object
    on: date
    title: str
    sentences: list[str]
    tables: list[engine.Breakdown]


def _pct(row) -> str:
    return f"{row.share:.2f}%"


def _list(rows, unit="名", with_share=True) -> str:
    return "，".join(f"{r.label}{r.value}{unit}" + (f"（占比{_pct(r)}）" if with_share else "") for r in rows if r.value)


def _day(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def build(user, org, on: date) -> Report:
    pop = population(user, on, org)
    tables = engine.collect(user, pop.on, org)
    t = {b.key: b for b in tables}
    total = t["org"].total
    s: list[str] = []
    counted = "已备案的" if pop.filed_only else ""
    first = f"截至{_day(pop.on)}，{org.name}共有{counted}在岗工会社会工作者{total}名"
    ranks = _list(t["rank"].rows)
    s.append(first + (f"，其中{ranks}。" if ranks and total else "。"))
    units = "，".join(f"{r.label}{r.value}名" for r in t["org"].rows if r.value)
    if units:
        s.append(f"具体分布为：{units}。")
    cohorts = "，".join(f"{r.label}入职{r.value}名" for r in t["hire_year"].rows if r.value)
    if cohorts:
        s.append(f"按入职年份：{cohorts}。")
    if "employment.contracts" in t:
        terms = "；".join(f"{r.value}名社工合同期限为{r.label}" for r in t["employment.contracts"].rows if r.value)
        s.append(f"劳动合同方面，{terms}。")
    if total:
        age = t["age"].by_key()
        over45 = age["2"].value
        lead = "全部在45岁以下" if not over45 else f"45岁以上{over45}名（占比{_pct(age['2'])}）"
        s.append(
            f"年龄方面，{lead}，35岁及以下{age['0'].value}名（占比{_pct(age['0'])}），"
            f"36—45岁{age['1'].value}名（占比{_pct(age['1'])}）。"
        )
        g = t["gender"].by_key()
        s.append(f"性别方面，女性{g['F'].value}名（占比{_pct(g['F'])}），男性{g['M'].value}名（占比{_pct(g['M'])}）。")
        political = _list(t["political"].rows, with_share=False)
        if political:
            s.append(f"政治面貌方面，{political}。")
        education = _list(t["education"].rows)
        if education:
            s.append(f"学历方面，{education}。")
        certs = [r for r in t["certificate"].rows if r.key != "none" and r.value]
        none = t["certificate"].by_key()["none"]
        if certs:
            held = "，".join(f"{r.value}人已取得{r.label}资格证书" for r in certs)
            s.append(f"职业水平方面，{held}；{none.value}人尚未取得证书。")
        else:
            s.append("职业水平方面，尚无人取得社会工作职业水平证书。")
    if pop.filed_only:
        unfiled = t["filing"].by_key()["unfiled"].value
        s.append(f"按规定未备案的社工不纳入全省统一管理，以上数字只计已备案社工；另有未备案在岗社工{unfiled}名。")
    title = f"{org.name}工会社会工作者基本情况（截至{_day(pop.on)}）"
    return Report(org=org, on=pop.on, title=title, sentences=s, tables=tables)


def _rows(table) -> list[list[str]]:
    out = [["项目", "人数" if table.unit == "人" else f"数量（{table.unit}）", "占比"]]
    out += [[r.label, str(r.value), _pct(r)] for r in table.rows]
    out.append([table.total_label, str(table.total), "100.00%" if table.total else "0.00%"])
    return out


def to_pdf(report: Report) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import KeepTogether, SimpleDocTemplate, Spacer, Table, TableStyle

    from unionsw.core.pdf import para

    font = "STSong-Light"
    pdfmetrics.registerFont(UnicodeCIDFont(font))
    title = ParagraphStyle("t", fontName=font, fontSize=16, leading=24, alignment=1, spaceAfter=10)
    head = ParagraphStyle("h", fontName=font, fontSize=13, leading=20, spaceBefore=8, spaceAfter=4)
    body = ParagraphStyle("b", fontName=font, fontSize=11, leading=20, firstLineIndent=22)
    cell = ParagraphStyle("c", fontName=font, fontSize=9.5, leading=13)
    buf = BytesIO()
    doc = SimpleDocTemplate(
        buf, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=18 * mm, bottomMargin=18 * mm, title=report.title
    )
    story = [para(report.title, title), para("一、基本情况", head)]
    story += [para(text, body) for text in report.sentences]
    for i, table in enumerate(report.tables, start=1):
        grid = Table([[para(v, cell) for v in row] for row in _rows(table)], colWidths=[90 * mm, 35 * mm, 35 * mm])
        grid.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "#999999"), ("BACKGROUND", (0, 0), (-1, 0), "#eeeeee")]))
        story.append(KeepTogether([para(f"表{i}　{table.title}", head), grid, Spacer(1, 4 * mm)]))
    doc.build(story)
    return buf.getvalue()


def to_docx(report: Report) -> bytes:
    from docx import Document
    from docx.oxml.ns import qn

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "SimSun"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    doc.add_heading(report.title, level=1)
    doc.add_heading("一、基本情况", level=2)
    for text in report.sentences:
        doc.add_paragraph(text)
    for i, table in enumerate(report.tables, start=1):
        doc.add_paragraph(f"表{i}　{table.title}")
        rows = _rows(table)
        grid = doc.add_table(rows=len(rows), cols=3)
        grid.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    buf = BytesIO()
    doc.save(buf)
    return buf.getvalue()
