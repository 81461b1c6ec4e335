"""Excel for the registry (SPEC §5): the template, the all-or-nothing import and the masked export.

Every imported row goes through `services.validate_worker_input` (phase 1, all rows) and then
`services.worker_create` (phase 2, one transaction) — the same rules as the form. The import and the
export are audited here with their count and file name; each created worker is audited by
`worker_create` as usual.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from unionsw.core import excel
from unionsw.core.audit import audit
from unionsw.core.errors import NotAllowed
from unionsw.core.excel import Column, ImportResult, RowError  # noqa: F401 — re-exported for the API
from unionsw.core.scope import scope_q, visible_orgs
from unionsw.employment.models import ContractKind  # the contract columns' choices (no import cycle: models only)
from unionsw.orgs.policy import effective_policy

from . import services
from .models import CertificateLevel, Education, EmploymentMode, PoliticalStatus, Worker, WorkerStatus

SHEET_TITLE = "社工信息"
ORG_CHOICES_MAX = 2000  # beyond this many units the drop-down is no help; the column is typed


def _labels(choices) -> dict[str, str]:
    return {label: value for value, label in choices}


def _id_number(value: Any) -> str:
    if isinstance(value, float | int) and not isinstance(value, bool):
        # an 18-digit number typed into a number cell has already lost its last digits in Excel
        raise excel.CellError(_("身份证号须按文本填写（模板中该列已设为文本格式），请重新输入"))
    return excel.text(value).upper().replace(" ", "")


def _education(value: Any) -> str:
    from .rules import education_value

    raw = excel.text(value)
    result = education_value(raw)
    if result is None:
        # the values stay Chinese in any language: they are what the cell must contain
        choices = "、".join(str.__str__(e.label) for e in Education)
        raise excel.CellError(_("“%(value)s”不是可选值，应为：%(choices)s") % {"value": raw, "choices": choices})
    return result


def columns(*, org_choices: list[str] = (), ladder: list[str] | None = None, post_kinds: list[str] | None = None) -> list[Column]:
    return [
        Column("姓名", "name", required=True, parse=excel.text_max(50), width=10),
        Column(
            "身份证号",
            "id_number",
            required=True,
            parse=_id_number,
            unique=True,
            text=True,
            width=22,
            help="18位，出生日期和性别由身份证号自动得出",
        ),
        Column("手机号", "phone", parse=excel.text, text=True, width=14, help="11位手机号"),
        Column("民族", "ethnicity", parse=excel.text_max(20), default="汉族", width=8, help="留空为汉族"),
        Column(
            "政治面貌",
            "political_status",
            required=True,
            parse=excel.choice(_labels(PoliticalStatus.choices)),
            choices=PoliticalStatus.labels,
        ),
        Column("学历", "education", required=True, parse=_education, choices=Education.labels, width=12),
        Column("专业", "major", parse=excel.text_max(100)),
        Column(
            "用工方式",
            "employment_mode",
            required=True,
            parse=excel.choice(_labels(EmploymentMode.choices)),
            choices=EmploymentMode.labels,
        ),
        Column(
            "岗位所在单位",
            "org",
            required=True,
            parse=excel.text,
            choices=org_choices,
            width=28,
            help="填写组织名称（或 上级组织名称/组织名称，或行政区划代码），须在您的管理范围内",
        ),
        Column("岗位", "post_title", parse=excel.text_max(50), help="如 组建指导岗"),
        Column(
            "岗位等级",
            "rank",
            parse=excel.text,
            choices=ladder or (),
            help="须为所在单位适用政策的等级序列中的一级；返聘人员留空",
        ),
        Column("现等级起始日期", "rank_since", parse=excel.parse_date, width=14, help="如 2024-03-01，留空为入职日期"),
        Column(
            "状态",
            "status",
            parse=excel.choice(_labels(WorkerStatus.choices)),
            choices=WorkerStatus.labels,
            default=WorkerStatus.ACTIVE,
            help="留空为在岗",
        ),
        Column("入职日期", "hired_on", required=True, parse=excel.parse_date, width=12, help="如 2024-03-01"),
        Column("离职日期", "left_on", parse=excel.parse_date, width=12, help="状态不是在岗时必填"),
        # issue 9: one certificate per row (optional; files from the older template import unchanged)
        Column(
            "证书类别",
            "cert_level",
            parse=excel.choice(_labels(CertificateLevel.choices)),
            choices=CertificateLevel.labels,
            help="如 助理社会工作师；无证书留空",
            may_be_absent=True,
        ),
        Column("证书名称", "cert_name", parse=excel.text_max(100), help="其他证书时填写", may_be_absent=True),
        Column("证书编号", "cert_number", parse=excel.text_max(50), text=True, may_be_absent=True),
        Column("证书取得日期", "cert_issued_on", parse=excel.parse_date, width=14, help="填写证书时必填", may_be_absent=True),
        Column("证书有效期至", "cert_expires_on", parse=excel.parse_date, width=14, help="长期有效留空", may_be_absent=True),
        # issue 12: a roster in one file — the post of 岗位与空缺 the worker holds, and the contract in force
        Column(
            "到岗岗位",
            "post",
            parse=excel.text_max(30),
            choices=post_kinds or (),
            help="“岗位与空缺”中岗位所在单位的空缺岗位，填岗位类别（如 组建指导岗）；导入时安排到岗，岗位栏以此为准；"
            "同类空缺有多个时安排最早空缺的一个",
            may_be_absent=True,
        ),
        Column("到岗日期", "post_on", parse=excel.parse_date, width=12, help="留空为入职日期", may_be_absent=True),
        Column(
            "合同类型",
            "contract_kind",
            parse=excel.choice(_labels(ContractKind.choices)),
            choices=ContractKind.labels,
            help="留空时按用工方式（返聘为劳务协议，其他为劳动合同）；无合同信息整组留空",
            may_be_absent=True,
        ),
        Column("合同起始日期", "contract_start", parse=excel.parse_date, width=14, help="填写合同信息时必填", may_be_absent=True),
        Column(
            "合同终止日期",
            "contract_end",
            parse=_contract_end,
            width=14,
            help=f"如 2027-02-28；无固定期限合同填“{OPEN_ENDED}”",
            may_be_absent=True,
        ),
        Column("用人单位", "contract_employer", parse=excel.text_max(100), width=20, help="留空为县级工会（或服务机构）", may_be_absent=True),
        Column("合同签订日期", "contract_signed_on", parse=excel.parse_date, width=14, help="已签订的合同填写；留空为待签订", may_be_absent=True),
    ]


OPEN_ENDED = "无固定期限"


def _contract_end(value: Any):
    """A date, or 无固定期限 (an open-ended contract, 劳动合同法 第14条)."""
    if excel.text(value) == OPEN_ENDED:
        return OPEN_ENDED
    return excel.parse_date(value)


CERT_FIELDS = {
    "cert_level": "level",
    "cert_name": "name",
    "cert_number": "number",
    "cert_issued_on": "issued_on",
    "cert_expires_on": "expires_on",
}


def _certificate_of(values: dict) -> dict | None:
    """The row's certificate (or None when its certificate columns are blank)."""
    cert = {target: values.get(source) for source, target in CERT_FIELDS.items()}
    if not any(cert.values()):
        return None
    return {k: ("" if v is None and k in ("name", "number") else v) for k, v in cert.items()}


