"""Pay slips as PDF (reportlab, built-in CID font STSong-Light); every text through core.pdf.para.

The PDF is an official document: always Chinese (built under the default language). The slip page shares
`slip_rows` and shows its labels in the user's language."""

from __future__ import annotations

from io import BytesIO

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import PageBreak, SimpleDocTemplate, Spacer, Table, TableStyle

from unionsw.core.pdf import para

from . import rules
from .models import LineKind

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

TITLE = ParagraphStyle("pay-title", fontName=FONT, fontSize=16, leading=24, alignment=1, spaceAfter=8)
BODY = ParagraphStyle("pay-body", fontName=FONT, fontSize=10, leading=15)
SMALL = ParagraphStyle("pay-small", fontName=FONT, fontSize=8, leading=12, textColor="#555555")


def slip_rows(line) -> list[tuple[str, str]]:
    """The figures of a slip, in order (page and PDF share them; the PDF is built in Chinese)."""
    rows = [(_("岗位所在单位"), line.org.name), (_("在岗天数"), f"{line.days}/{line.month_days}")]
    if line.kind == LineKind.SCALE:
        from .tables import grade_name

        rows += [
            (_("岗位等级"), _("%(rank)s（管理岗位%(grade)s）") % {"rank": line.rank or "—", "grade": grade_name(line.post_grade)}),
            (_("薪级"), _("%(level)s 级") % {"level": line.grade_level or "—"}),
            (_("岗位工资"), str(line.post_pay)),
            (_("薪级工资"), str(line.grade_pay)),
            (_("绩效工资（%(ratio)s）") % {"ratio": rules.percent(line.ratio)}, str(line.performance)),
        ]
        rows += [(_("津贴补贴：%(name)s") % {"name": name}, amount) for name, amount in line.allowances]
        rows += [(_("应发工资"), str(line.gross))]
        for item, _base, _employer, employee in line.contributions:
            if employee not in ("0", "0.00"):
                rows.append((_("个人缴纳：%(item)s") % {"item": rules.SI_ITEMS.get(item, item)}, f"-{employee}"))
        rows += [(_("代扣个人所得税"), f"-{line.iit}"), (_("实发工资"), str(line.net))]
    else:
        rows += [(_("劳务费（返聘）"), str(line.gross)), (_("代扣个人所得税"), f"-{line.iit}"), (_("实发金额"), str(line.net))]
    return rows


def _story(line) -> list:
    run = line.run
    story = [
        para(f"{run.org.name} {run.month.year}年{run.month.month}月{run.get_kind_display()}工资条", TITLE),
        para(f"姓名：{line.worker.name}", BODY),
        Spacer(1, 3 * mm),
    ]
    table = Table([[para(a, BODY), para(b, BODY)] for a, b in slip_rows(line)], colWidths=[70 * mm, 90 * mm])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "#999999"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    story += [table, Spacer(1, 4 * mm)]
    if line.tax_explanation:
        story.append(para(f"个税计算：{line.tax_explanation}", SMALL))
    for note in line.notes:
        story.append(para(note, SMALL))
    story.append(para("本工资条由工会社工管理平台根据已审批（锁定）的工资表生成。", SMALL))
    return story


def _doc(buf, title: str) -> SimpleDocTemplate:
    return SimpleDocTemplate(
        buf, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=18 * mm, bottomMargin=18 * mm, title=title
    )


def slip_pdf(line) -> bytes:
    buf = BytesIO()
    with translation.override(settings.LANGUAGE_CODE):  # an official document: Chinese whatever the page's language
        _doc(buf, "工资条").build(_story(line))
    return buf.getvalue()


def slips_pdf(lines, progress=None) -> bytes:
    """All slips of a run, one per page."""
    buf = BytesIO()
    story: list = []
    with translation.override(settings.LANGUAGE_CODE):  # an official document: Chinese whatever the page's language
        _build_slips(buf, story, lines, progress)
    return buf.getvalue()


def _build_slips(buf, story: list, lines, progress) -> None:
    for i, line in enumerate(lines, start=1):
        if story:
            story.append(PageBreak())
        story += _story(line)
        if progress is not None and i % 50 == 0:
            progress(i)
    if not story:
        story = [para("本工资表没有工资明细", BODY)]
    _doc(buf, "工资条").build(story)
