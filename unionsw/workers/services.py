"""Writes to the registry: keyword-only, one transaction each, audited inside."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from unionsw.core import crypto, idnumber
from unionsw.core.audit import audit
from unionsw.core.errors import NotAllowed, OutOfScope, StaleVersion
from unionsw.core.masking import mask_id_number, mask_phone
from unionsw.core.scope import org_in_scope
from unionsw.core.uploads import check_upload, open_stored
from unionsw.orgs.policy import effective_policy, soft_hint, soft_override_reason

from . import rules
from .models import (
    Certificate,
    CertificateStatus,
    Document,
    EmploymentMode,
    FilingStatus,
    PoliticalStatus,
    Worker,
    WorkerStatus,
)

# Fields a person types; everything else on Worker is derived or managed by its own service.
EDITABLE_FIELDS = [
    "name",
    "phone",
    "ethnicity",
    "political_status",
    "education",
    "major",
    "employment_mode",
    "org",
    "post_title",
    "rank",
    "rank_since",
    "status",
    "hired_on",
    "left_on",
]


@dataclass
class WorkerInput:
    """Validated, normalised input for one worker (from a form, an API body or an Excel row)."""

    name: str
    id_number: str
    phone: str
    ethnicity: str
    political_status: str
    education: str
    major: str
    employment_mode: str
    org: object
    post_title: str
    rank: str
    rank_since: date | None
    status: str
    hired_on: date
    left_on: date | None = None
    override_reason: str | None = None  # a soft rule broken with a written reason (new hires only)


def validate_worker_input(*, by, data: dict, existing: Worker | None = None) -> WorkerInput:
    """Check one worker's fields; raise ValidationError({field: [Chinese message]}) listing every problem."""
    errors: dict[str, list[str]] = {}

    def err(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    name = (data.get("name") or "").strip()
    if not name:
        err("name", _("请填写姓名"))
    elif len(name) > 50:
        err("name", _("姓名不超过50个字"))

    id_number = ""
    if existing is None:
        try:
            id_number = idnumber.parse(data.get("id_number") or "").number
        except idnumber.InvalidIdNumber as exc:
            err("id_number", str(exc))
        else:
            if Worker.objects.filter(id_number_index=crypto.blind_index(id_number, purpose="id_number")).exists():
                err("id_number", _("该身份证号已登记在册，同一人只能有一条记录"))

    phone = rules.normalize_phone(data.get("phone") or "")
    if phone and not rules.phone_valid(phone):
        err("phone", _("手机号应为11位数字，以1开头"))

    political_status = data.get("political_status") or ""
    if political_status not in PoliticalStatus.values:
        err("political_status", _("请选择政治面貌"))
    education = rules.education_value(data.get("education") or "") or ""
    if not education:
        err("education", _("请选择学历（大专、本科、硕士研究生、博士研究生）"))
    employment_mode = data.get("employment_mode") or ""
    if employment_mode not in EmploymentMode.values:
        err("employment_mode", _("请选择用工方式"))
    status = data.get("status") or WorkerStatus.ACTIVE
    if status not in WorkerStatus.values:
        err("status", _("状态不正确"))

    org = data.get("org")
    if org is None:
        err("org", _("请选择岗位所在单位"))
    elif not org_in_scope(by, org) or not org.is_active:
        err("org", _("所选单位不存在、已停用或不在您的管理范围内"))

    hired_on = data.get("hired_on")
    if not isinstance(hired_on, date):
        err("hired_on", _("请填写入职日期（如 2024-03-01）"))
    elif hired_on > timezone.localdate():
        err("hired_on", _("入职日期不能晚于今天"))
    rank_since = data.get("rank_since")
    if rank_since is not None and not isinstance(rank_since, date):
        err("rank_since", _("日期格式应为 2024-03-01"))
    elif rank_since and isinstance(hired_on, date) and rank_since < hired_on:
        err("rank_since", _("现等级起始日期不能早于入职日期"))
    left_on = data.get("left_on")
    if status != WorkerStatus.ACTIVE and not left_on:
        err("left_on", _("离岗状态须填写离职日期"))
    if left_on and isinstance(hired_on, date) and left_on < hired_on:
        err("left_on", _("离职日期不能早于入职日期"))

    rank = (data.get("rank") or "").strip()
    if org is not None and "org" not in errors:
        ladder = effective_policy(org).get("ladder")
        if employment_mode == EmploymentMode.REHIRED and rank:
            # seed 000: 返聘人员不执行…职业发展…制度 — they stand outside the ladder.
            err("rank", _("返聘人员不纳入岗位等级序列，岗位等级须留空"))
        elif not rules.rank_allowed(rank, ladder):
            allowed = "、".join(ladder) if ladder else _("（该单位适用的政策未规定等级序列，请留空）")
            err("rank", _("岗位等级须为：%(ranks)s") % {"ranks": allowed})

    override = None
    if existing is None and "org" not in errors and "hired_on" not in errors and org is not None:
        # seed 004: 原则上不再批准…新招录符合公益性岗位就业条件的人员 — judged by the policy of the hire date
        policy = effective_policy(org, on=hired_on)
        refusal = rules.public_welfare_hire_refusal(employment_mode, policy.get("public_welfare_hiring_barred"))
        if refusal:
            override = soft_override_reason(
                by=by, policy=policy, key="public_welfare_hiring_barred", reason=data.get("override_reason")
            )
            if override is None:
                err("employment_mode", refusal + soft_hint(policy, "public_welfare_hiring_barred"))

    if errors:
        raise ValidationError(errors)
    return WorkerInput(
        name=name,
        id_number=id_number,
        phone=phone,
        ethnicity=(data.get("ethnicity") or "汉族").strip(),
        political_status=political_status,
        education=education,
        major=(data.get("major") or "").strip(),
        employment_mode=employment_mode,
        org=org,
        post_title=(data.get("post_title") or "").strip(),
        rank=rank,
        rank_since=rank_since or (hired_on if rank else None),
        status=status,
        hired_on=hired_on,
        left_on=left_on,
        override_reason=override,
    )


def _apply(worker: Worker, value: WorkerInput) -> None:
    for field in EDITABLE_FIELDS:
        if field == "phone":
            continue
        setattr(worker, field, getattr(value, field))
    worker.phone_enc = crypto.encrypt(value.phone)
    worker.phone_index = crypto.blind_index(value.phone, purpose="phone")
    worker.phone_masked = mask_phone(value.phone)


def _require(by, code: str) -> None:
    if not by.can(code):
        raise NotAllowed()


@transaction.atomic
def worker_create(*, by, data: dict, reason: str = "新增") -> Worker:
    _require(by, "worker.change")
    value = validate_worker_input(by=by, data=data)
    info = idnumber.parse(value.id_number)
    worker = Worker(
        id_number_enc=crypto.encrypt(info.number),
        id_number_index=crypto.blind_index(info.number, purpose="id_number"),
        id_number_masked=mask_id_number(info.number),
        birth_date=info.birth_date,
        gender=info.gender,
    )
    _apply(worker, value)
    detail = {"org": value.org.name, "reason": reason}
    if value.override_reason:
        reason = f"{reason}（破例新招录公益性岗位人员：{value.override_reason}）"
        detail["soft_override"] = {"rule": "public_welfare_hiring_barred", "reason": value.override_reason}
    worker._change_reason = reason
    worker._history_user = by
    worker.full_clean(exclude=["id_number_index"])
    worker.save()
    audit(by=by, action="worker.create", target=worker, detail=detail)
    return worker


def worker_changes(worker: Worker, value: WorkerInput) -> dict[str, tuple]:
    changes = {}
    for field in EDITABLE_FIELDS:
        old = worker.phone if field == "phone" else getattr(worker, field)
        new = getattr(value, field)
        if old != new:
            changes[field] = (old, new)
    return changes


# Fields another app's write changes as its consequence, under that app's own permission: filling a post
# (employment.post_fill / post_transfer) moves the worker to the post's unit and title, so a role with
# post.manage alone fills posts (issue 12) without being able to edit anything else of the record.
CONSEQUENCE_FIELDS: dict[str, frozenset[str]] = {"post.manage": frozenset({"org", "post_title"})}


@transaction.atomic
def worker_update(
    *, by, worker: Worker, data: dict, version: int, reason: str, permission: str = "worker.change"
) -> Worker:
    """Change a worker. `version` is the one the editor saw: a stale edit is refused, never lost.
    `permission` other than worker.change is for other services (CONSEQUENCE_FIELDS): it may change only
    the fields listed for it."""
    if permission != "worker.change" and not set(data) <= CONSEQUENCE_FIELDS.get(permission, frozenset()):
        raise ValueError(f"{permission} may not change {sorted(set(data))}")
    _require(by, permission)
    if not org_in_scope(by, worker.org):
        raise OutOfScope()
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("请填写变更原因（记入档案变更记录）")]})
    merged = {f: (worker.phone if f == "phone" else getattr(worker, f)) for f in EDITABLE_FIELDS} | data
    value = validate_worker_input(by=by, data=merged, existing=worker)
    if Worker.objects.filter(pk=worker.pk, version=version).update(version=version + 1) != 1:
        raise StaleVersion()
    changes = worker_changes(worker, value)
    _apply(worker, value)
    worker.version = version + 1
    worker._change_reason = reason
    worker._history_user = by
    worker.save()
    audit(
        by=by,
        action="worker.update",
        target=worker,
        detail={"reason": reason, "fields": sorted(changes), "org": worker.org.name},
    )
    return worker