def _certificate_errors(cert: dict) -> dict[str, list[str]]:
    from .models import CertificateLevel

    errors: dict[str, list[str]] = {}
    if not cert.get("level"):
        errors["cert_level"] = [_("填写证书信息时请选择证书类别")]
    elif cert["level"] == CertificateLevel.OTHER and not cert.get("name"):
        errors["cert_name"] = [_("其他证书请填写证书名称")]
    if not cert.get("issued_on"):
        errors["cert_issued_on"] = [_("填写证书信息时请填写取得日期")]
    elif cert["issued_on"] > timezone.localdate():
        errors["cert_issued_on"] = [_("取得日期不能晚于今天")]
    elif cert.get("expires_on") and cert["expires_on"] <= cert["issued_on"]:
        errors["cert_expires_on"] = [_("有效期至应晚于取得日期")]
    return errors


NOTES = [
    "1. 在第一个工作表“社工信息”中逐行填写，一行一名社工；不要修改、删除表头。",
    "2. 红色带 * 的列必填；有下拉箭头的列请从列表中选择。",
    "3. 导入是“全部或全不”：只要有一行有错，整个文件都不导入，系统给出错误明细（行号、列、原因）供下载，改正后重新上传。",
    "4. 同一身份证号在文件中只能出现一次；已登记在册的身份证号不能重复导入。",
    "5. 出生日期、性别、年龄由身份证号自动得出，无需填写。",
    "6. 证书、到岗岗位、合同三组列可选：不填的整组留空。到岗岗位须是“岗位与空缺”中该单位已设置的空缺岗位，一个岗位同一时间只能一人在岗。",
]


