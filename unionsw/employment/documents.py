"""Contract documents as PDF from a fixed template (reportlab, built-in CID font STSong-Light: nothing embedded)."""

from __future__ import annotations

from io import BytesIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

from unionsw.core.audit import audit
from unionsw.core.pdf import para

from .models import ContractKind, ContractStatus, TermType

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

TITLE = ParagraphStyle("title", fontName=FONT, fontSize=20, leading=28, alignment=1, spaceAfter=12)
BODY = ParagraphStyle("body", fontName=FONT, fontSize=11, leading=19)
SMALL = ParagraphStyle("small", fontName=FONT, fontSize=9, leading=14, textColor="#555555")


def _d(value) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else "____年__月__日"


def clauses(contract) -> list[str]:
    w = contract.worker
    if contract.term_type == TermType.FIXED:
        term = f"固定期限：自{_d(contract.starts_on)}起至{_d(contract.ends_on)}止。"
    elif contract.term_type == TermType.OPEN:
        term = f"无固定期限：自{_d(contract.starts_on)}起。"
    else:
        term = f"以完成一定工作任务为期限：自{_d(contract.starts_on)}起至工作任务完成时止。"
    post = f"{contract.post.unit.name}·{contract.post.kind.name}" if contract.post_id else (w.post_title or "工会社会工作岗位")
    if contract.kind == ContractKind.SERVICE:
        return [
            f"一、协议期限。{term}",
            f"二、劳务内容。乙方在{post}提供工会社会工作劳务，具体内容由双方协商确定。",
            (
                f"三、劳务费用。每月劳务费人民币{contract.agreed_pay:,.2f}元，按月支付。"
                if contract.agreed_pay is not None
                else "三、劳务费用。劳务费用由双方协商确定，按月支付（金额未录入）。"
            ),
            "四、保险。甲方为乙方购买商业意外伤害保险，保险期间覆盖本协议期限；未购买的，本协议不生效。",
            "五、乙方为已退休返聘人员，不执行公开招聘和购买服务人员的薪酬标准、职业发展及激励保障等制度。",
            "六、本协议的变更、解除按双方约定执行；未尽事宜由双方协商解决。",
        ]
    return [
        f"一、合同期限。{term}",
        f"二、工作内容和工作地点。乙方在{post}从事工会社会工作，工作地点为{w.org.name}。",
        "三、工作时间和休息休假。执行国家规定的工时制度，享受国家规定的带薪年休假等假期。",
        (
            f"四、劳动报酬。乙方月劳动报酬为人民币{contract.agreed_pay:,.2f}元（按所在地工会社会工作者薪酬标准核定，"
            "标准调整时随之调整）。"
            if contract.agreed_pay is not None
            else "四、劳动报酬。按所在地工会社会工作者薪酬标准执行，具体以薪酬核定结果为准（金额未录入）。"
        ),
        "五、社会保险。甲方依法为乙方缴纳社会保险费。",
        "六、劳动合同的变更、解除和终止依照《中华人民共和国劳动合同法》执行。",
        "七、劳动争议。双方因履行本合同发生争议，可以协商解决，也可以依法申请调解、仲裁或提起诉讼。",
    ]


