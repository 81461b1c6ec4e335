"""The 基本情况 section of a survey report (《关于工会社会工作岗位管理情况的调研报告》 一、基本情况) for any
org and day: sentences with the figures filled in from the same breakdowns as /stats/, then the tables.
PDF through core/pdf.py (every text escaped), DOCX through python-docx. A document: Chinese in both languages
(the breakdowns' labels through engine.plain; f-strings keep their Chinese already)."""

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
        cohorts = [r for r in t["employment.contracts"].rows if r.value]
        # hires come in batches, so a few terms cover most workers: the five largest are named, the rest summed
        named = sorted(sorted(cohorts, key=lambda r: -r.value)[:5], key=cohorts.index)
        terms = "；".join(f"{r.value}名社工合同期限为{r.label}" for r in named)
        rest = [r for r in cohorts if r not in named]
        if rest:
            terms += f"；另有{len(rest)}种合同期限共{sum(r.value for r in rest)}名（见合同期限表）"
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
    out += [[engine.plain(r.label), str(r.value), _pct(r)] for r in table.rows]
    out.append([engine.plain(table.total_label), str(table.total), "100.00%" if table.total else "0.00%"])
    return out


PALETTE = ["#c0272d", "#e07b39", "#e8b63a", "#5b8e3e", "#2f7ea8", "#6a4c9c", "#8c8c8c", "#b5485d", "#3f9c8f", "#a67c52"]


def chart_drawing(table, font: str, width: float, height: float = 150):
    """The table's chart as a reportlab Drawing (vector, in the PDF): a pie for `chart == "pie"`, otherwise
    horizontal bars, with the labels and values; None when there is nothing to draw."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.charts.piecharts import Pie
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors

    rows = [r for r in table.rows if r.value]
    if not rows:
        return None
    rows = rows[:12]
    if table.chart == "pie" and not table.stages:
        d = Drawing(width, height)
        pie = Pie()
        pie.x, pie.y, pie.width, pie.height = 10, 10, height - 20, height - 20
        pie.data = [float(r.value) for r in rows]
        pie.labels = None
        for i in range(len(rows)):
            pie.slices[i].fillColor = colors.HexColor(PALETTE[i % len(PALETTE)])
            pie.slices[i].strokeColor = colors.white
        d.add(pie)
        for i, r in enumerate(rows):  # legend
            y = height - 16 - i * 12
            d.add(String(height + 10, y, f"■ {r.label}　{r.value}（{_pct(r)}）", fontName=font, fontSize=8,
                         fillColor=colors.HexColor(PALETTE[i % len(PALETTE)])))
        return d
    bar_height = 14
    height = max(40, bar_height * len(rows) + 20)
    d = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 110, 10
    chart.width, chart.height = width - 170, height - 20
    chart.data = [[float(r.value) for r in reversed(rows)]]
    chart.categoryAxis.categoryNames = [engine.plain(r.label)[:14] for r in reversed(rows)]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 8
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = colors.HexColor(PALETTE[0])
    chart.barLabelFormat = lambda v: f"{v:g}"
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    d.add(chart)
    return d


CJK_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",  # Debian/Ubuntu fonts-noto-cjk
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",  # Arch, Fedora
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
)


def _cjk_font_path() -> str | None:
    import os

    from django.conf import settings

    configured = getattr(settings, "CJK_FONT_PATH", "") or os.environ.get("CJK_FONT_PATH", "")
    return next((p for p in (configured, *CJK_FONTS) if p and os.path.exists(p)), None)


def chart_png(table, width: int = 1200) -> bytes | None:
    """The table's figures as horizontal bars in a PNG (Pillow), for the DOCX; None when there is nothing to
    draw or no Chinese font on the server (the DOCX then says so under the table)."""
    from PIL import Image, ImageDraw, ImageFont

    rows = [r for r in table.rows if r.value][:12]
    path = _cjk_font_path()
    if not rows or path is None:
        return None
    font = ImageFont.truetype(path, 26)
    bar, gap, left, right = 34, 14, 330, 220
    height = 30 + len(rows) * (bar + gap)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    top = max(float(r.value) for r in rows) or 1.0
    for i, r in enumerate(rows):
        y = 15 + i * (bar + gap)
        label = engine.plain(r.label)
        label = label if len(label) <= 12 else label[:11] + "…"
        draw.text((10, y + 2), label, fill="#333333", font=font)
        length = int((width - left - right) * float(r.value) / top)
        draw.rectangle([left, y, left + max(length, 2), y + bar], fill=PALETTE[0])
        draw.text((left + length + 10, y + 2), f"{r.value}（{_pct(r)}）", fill="#333333", font=font)
    out = BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


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
        drawing = chart_drawing(table, font, 170 * mm)
        parts = [para(f"表{i}　{table.title}", head), grid, Spacer(1, 3 * mm)]
        if drawing is not None:
            parts += [drawing, Spacer(1, 4 * mm)]
        story.append(KeepTogether(parts))
    doc.build(story)
    return buf.getvalue()


def to_docx(report: Report) -> bytes:
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Cm

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
        png = chart_png(table)
        if png is not None:
            doc.add_picture(BytesIO(png), width=Cm(15))
        elif any(r.value for r in table.rows):
            doc.add_paragraph("（服务器未安装中文字体，本表的图未生成；PDF 版含图。）")
    buf = BytesIO()
    doc.save(buf)
    return buf.getvalue()