def worker_template(*, by=None) -> bytes:
    """The import template. With `by`, the 岗位所在单位 and 岗位等级 drop-downs list that user's
    active units and the ladder of the policy in force for the user's org."""
    from unionsw.employment.models import PostKind

    org_choices: list[str] = []
    ladder = None
    post_kinds = list(PostKind.objects.filter(is_active=True).values_list("name", flat=True))
    if by is not None:
        units = list(
            visible_orgs(by).filter(is_active=True).order_by("path").values_list("name", "parent__name")[:ORG_CHOICES_MAX]
        )
        counts = Counter(name for name, _ in units)
        repeated = {name for name, n in counts.items() if n > 1}
        # a name that repeats in the user's scope is offered as 上级/名称, the form the importer resolves
        org_choices = [f"{parent}/{name}" if name in repeated and parent else name for name, parent in units]
        ladder = effective_policy(by.org).get("ladder") if by.org_id else None
    example = {
        "name": "张三",
        "id_number": "370102199005170014",
        "phone": "13812345678",
        "ethnicity": "汉族",
        "political_status": "中共党员",
        "education": "本科",
        "major": "社会工作",
        "employment_mode": "公开招聘",
        "org": org_choices[-1] if org_choices else "解放路街道工会",
        "post_title": "组建指导岗",
        "rank": (ladder or [""])[0],
        "rank_since": "",
        "status": "在岗",
        "hired_on": "2024-03-01",
        "left_on": "",
        "cert_level": "助理社会工作师",
        "cert_name": "",
        "cert_number": "2023A0001",
        "cert_issued_on": "2023-06-01",
        "cert_expires_on": "",
        "post": "组建指导岗",
        "post_on": "",
        "contract_kind": "劳动合同",
        "contract_start": "2024-03-01",
        "contract_end": "2027-02-28",
        "contract_employer": "",
        "contract_signed_on": "2024-03-01",
    }
    return excel.build_template(
        columns(org_choices=org_choices, ladder=ladder, post_kinds=post_kinds), SHEET_TITLE, NOTES, example=example
    )


def read_worker_rows(fileobj) -> list[tuple[int, dict]]:
    """Read an uploaded file (raises core.excel.ExcelFormatError with a Chinese message)."""
    return excel.read_rows(fileobj, columns())


class _OrgIndex:
    """The user's active units, found by name, 上级/名称 or region code; one query for the whole file."""

    def __init__(self, by):
        orgs = list(visible_orgs(by).filter(is_active=True).select_related("parent").order_by("path"))
        self.by_key: dict[str, list] = {}
        for org in orgs:
            keys = {org.name}
            if org.parent_id:
                keys.add(f"{org.parent.name}/{org.name}")
            if org.region_code:
                keys.add(org.region_code)
            for key in keys:
                self.by_key.setdefault(key, []).append(org)

    def find(self, text: str):
        key = text.replace("／", "/").replace(" / ", "/").strip()
        found = self.by_key.get(key, [])
        if not found:
            raise ValidationError({"org": [_("单位“%(name)s”不存在、已停用或不在您的管理范围内") % {"name": text}]})
        if len(found) > 1:
            message = _("有多个名为“%(name)s”的单位，请写成“上级组织名称/%(name)s”") % {"name": text}
            raise ValidationError({"org": [message]})
        return found[0]


