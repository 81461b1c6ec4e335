"""The annual assessment registration form (年度考核登记表) of one worker, as a PDF to print, sign and file in the
personnel file: the worker's particulars, the self-report, the workload table, each component's score and
weight, the commendation, the host unit's opinion, the proposed and confirmed grade, and blank signature
boxes. Every value goes through core.pdf (escaped); judges' individual scores are never on it."""

from __future__ import annotations

from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

from unionsw.core.pdf import para
from unionsw.orgs.policy import ASSESSMENT_SCHEMES

from .models import Source

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

TITLE = ParagraphStyle("a-title", fontName=FONT, fontSize=18, leading=26, alignment=1, spaceAfter=4)
SUB = ParagraphStyle("a-sub", fontName=FONT, fontSize=10, leading=14, alignment=1, textColor="#555555", spaceAfter=8)
CELL = ParagraphStyle("a-cell", fontName=FONT, fontSize=9.5, leading=13)
HEAD = ParagraphStyle("a-head", fontName=FONT, fontSize=9.5, leading=13, alignment=1)
SMALL = ParagraphStyle("a-small", fontName=FONT, fontSize=8, leading=11, textColor="#555555")

WIDTH = 180 * mm
GRID = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
)


def _d(value) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def _table(rows, widths, style=GRID) -> Table:
    # str.__str__: a choice label's Chinese (the form is an official document; str() would give the page's language)
    t = Table([[c if not isinstance(c, str) else para(str.__str__(c), CELL) for c in row] for row in rows], colWidths=widths)
    t.setStyle(style)
    return t


def _source(code: str) -> str:
    return Source(code).label if code in Source.values else code


def _score(entry, component) -> str:
    value = (entry.scores or {}).get(component.get("code"))
    if value is None and component.get("source") == Source.JUDGES:
        value = entry.report_score  # the judges' average, kept on the entry
    return "—" if value is None else str(value)


def registration_form(entry) -> bytes:
    w, rnd = entry.worker, entry.round
    buf = BytesIO()
    doc = SimpleDocTemplate(
        buf, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm, bottomMargin=15 * mm,
        title=f"{rnd.year}年度考核登记表-{w.name}",
    )
    q = WIDTH / 6
    story = [
        para(f"{rnd.year}年度工会社会工作者考核登记表", TITLE),
        para(f"考核组织单位：{rnd.org.name}　　考核方式：{ASSESSMENT_SCHEMES.get(rnd.scheme, rnd.scheme)}", SUB),
        _table(
            [
                ["姓名", w.name, "性别", w.get_gender_display(), "出生年月", f"{w.birth_date:%Y年%m月}"],
                ["政治面貌", w.get_political_status_display(), "学历", w.get_education_display(), "入职日期", _d(w.hired_on)],
                ["岗位所在单位", entry.org.name, "岗位", w.post_title or "—", "岗位等级", w.rank or "未定级"],
                ["所属县（市、区）", entry.county.name, "用工方式", w.get_employment_mode_display(), "表彰级别", entry.commendation or "无"],
            ],
            [q * 0.9, q * 1.3, q * 0.7, q * 1.1, q * 0.8, q * 1.2],
        ),
        Spacer(1, 3 * mm),
        _table([["个人述职（年度工作总结）"], [entry.report_text or "（未填写）"]], [WIDTH]),
        Spacer(1, 3 * mm),
    ]
    workload = [r for r in (entry.workload or []) if (r.get("item") or "").strip()]
    if workload:
        story += [
            _table(
                [["年度工作量化表（一量化）", "数量", "说明"]]
                + [[r.get("item", ""), str(r.get("count", "")), r.get("note", "")] for r in workload],
                [WIDTH * 0.5, WIDTH * 0.15, WIDTH * 0.35],
            ),
            Spacer(1, 3 * mm),
        ]
    story += [
        _table(
            [["考核项目", "评价来源", "权重", "得分"]]
            + [
                [c.get("label", c.get("code", "")), _source(c.get("source", "")), f"{c.get('weight', '')}%", _score(entry, c)]
                for c in (rnd.components or [])
            ]
            + [["总分（含表彰加分）", "", "", str(entry.total if entry.total is not None else "—")]],
            [WIDTH * 0.4, WIDTH * 0.25, WIDTH * 0.15, WIDTH * 0.2],
        ),
        Spacer(1, 3 * mm),
        _table(
            [
                ["服务单位评价意见", entry.host_opinion or ""],
                ["建议等次", f"{entry.get_proposed_grade_display() or '—'}　{entry.proposal_reason}"],
                [
                    "确认等次",
                    f"{entry.get_grade_display() or '—'}"
                    + (f"　（{entry.confirmed_by}，{_d(entry.confirmed_at.date())}确认）" if entry.confirmed_at else ""),
                ],
            ],
            [WIDTH * 0.22, WIDTH * 0.78],
        ),
        Spacer(1, 3 * mm),
        _table(
            [["本人签字", "服务单位意见（盖章）", "县级工会审核意见（盖章）"], [Spacer(1, 22 * mm)] * 3, ["年　月　日"] * 3],
            [WIDTH / 3] * 3,
            TableStyle([*GRID.getCommands(), ("LINEBELOW", (0, 0), (-1, 1), 0, colors.white), ("ALIGN", (0, 2), (-1, 2), "RIGHT")]),
        ),
        Spacer(1, 2 * mm),
        para("本表由工会社工管理平台根据考核记录生成，签字盖章后归入个人档案。", SMALL),
    ]
    doc.build(story)
    return buf.getvalue()
