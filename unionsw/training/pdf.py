"""The completion certificate (结业证书) of one training, as PDF (reportlab, CID font; text through core.pdf)."""

from __future__ import annotations

from io import BytesIO

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import SimpleDocTemplate, Spacer

from unionsw.core.pdf import para, para_markup

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

TITLE = ParagraphStyle("t-title", fontName=FONT, fontSize=30, leading=40, alignment=1, spaceAfter=20)
BODY = ParagraphStyle("t-body", fontName=FONT, fontSize=15, leading=30, firstLineIndent=30)
RIGHT = ParagraphStyle("t-right", fontName=FONT, fontSize=13, leading=24, alignment=2)
SMALL = ParagraphStyle("t-small", fontName=FONT, fontSize=9, leading=14, textColor="#555555")


def _d(value) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def completion_certificate(enrolment) -> bytes:
    s, w = enrolment.session, enrolment.worker
    buf = BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=landscape(A4), leftMargin=30 * mm, rightMargin=30 * mm, topMargin=28 * mm, title="结业证书")
    when = _d(s.starts_on) if s.starts_on == s.ends_on else f"{_d(s.starts_on)}至{_d(s.ends_on)}"
    story = [
        para("结业证书", TITLE),
        para_markup(
            "{name}同志（{unit}）于{when}参加{org}举办的“{title}”（{kind}，{mode}），完成全部课程，认定学时{hours}学时，准予结业。",
            BODY,
            name=w.name,
            unit=w.org.name,
            when=when,
            org=s.plan.org.name,
            title=s.title,
            kind=s.kind,
            mode="线上" if s.online else f"地点：{s.place}",
            hours=f"{enrolment.hours_credited:g}",
        ),
        Spacer(1, 20 * mm),
        para(s.plan.org.name, RIGHT),
        para(_d(s.ends_on), RIGHT),
        Spacer(1, 10 * mm),
        para(f"证书编号：PX{s.pk:05d}-{enrolment.pk:06d}　本证书由工会社工管理平台根据签到记录生成。", SMALL),
    ]
    doc.build(story)
    return buf.getvalue()