def contract_pdf(contract, *, by) -> bytes:
    """Render the contract; the download is audited (it carries personal data). The document to be signed
    carries the full ID number for a user who may reveal it (worker.reveal, audited as a reveal); anyone else
    gets the masked number and a note saying so."""
    from unionsw.core.errors import NotAllowed
    from unionsw.workers.services import worker_reveal

    w = contract.worker
    try:
        id_number, full = (worker_reveal(by=by, worker=w, field="id_number"), True) if by.can("worker.reveal") else (None, False)
    except NotAllowed:
        id_number, full = None, False
    id_number = id_number or w.id_number_masked
    buf = BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=22 * mm,
        rightMargin=22 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=contract.get_kind_display(),
    )
    story = [para(contract.get_kind_display(), TITLE)]
    if contract.number:
        story.append(para(f"编号：{contract.number}", SMALL))
    parties = Table(
        [
            [para("甲方（用人单位）", BODY), para(contract.employer, BODY)],
            [para("乙方（劳动者）", BODY), para(w.name, BODY)],
            [para("身份证号", BODY), para(id_number, BODY)],
            [para("期限类型", BODY), para(contract.get_term_type_display(), BODY)],
        ],
        colWidths=[40 * mm, 120 * mm],
    )
    parties.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "#999999"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    story += [parties, Spacer(1, 8 * mm)]
    story += [para(text, BODY) for text in clauses(contract)]
    story += [
        Spacer(1, 14 * mm),
        Table(
            [
                [para("甲方（盖章）：", BODY), para("乙方（签字）：", BODY)],
                [para(f"签订日期：{_d(contract.signed_on)}", BODY), para(f"签订日期：{_d(contract.signed_on)}", BODY)],
            ],
            colWidths=[80 * mm, 80 * mm],
        ),
        Spacer(1, 8 * mm),
        para(
            "本文本由工会社工管理平台根据合同记录生成，签订时以纸质原件为准。"
            + ("" if full else "身份证号已脱敏（您没有查看完整身份证号的权限）。"),
            SMALL,
        ),
    ]
    doc.build(story)
    audit(by=by, action="contract.document", target=contract, detail={"format": "pdf", "full_id_number": full})
    return buf.getvalue()


def termination_certificate_pdf(contract, *, by) -> bytes:
    """解除（终止）劳动合同证明书 (劳动合同法 第50条; 实施条例 第24条: 期限、解除或终止日期、工作岗位、在本单位的
    工作年限). The full ID number follows the same rule as the contract document (audited reveal)."""
    from unionsw.workers.services import worker_reveal

    w = contract.worker
    full = by.can("worker.reveal")
    id_number = worker_reveal(by=by, worker=w, field="id_number") if full else w.id_number_masked
    dissolved = contract.status == ContractStatus.DISSOLVED
    title = ("解除" if dissolved else "终止") + ("劳务协议证明书" if contract.kind == ContractKind.SERVICE else "劳动合同证明书")
    post = f"{contract.post.unit.name}·{contract.post.kind.name}" if contract.post_id else (w.post_title or "工会社会工作岗位")
    end = contract.closed_on
    years = max(end.year - w.hired_on.year - ((end.month, end.day) < (w.hired_on.month, w.hired_on.day)), 0) if w.hired_on and end else 0
    period = f"{_d(contract.starts_on)}至{_d(contract.ends_on)}" if contract.ends_on else f"{_d(contract.starts_on)}起（无固定期限）"
    buf = BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=22 * mm, rightMargin=22 * mm, topMargin=24 * mm, bottomMargin=20 * mm, title=title)
    story = [
        para(title, TITLE),
        Spacer(1, 6 * mm),
        para(f"兹证明 {w.name}（身份证号：{id_number}）与本单位订立的{contract.get_kind_display()}（期限：{period}），"
             f"已于{_d(end)}{'解除' if dissolved else '终止'}。", BODY),
        para(f"工作岗位：{post}。", BODY),
        para(f"在本单位的工作年限：自{_d(w.hired_on)}起，共{years}年。", BODY),
        para(f"{'解除' if dissolved else '终止'}事由：{_ground_text(contract)}。", BODY),
        para("本单位将在十五日内为其办理档案和社会保险关系转移手续（《中华人民共和国劳动合同法》第五十条）。", BODY),
        Spacer(1, 18 * mm),
        para(f"{contract.employer}（盖章）", BODY),
        para(f"{_d(end)}", BODY),
        Spacer(1, 8 * mm),
        para("本证明书由工会社工管理平台根据合同记录生成，一式两份，用人单位和劳动者各执一份。", SMALL),
    ]
    doc.build(story)
    audit(by=by, action="contract.certificate", target=contract, detail={"format": "pdf", "full_id_number": full})
    return buf.getvalue()


def _ground_text(contract) -> str:
    from .rules import ALL_GROUNDS

    ground = ALL_GROUNDS.get(contract.ground, contract.ground or "")
    return "；".join(x for x in (ground, contract.close_reason) if x) or "—"