class _PostIndex:
    """The active posts of the user's scope by (unit, kind name), loaded in one query for the whole file.
    A row takes the earliest-vacant post of its kind at its unit (like a hire, recruitment._employment_wiring);
    the posts taken by earlier rows of the file are no longer vacant for later rows."""

    def __init__(self, by):
        from unionsw.employment.selectors import post_list_visible_to

        posts = (
            post_list_visible_to(by)
            .filter(is_active=True)
            .select_related("kind", "holder")
            .order_by("vacant_since", "pk")
        )
        self.by_key: dict[tuple[int, str], list] = {}
        for post in posts:
            self.by_key.setdefault((post.unit_id, post.kind.name), []).append(post)
        self.taken: dict[int, int] = {}  # post id → the file row that takes it

    def take(self, row: int, unit, name: str):
        posts = self.by_key.get((unit.pk, name), [])
        if not posts:
            message = _("%(unit)s没有“%(post)s”岗位：请先在“岗位与空缺”中设置，或从下拉列表选择岗位类别")
            raise ValidationError({"post": [message % {"unit": unit.name, "post": name}]})
        for post in posts:
            if post.holder_id is None and post.pk not in self.taken:
                self.taken[post.pk] = row
                return post
        held = [p for p in posts if p.holder_id is not None]
        if held and len(held) == len(posts):
            holders = "、".join(p.holder.name for p in held)
            message = _("%(unit)s的“%(post)s”已有在岗社工（%(holders)s），一个岗位同一时间只能由一人在岗")
            raise ValidationError({"post": [message % {"unit": unit.name, "post": name, "holders": holders}]})
        rows = "、".join(str(r) for pk, r in self.taken.items() if any(p.pk == pk for p in posts))
        message = _("%(unit)s的“%(post)s”空缺岗位已由本文件第 %(rows)s 行安排，没有剩余空缺")
        raise ValidationError({"post": [message % {"unit": unit.name, "post": name, "rows": rows}]})


CONTRACT_COLUMNS = ("contract_kind", "contract_start", "contract_end", "contract_employer", "contract_signed_on")


def _contract_of(by, values: dict, org) -> tuple[dict | None, dict[str, list[str]]]:
    """The row's contract (or None when its columns are blank) and its errors, checked by the rules the
    contract service applies (employment.rules), so that phase 2 does not fail on them."""
    from unionsw.employment import rules as employment_rules
    from unionsw.employment.models import TermType

    if not any(values.get(k) for k in CONTRACT_COLUMNS):
        return None, {}
    errors: dict[str, list[str]] = {}
    if not by.can("contract.manage"):
        return None, {"contract_start": [_("您没有拟订合同的权限，合同各列请留空")]}
    start, end = values.get("contract_start"), values.get("contract_end")
    term_type = TermType.OPEN if end == OPEN_ENDED else TermType.FIXED
    end = None if end == OPEN_ENDED else end
    if start is None:
        errors["contract_start"] = [_("填写合同信息时请填写合同起始日期")]
    elif end is None and term_type == TermType.FIXED:
        errors["contract_end"] = [_("请填写合同终止日期（无固定期限合同填“%(open)s”）") % {"open": OPEN_ENDED}]
    else:
        for field, message in employment_rules.validate_period(start, end, term_type).items():
            errors[{"starts_on": "contract_start", "ends_on": "contract_end"}[field]] = [message]
    mode = values.get("employment_mode")
    kind = values.get("contract_kind") or (employment_rules.contract_kind_for(mode) if mode else None)
    if mode and kind != employment_rules.contract_kind_for(mode):
        errors["contract_kind"] = [
            _("返聘人员签订劳务协议") if mode == EmploymentMode.REHIRED else _("公开招聘、购买服务、公益性岗位人员签订劳动合同")
        ]
    if (values.get("status") or WorkerStatus.ACTIVE) != WorkerStatus.ACTIVE:
        errors["contract_start"] = [_("不在岗的社工不能新订合同，合同各列请留空")]
    signed = values.get("contract_signed_on")
    if signed is not None:
        if signed > timezone.localdate():
            errors["contract_signed_on"] = [_("签订日期不能晚于今天")]
        elif (
            kind == ContractKind.SERVICE
            and "contract_kind" not in errors
            and org is not None
            and isinstance(start, date)
            and effective_policy(org, on=start).get("rehired_accident_insurance")
        ):
            # the agreement takes effect only once the accident insurance is bought (contract_sign); the import records none
            errors.setdefault("contract_signed_on", []).append(
                _("返聘人员须先登记商业意外险，劳务协议方可生效：签订日期请留空，导入后在“合同与岗位”页登记保险再签订")
            )
    employer = values.get("contract_employer") or ""
    contract = {"kind": kind, "start": start, "end": end, "term_type": term_type, "employer": employer, "signed_on": signed}
    return contract, errors