@transaction.atomic
def worker_file(*, by, worker: Worker, filed_on: date | None = None) -> Worker:
    """备案: the province records the worker into unified management (seed 000)."""
    _require(by, "worker.file")
    if not org_in_scope(by, worker.org):
        raise OutOfScope()
    if worker.filing_status == FilingStatus.FILED:
        raise ValidationError(_("该社工已备案"))
    worker.filing_status = FilingStatus.FILED
    worker.filed_at = filed_on or timezone.localdate()
    worker.version += 1
    worker._change_reason = "省总工会备案"
    worker._history_user = by
    worker.save(update_fields=["filing_status", "filed_at", "version", "updated_at"])
    audit(by=by, action="worker.file", target=worker)
    return worker


def worker_reveal(*, by, worker: Worker, field: str) -> str:
    """Return a sensitive field in clear, after checking the permission; every reveal is audited."""
    if field not in {"id_number", "phone"}:
        raise ValidationError(_("不支持的字段"))
    is_self = worker.user_id is not None and worker.user_id == by.pk
    if not (is_self or by.can("worker.reveal")):
        audit(by=by, action="worker.reveal", target=worker, result="denied", detail={"field": field})
        raise NotAllowed(_("您没有查看完整敏感信息的权限"))
    audit(by=by, action="worker.reveal", target=worker, detail={"field": field})
    return worker.id_number if field == "id_number" else worker.phone