def import_worker_rows(
    *, by, rows: list[tuple[int, dict]], filename: str = "", progress: Callable[[int, int, str], None] | None = None
) -> ImportResult:
    if not (by.can("worker.import") and by.can("worker.change")):
        raise NotAllowed(_("您没有导入社工的权限"))
    cols = columns()
    orgs = _OrgIndex(by)
    posts = None  # loaded at the first row that names a post

    def validate(row: int, values: dict) -> dict:
        data = dict(values)
        errors: dict[str, list[str]] = {}
        try:
            data["org"] = orgs.find(values["org"]) if values["org"] else None
        except ValidationError as exc:
            data["org"], errors = None, exc.message_dict
        cert = _certificate_of(values)
        for key in (*CERT_FIELDS, "post", "post_on", *CONTRACT_COLUMNS):
            data.pop(key, None)
        post_name, post_on = values.get("post"), values.get("post_on")
        if post_name:
            data["post_title"] = post_name  # post_fill writes the post's kind; the record says so from the start
        try:
            services.validate_worker_input(by=by, data=data)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                if field not in errors:  # "请选择岗位所在单位" adds nothing to "单位…不存在"
                    errors[field] = messages
        if cert is not None:
            errors.update(_certificate_errors(cert))
        post = None
        if post_name or post_on:
            post, post_errors = _post_of(row, values, data["org"], post_name, post_on)
            errors.update(post_errors)
        contract, contract_errors = _contract_of(by, values, data["org"])
        errors.update(contract_errors)
        if errors:
            raise ValidationError(errors)
        data["_certificate"] = cert
        data["_post"] = (post, post_on or values.get("hired_on")) if post else None
        data["_contract"] = contract
        return data

    def _post_of(row: int, values: dict, unit, name, on) -> tuple:
        nonlocal posts
        if not by.can("post.manage"):
            return None, {"post": [_("您没有安排到岗的权限，到岗岗位请留空")]}
        if not name:
            return None, {"post": [_("填写到岗日期时请填写到岗岗位")]}
        errors: dict[str, list[str]] = {}
        hired = values.get("hired_on")
        if on and hired and on < hired:
            errors["post_on"] = [_("到岗日期不能早于入职日期 %(date)s") % {"date": f"{hired:%Y-%m-%d}"}]
        if (values.get("status") or WorkerStatus.ACTIVE) != WorkerStatus.ACTIVE:
            errors["post"] = [_("不在岗的社工不能安排到岗，到岗岗位请留空")]
        if unit is None or errors:
            return None, errors  # the unit's own error is reported on its column
        if posts is None:
            posts = _PostIndex(by)
        try:
            post = posts.take(row, unit, name)
        except ValidationError as exc:
            return None, exc.message_dict
        if post.rank_band and values.get("employment_mode") == EmploymentMode.REHIRED:
            posts.taken.pop(post.pk, None)
            return None, {"post": [_("返聘人员不纳入岗位等级序列，不能聘任到定级岗位（请选择不定级岗位）")]}
        return post, {}

    def write(row: int, data: dict) -> None:
        from unionsw.employment import services as employment

        cert, post, contract = data.pop("_certificate", None), data.pop("_post", None), data.pop("_contract", None)
        why = f"Excel导入（{filename or '未命名文件'} 第{row}行）"
        worker = services.worker_create(by=by, data=data, reason=why)
        if cert is not None:
            services.certificate_add(by=by, worker=worker, **cert)
        if post is not None:
            try:
                # the single-holder rule: a post filled since phase 1 is a lost race (FILL_CONFLICT), reported on the cell
                employment.post_fill(by=by, post=post[0], worker=worker, on=post[1], reason=why)
            except ValidationError as exc:
                raise ValidationError({"post": exc.messages}) from None
        if contract is not None:
            signed = contract.pop("signed_on")
            made = employment.contract_draft_create(
                by=by, worker=worker, post=post[0] if post else None, reason=why, **contract
            )
            if signed is not None:
                employment.contract_sign(by=by, contract=made, signed_on=signed)

    def finish(result: ImportResult) -> None:  # inside the write transaction
        audit(by=by, action="worker.import", detail={"file": filename, "rows": len(rows), "created": result.created})

    result = excel.run_import(rows=rows, columns=cols, validate=validate, write=write, progress=progress, finish=finish)
    if result.errors:
        audit(
            by=by,
            action="worker.import",
            result="failed",
            detail={"file": filename, "rows": len(rows), "errors": len(result.errors)},
        )
    return result