CERTIFICATE_FIELDS = ["level", "name", "number", "issued_on", "expires_on", "registered_on", "registration_number"]


def _validate_certificate(worker: Worker, data: dict, existing: Certificate | None = None) -> dict:
    """Normalise and check one certificate's fields; ValidationError({field: [Chinese message]})."""
    from .models import CertificateLevel

    errors: dict[str, list[str]] = {}
    out = {f: getattr(existing, f) for f in CERTIFICATE_FIELDS} if existing else {}
    for key, value in data.items():
        if key in CERTIFICATE_FIELDS:
            out[key] = value.strip() if isinstance(value, str) else value
    for key in ("name", "number", "registration_number"):
        out[key] = out.get(key) or ""
    if out.get("level") not in CertificateLevel.values:
        errors["level"] = [_("请选择证书类别")]
    elif out["level"] == CertificateLevel.OTHER and not out["name"]:
        errors["name"] = [_("其他证书请填写证书名称")]
    if len(out["name"]) > 100:
        errors["name"] = [_("证书名称不超过 100 字")]
    for key, message in (("number", _("证书编号不超过 50 字")), ("registration_number", _("登记编号不超过 50 字"))):
        if len(out[key]) > 50:
            errors[key] = [message]
    issued = out.get("issued_on")
    if issued is None:
        errors["issued_on"] = [_("请填写取得日期")]
    elif issued > timezone.localdate():
        errors["issued_on"] = [_("取得日期不能晚于今天")]
    if issued and out.get("expires_on") and out["expires_on"] <= issued:
        errors["expires_on"] = [_("有效期至应晚于取得日期")]
    if issued and out.get("registered_on") and out["registered_on"] < issued:
        errors["registered_on"] = [_("登记日期不能早于取得日期")]
    if out.get("registration_number") and not out.get("registered_on"):
        errors["registered_on"] = [_("填写登记编号时请填写登记日期")]
    if not errors and out["number"]:
        clash = worker.certificates.filter(level=out["level"], number=out["number"], ended_on__isnull=True).exclude(
            status="returned"
        )
        if existing is not None:
            clash = clash.exclude(pk=existing.pk)
        if clash.exists():
            errors["number"] = [_("该社工已有此编号的同类证书")]
    if errors:
        raise ValidationError(errors)
    return {f: out.get(f) for f in CERTIFICATE_FIELDS}


def _certificate_scan(by, worker: Worker, cert: Certificate, scan) -> None:
    """The scan goes into the personnel file through the one document upload (size and type checked there)."""
    if scan is None:
        return
    cert.scan = document_upload(by=by, worker=worker, kind="certificate", title=f"{cert}扫描件"[:100], upload=scan)
    cert.save(update_fields=["scan"])


@transaction.atomic
def certificate_add(
    *,
    by,
    worker: Worker,
    level: str,
    issued_on: date,
    number: str = "",
    name: str = "",
    expires_on: date | None = None,
    registered_on: date | None = None,
    registration_number: str = "",
    scan=None,
) -> Certificate:
    _require(by, "worker.change")
    if not org_in_scope(by, worker.org):
        raise OutOfScope()
    values = _validate_certificate(
        worker,
        {
            "level": level,
            "issued_on": issued_on,
            "number": number,
            "name": name,
            "expires_on": expires_on,
            "registered_on": registered_on,
            "registration_number": registration_number,
        },
    )
    cert = Certificate(worker=worker, **values)
    cert._history_user = by
    cert.full_clean()
    cert.save()
    _certificate_scan(by, worker, cert, scan)
    audit(by=by, action="certificate.create", target=worker, detail={"certificate": str(cert), "number": cert.number})
    return cert


@transaction.atomic
def certificate_update(*, by, certificate: Certificate, data: dict, scan=None) -> Certificate:
    """Correct or renew a certificate (a renewal is a new expiry date; the history keeps the old one)."""
    _require(by, "worker.change")
    cert = Certificate.objects.select_for_update().select_related("worker__org").get(pk=certificate.pk)
    if not org_in_scope(by, cert.worker.org):
        raise OutOfScope()
    if cert.ended_on is not None:
        raise ValidationError(_("证书已终止，不能修改"))
    values = _validate_certificate(cert.worker, data, existing=cert)
    changed = {f: [str(getattr(cert, f) or ""), str(v or "")] for f, v in values.items() if getattr(cert, f) != v}
    for f, v in values.items():
        setattr(cert, f, v)
    cert._history_user = by
    cert.full_clean()
    cert.save()
    _certificate_scan(by, cert.worker, cert, scan)
    audit(by=by, action="certificate.update", target=cert.worker, detail={"certificate": str(cert), "changes": changed})
    return cert


@transaction.atomic
def certificate_end(*, by, certificate: Certificate, ended_on: date | None, reason: str) -> Certificate:
    """End a certificate (revoked, lapsed, replaced by a higher level): it stays in the record, marked ended."""
    _require(by, "worker.change")
    cert = Certificate.objects.select_for_update().select_related("worker__org").get(pk=certificate.pk)
    if not org_in_scope(by, cert.worker.org):
        raise OutOfScope()
    errors = {}
    reason = (reason or "").strip()
    if cert.ended_on is not None:
        raise ValidationError(_("证书已终止"))
    if ended_on is None:
        errors["ended_on"] = [_("请填写终止日期")]
    elif ended_on < cert.issued_on:
        errors["ended_on"] = [_("终止日期不能早于取得日期")]
    if not reason:
        errors["reason"] = [_("请填写终止原因")]
    elif len(reason) > 200:
        errors["reason"] = [_("终止原因不超过 200 字")]
    if errors:
        raise ValidationError(errors)
    cert.ended_on, cert.end_reason = ended_on, reason
    cert._history_user = by
    cert.save(update_fields=["ended_on", "end_reason"])
    audit(by=by, action="certificate.end", target=cert.worker, detail={"certificate": str(cert), "reason": reason})
    return cert