def import_workers(*, by, fileobj, filename: str | None = None, progress=None) -> ImportResult:
    """All-or-nothing import of one file: errors → nothing written. A file that cannot be read at all
    comes back as a single error on row 0 (with the Chinese reason) so callers need handle one shape."""
    if not (by.can("worker.import") and by.can("worker.change")):
        raise NotAllowed(_("您没有导入社工的权限"))
    filename = filename if filename is not None else getattr(fileobj, "name", "") or ""
    try:
        rows = read_worker_rows(fileobj)
    except excel.ExcelFormatError as exc:
        audit(by=by, action="worker.import", result="failed", detail={"file": filename, "reason": exc.messages[0]})
        return ImportResult(created=0, errors=[RowError(0, "", exc.messages[0])])
    return import_worker_rows(by=by, rows=rows, filename=filename, progress=progress)


EXPORT_HEADERS = [
    "姓名",
    "性别",
    "出生日期",
    "身份证号",
    "手机号",
    "民族",
    "政治面貌",
    "学历",
    "专业",
    "用工方式",
    "岗位所在单位",
    "岗位",
    "岗位等级",
    "现等级起始日期",
    "状态",
    "备案状态",
    "入职日期",
    "离职日期",
]


def _export_row(w: Worker) -> list:
    return [
        w.name,
        w.get_gender_display(),
        w.birth_date,
        w.id_number_masked,
        w.phone_masked,
        w.ethnicity,
        w.get_political_status_display(),
        w.get_education_display(),
        w.major,
        w.get_employment_mode_display(),
        w.org.name,
        w.post_title,
        w.rank,
        w.rank_since,
        w.get_status_display(),
        w.get_filing_status_display(),
        w.hired_on,
        w.left_on,
    ]


def export_queryset(*, by, queryset: QuerySet[Worker]) -> QuerySet[Worker]:
    """The rows an export will contain: the caller's (filtered) list, narrowed again to the scope."""
    return (
        queryset.filter(scope_q(by, org_field="org", self_field="user")).select_related("org").order_by("org__path", "name", "id")
    )


def export_workers(*, by, queryset: QuerySet[Worker], filename: str = "", filters: dict | None = None, progress=None) -> bytes:
    """The list as an .xlsx with ID number and phone masked (PIPL; revealing stays a per-record,
    audited action) and formula injection escaped. Audited with the count and the filters."""
    if not by.can("worker.export"):
        raise NotAllowed(_("您没有导出社工的权限"))
    qs = export_queryset(by=by, queryset=queryset)
    total = qs.count()
    report = (lambda n: progress(n, total, "export")) if progress else None
    content = excel.export_xlsx(
        EXPORT_HEADERS, (_export_row(w) for w in qs.iterator(chunk_size=2000)), sheet_title="社工名单", progress=report
    )
    audit(
        by=by,
        action="worker.export",
        detail={"file": filename, "rows": total, "filters": {k: v for k, v in (filters or {}).items() if v}},
    )
    return content


def export_filename() -> str:
    return f"社工名单-{timezone.localtime():%Y%m%d-%H%M}.xlsx"