# ---- certificates the worker enters (issue 9): 待审核 until the county confirms or returns them ----------------

SELF_CERTIFICATE_FIELDS = ["level", "name", "number", "issued_on"]


def _self_worker(by) -> Worker:
    from .selectors import self_worker

    worker = self_worker(by)
    if worker is None:
        raise ValidationError(_("您的账号尚未关联社工档案，请联系所在县级工会"))
    return worker


@transaction.atomic
def certificate_submit(
    *, by, level: str, issued_on: date | None, number: str = "", name: str = "", issuer: str = "", scan=None
) -> Certificate:
    """A worker enters their own certificate; it counts nowhere until the county confirms it."""
    _require(by, "certificate.self")
    worker = _self_worker(by)
    values = _validate_certificate(worker, {"level": level, "issued_on": issued_on, "number": number, "name": name})
    issuer = (issuer or "").strip()
    if not issuer:
        raise ValidationError({"issuer": [_("请填写发证机关")]})
    if len(issuer) > 100:
        raise ValidationError({"issuer": [_("发证机关不超过 100 字")]})
    cert = Certificate(worker=worker, issuer=issuer, status=CertificateStatus.PENDING, **values)
    cert._history_user = by
    cert.full_clean()
    cert.save()
    if scan is not None:
        cert.scan = _store_document(by, worker, "certificate", f"{cert}扫描件（本人上传）"[:100], scan)
        cert.save(update_fields=["scan"])
    audit(
        by=by,
        action="certificate.submit",
        target=worker,
        detail={"certificate": str(cert), "number": cert.number, "issuer": issuer, "scan": cert.scan_id is not None},
    )
    return cert


@transaction.atomic
def certificate_review(*, by, certificate: Certificate, decision: str, reason: str = "") -> Certificate:
    """The county confirms a self-entered certificate (it then counts) or returns it with a reason."""
    _require(by, "certificate.manage")
    cert = Certificate.objects.select_for_update().select_related("worker__org").get(pk=certificate.pk)
    if not org_in_scope(by, cert.worker.org):
        raise OutOfScope()
    if cert.status != CertificateStatus.PENDING:
        raise StaleVersion()
    reason = (reason or "").strip()
    if decision not in ("confirm", "return"):
        raise ValidationError({"decision": [_("请选择确认或退回")]})
    if decision == "return" and not reason:
        raise ValidationError({"reason": [_("退回时请填写原因")]})
    if len(reason) > 200:
        raise ValidationError({"reason": [_("原因不超过 200 字")]})
    cert.status = CertificateStatus.CONFIRMED if decision == "confirm" else CertificateStatus.RETURNED
    cert.review_reason = reason
    cert._history_user = by
    cert.save(update_fields=["status", "review_reason"])
    audit(
        by=by,
        action="certificate.confirm" if decision == "confirm" else "certificate.return",
        target=cert.worker,
        detail={"certificate": str(cert), "number": cert.number, "reason": reason},
    )
    return cert


MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


@transaction.atomic
def document_upload(*, by, worker: Worker, kind: str, title: str, upload) -> Document:
    _require(by, "worker.document")
    if not org_in_scope(by, worker.org):
        raise OutOfScope()
    return _store_document(by, worker, kind, title, upload)


def _store_document(by, worker: Worker, kind: str, title: str, upload) -> Document:
    """The one bounded store of a personnel-file file (size before reading, type by its first bytes)."""
    checked = check_upload(upload, max_bytes=MAX_DOCUMENT_BYTES)
    doc = Document(
        worker=worker,
        kind=kind,
        title=title.strip() or upload.name[:100],
        content_type=checked.content_type,
        size=upload.size,
        uploaded_by=by,
    )
    upload.name = f"w{worker.pk}{checked.extension}"
    doc.file = upload
    doc.full_clean()
    doc.save()
    audit(by=by, action="document.upload", target=worker, detail={"document": doc.title, "kind": kind})
    return doc


def document_open(*, by, document: Document):
    """Open a personnel-file document for download; the download is audited."""
    audit(by=by, action="document.download", target=document.worker, detail={"document": document.title, "id": document.pk})
    return open_stored(document.file)
