"""`/api/v1/workers`: the real-name registry over the same selectors and services as the pages.

Order of checks: token (401) → the permission the page checks up front (403) → scope (404, the same
for an id that does not exist) → body (400) → the service, which re-checks permission and scope and
applies the rules (400 with one message per field, 409 for a stale edit). Reveal, like the page,
leaves the permission to the service, which audits a refused attempt. Operations that take an id
read their JSON body only after the object is loaded, so an object outside the caller's scope is a
404 whatever is sent.
"""

from __future__ import annotations

import zipfile
from datetime import date
from typing import Literal

import pydantic
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Field, File, Path, Query, Router, Schema, Status
from ninja.files import UploadedFile
from openpyxl.utils.exceptions import InvalidFileException

from unionsw.core.errors import NotAllowed
from unionsw.core.request_body import Strict, documented_body, parse_body
from unionsw.core.scope import visible_orgs

from . import selectors, services
from .models import Education, EmploymentMode, FilingStatus, PoliticalStatus, Worker, WorkerStatus

PREFIX = "workers"
router = Router(tags=["社工"])

MAX_ID = 2**63 - 1
MAX_PAGE_SIZE = 100
MAX_IMPORT_BYTES = 10 * 1024 * 1024

PoliticalCode = Literal[tuple(PoliticalStatus.values)]
# filters: "" means no filter
AnyStatus = Literal[("", *WorkerStatus.values)]
AnyMode = Literal[("", *EmploymentMode.values)]
AnyFiling = Literal[("", *FilingStatus.values)]
EducationCode = Literal[tuple(Education.values)]
ModeCode = Literal[tuple(EmploymentMode.values)]
StatusCode = Literal[tuple(WorkerStatus.values)]


# ---- output ----------------------------------------------------------------------------------


class OrgRef(Schema):
    id: int
    name: str


class WorkerOut(Schema):
    id: int
    name: str
    gender: str
    gender_display: str
    birth_date: date
    id_number_masked: str = Field(..., description="脱敏的身份证号；完整号码用 POST /{id}/reveal 查看（留痕）")
    phone_masked: str
    ethnicity: str
    political_status: str
    political_status_display: str
    education: str
    education_display: str
    major: str
    employment_mode: str
    employment_mode_display: str
    org: OrgRef
    post_title: str
    rank: str
    rank_since: date | None
    status: str
    status_display: str
    filing_status: str
    filing_status_display: str
    filed_at: date | None
    hired_on: date
    left_on: date | None
    version: int = Field(..., description="修改时原样带回，用于发现并发修改")


class CertificateOut(Schema):
    level: str
    level_display: str
    name: str
    number: str
    issued_on: date
    expires_on: date | None


class WorkerDetail(WorkerOut):
    certificates: list[CertificateOut]


class WorkerPage(Schema):
    count: int
    results: list[WorkerOut]


class Message(Schema):
    detail: str


class FieldError(Schema):
    field: str
    message: str


class Invalid(Schema):
    detail: str
    errors: list[FieldError] = []


def _out(w: Worker) -> dict:
    data = {f: getattr(w, f) for f in WorkerOut.model_fields if f != "org" and not f.endswith("_display")}
    for f in ("gender", "political_status", "education", "employment_mode", "status", "filing_status"):
        data[f"{f}_display"] = getattr(w, f"get_{f}_display")()
    data["id"] = w.pk
    data["org"] = {"id": w.org_id, "name": w.org.name}
    return data


def _detail(w: Worker) -> dict:
    certs = [
        {
            "level": c.level,
            "level_display": c.get_level_display(),
            "name": c.name,
            "number": c.number,
            "issued_on": c.issued_on,
            "expires_on": c.expires_on,
        }
        for c in w.certificates.all()
    ]
    return _out(w) | {"certificates": certs}


# ---- input -----------------------------------------------------------------------------------


class WorkerFilters(Strict):
    model_config = pydantic.ConfigDict(extra="ignore")

    q: str = Field("", max_length=50, description="姓名（包含）或完整身份证号（精确）")
    org: int | None = Field(None, ge=1, le=MAX_ID, description="组织 id：该组织及其下级；不在管理范围内的组织得到空列表")
    rank: str = Field("", max_length=20)
    status: AnyStatus = ""
    employment_mode: AnyMode = ""
    filing_status: AnyFiling = ""
    page: int = Field(1, ge=1, description="页码，从 1 开始；超出末页时 results 为空")
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


class WorkerCreate(Strict):
    name: str = Field(..., max_length=50)
    id_number: str = Field(..., max_length=32, description="18 位居民身份证号；出生日期、性别由此得出")
    phone: str = Field("", max_length=20)
    ethnicity: str = Field("汉族", max_length=20)
    political_status: PoliticalCode
    education: EducationCode
    major: str = Field("", max_length=100)
    employment_mode: ModeCode
    org: int = Field(..., ge=1, le=MAX_ID, description="岗位所在单位（组织 id）")
    post_title: str = Field("", max_length=50)
    rank: str = Field("", max_length=20, description="岗位等级，须在适用政策的等级序列中")
    rank_since: date | None = None
    status: StatusCode = "active"
    hired_on: date
    left_on: date | None = None
    override_reason: str = Field(
        "", max_length=300, description="破例理由：仅当“原则上”不再新招录公益性岗位人员的规定须突破时（须有破例权限）"
    )


class WorkerPatch(Strict):
    """Only the fields sent are changed. `version` is the one read before editing; `reason` is recorded."""

    version: int = Field(..., ge=1, le=2**31 - 1)
    reason: str = Field(..., max_length=200, description="变更原因（记入档案变更记录）")
    name: str = Field(None, max_length=50)
    phone: str = Field(None, max_length=20, description="空字符串表示清除")
    ethnicity: str = Field(None, max_length=20)
    political_status: PoliticalCode = None
    education: EducationCode = None
    major: str = Field(None, max_length=100)
    employment_mode: ModeCode = None
    org: int = Field(None, ge=1, le=MAX_ID)
    post_title: str = Field(None, max_length=50)
    rank: str = Field(None, max_length=20)
    rank_since: date | None = None
    status: StatusCode = None
    hired_on: date = None
    left_on: date | None = None


class RevealIn(Strict):
    field: Literal["id_number", "phone"]


class RevealOut(Schema):
    field: str
    value: str


class ImportOk(Schema):
    created: int


class RowErrorOut(Schema):
    row: int
    column: str
    message: str


class ImportFailed(Schema):
    detail: str
    errors: list[RowErrorOut]


# ---- helpers ---------------------------------------------------------------------------------


def _require(request, code: str) -> None:
    if not request.user.can(code):
        raise NotAllowed()


def _load(request, id: int) -> Worker:
    return get_object_or_404(selectors.worker_list_visible_to(request.user).select_related("org"), pk=id)


NOT_VISIBLE = gettext_noop("所选单位不存在、已停用或不在您的管理范围内")


def _with_org(request, data: dict, call):
    """Swap the org id for a visible Org and run `call(data)`; an org id the caller cannot see gets
    the same message as one that does not exist, merged with the service's other messages."""
    missing = False
    if "org" in data:
        org = visible_orgs(request.user).filter(pk=data["org"]).first()
        missing = org is None
        data["org"] = org
    try:
        return call(data)
    except ValidationError as exc:
        if missing and hasattr(exc, "error_dict"):
            errors = exc.message_dict
            errors["org"] = [_(NOT_VISIBLE)]
            raise ValidationError(errors)
        raise


# ---- operations ------------------------------------------------------------------------------


@router.get("", response={200: WorkerPage, 400: Invalid}, summary="社工列表（分页、筛选）", url_name="worker_list")
def worker_list(request, filters: Query[WorkerFilters]):
    _require(request, "worker.view")
    f = filters
    qs = selectors.worker_search(
        request.user,
        q=f.q,
        org_id=f.org,
        rank=f.rank,
        status=f.status,
        employment_mode=f.employment_mode,
        filing_status=f.filing_status,
    )
    paginator = selectors.WorkerPaginator(qs, f.page_size)
    count = paginator.count
    rows = list(paginator.page(f.page)) if (f.page - 1) * f.page_size < count else []
    return {"count": count, "results": [_out(w) for w in rows]}


@router.post(
    "",
    response={201: WorkerDetail, 400: Invalid, 403: Message},
    summary="新增社工",
    url_name="worker_create",
)
def worker_create(request, body: WorkerCreate):
    _require(request, "worker.change")
    data = body.model_dump()
    worker = _with_org(request, data, lambda d: services.worker_create(by=request.user, data=d, reason="接口新增"))
    return Status(201, _detail(_load(request, worker.pk)))


@router.post(
    "/import",
    response={200: ImportOk, 400: ImportFailed, 403: Message},
    summary="从 Excel（.xlsx）导入社工：任何一行有误则不写入任何数据",
    url_name="worker_import",
)
def worker_import(request, file: File[UploadedFile]):
    _require(request, "worker.import")
    if file.size > MAX_IMPORT_BYTES:
        return Status(400, {"detail": _("文件不能超过 10 MB"), "errors": []})
    head = file.read(4)
    file.seek(0)
    if head != b"PK\x03\x04":
        return Status(400, {"detail": _("请上传 .xlsx 格式的 Excel 文件"), "errors": []})
    from unionsw.workers.excel import import_workers

    try:
        result = import_workers(by=request.user, fileobj=file)
    except (zipfile.BadZipFile, InvalidFileException):
        # a damaged workbook is bad input, not a server error
        return Status(400, {"detail": _("文件无法读取，请确认是未损坏的 .xlsx 文件"), "errors": []})
    if result.errors:
        return Status(
            400,
            {
                "detail": _("导入失败，未写入任何数据"),
                "errors": [{"row": e.row, "column": e.column, "message": e.message} for e in result.errors],
            },
        )
    return Status(200, {"created": result.created})


@router.get("/{id}", response={200: WorkerDetail, 404: Message}, summary="一名社工", url_name="worker_get")
def worker_get(request, id: int = Path(..., ge=1, le=MAX_ID)):
    worker = _load(request, id)
    if not (request.user.can("worker.view") or worker.user_id == request.user.pk):
        raise Http404  # as the page: a record in scope but not viewable is not confirmed to exist
    return _detail(worker)


@router.patch(
    "/{id}",
    response={200: WorkerDetail, 400: Invalid, 403: Message, 404: Message, 409: Message},
    summary="修改社工（只改所发送的字段；须带 version 和 reason）",
    url_name="worker_update",
    openapi_extra=documented_body(WorkerPatch, {"version": 1, "reason": "更正手机号", "phone": "13912345678"}),
)
def worker_update(request, id: int = Path(..., ge=1, le=MAX_ID)):
    _require(request, "worker.change")
    worker = _load(request, id)
    body = parse_body(request, WorkerPatch)
    data = body.model_dump(exclude_unset=True)
    version, reason = data.pop("version"), data.pop("reason")
    _with_org(
        request,
        data,
        lambda d: services.worker_update(by=request.user, worker=worker, data=d, version=version, reason=reason),
    )
    return _detail(_load(request, id))


@router.post(
    "/{id}/reveal",
    response={200: RevealOut, 400: Invalid, 403: Message, 404: Message},
    summary="查看完整身份证号或手机号（留痕）",
    url_name="worker_reveal",
    openapi_extra=documented_body(RevealIn, {"field": "id_number"}),
)
def worker_reveal(request, id: int = Path(..., ge=1, le=MAX_ID)):
    worker = _load(request, id)
    body = parse_body(request, RevealIn)
    return {"field": body.field, "value": services.worker_reveal(by=request.user, worker=worker, field=body.field)}


@router.post(
    "/{id}/file",
    response={200: WorkerDetail, 400: Invalid, 403: Message, 404: Message},
    summary="备案（省总工会）：纳入全省统一管理",
    url_name="worker_file",
)
def worker_file(request, id: int = Path(..., ge=1, le=MAX_ID)):
    _require(request, "worker.file")
    worker = _load(request, id)
    services.worker_file(by=request.user, worker=worker)
    return _detail(_load(request, id))


# ---- certificates (issue 9) --------------------------------------------------------------------

CertLevelCode = Literal[("assistant", "social_worker", "senior", "other")]


class CertificateRecord(Schema):
    id: int
    worker: int = Field(..., alias="worker_id")
    level: str
    level_display: str
    name: str
    number: str
    issued_on: date
    expires_on: date | None
    registered_on: date | None
    registration_number: str
    ended_on: date | None
    end_reason: str
    scan: int | None = Field(None, alias="scan_id")

    @staticmethod
    def resolve_level_display(obj):
        return obj.get_level_display()


class CertificateIn(Strict):
    level: CertLevelCode
    name: str = Field("", max_length=100)
    number: str = Field("", max_length=50)
    issued_on: date
    expires_on: date | None = None
    registered_on: date | None = None
    registration_number: str = Field("", max_length=50)


class CertificatePatch(Strict):
    level: CertLevelCode = None
    name: str = Field(None, max_length=100)
    number: str = Field(None, max_length=50)
    issued_on: date = None
    expires_on: date | None = None
    registered_on: date | None = None
    registration_number: str = Field(None, max_length=50)


class CertificateEndIn(Strict):
    ended_on: date
    reason: str = Field(..., min_length=1, max_length=200)


def _certificate(request, id: int):
    return get_object_or_404(selectors.certificate_list_visible_to(request.user).select_related("worker__org"), pk=id)


# ---- certificates the worker enters; the county reviews them (issue 9). Registered before the
# /{id}/certificates and /certificates/{id} routes so that "me" and "pending" are not read as ids.


class SelfCertificateRecord(CertificateRecord):
    issuer: str
    status: str
    status_display: str
    review_reason: str

    @staticmethod
    def resolve_status_display(obj):
        return obj.get_status_display()


class CertificateReviewIn(Strict):
    decision: Literal["confirm", "return"]
    reason: str = Field("", max_length=200)


@router.get("/me/certificates", response={200: list[SelfCertificateRecord], 403: Message}, summary="本人证书（含审核状态）", url_name="me_certificate_list")
def me_certificate_list(request):
    _require(request, "certificate.self")
    worker = selectors.self_worker(request.user)
    return list(worker.certificates.order_by("-issued_on", "-pk")) if worker else []


@router.post(
    "/me/certificates",
    response={201: SelfCertificateRecord, 400: Invalid, 403: Message},
    summary="社工填报本人证书（multipart：level、name、number、issuer、issued_on，可附 scan 扫描件），待县级审核",
    url_name="me_certificate_submit",
)
def me_certificate_submit(request, scan: UploadedFile | None = File(None)):  # noqa: B008
    _require(request, "certificate.self")
    from unionsw.core.parsing import parse_date

    data = request.POST
    issued_on = parse_date(data.get("issued_on", ""), field="issued_on", label="取得日期", required=True)
    cert = services.certificate_submit(
        by=request.user,
        level=data.get("level", ""),
        name=data.get("name", "")[:100],
        number=data.get("number", "")[:50],
        issuer=data.get("issuer", "")[:101],
        issued_on=issued_on,
        scan=scan,
    )
    return Status(201, cert)


@router.get(
    "/certificates/pending",
    response={200: list[SelfCertificateRecord], 403: Message},
    summary="待审核的社工自报证书（管辖范围内，最多 500 条）",
    url_name="certificate_pending",
)
def certificate_pending(request):
    _require(request, "certificate.manage")
    return list(selectors.certificate_list_visible_to(request.user).filter(status="pending").order_by("pk")[:500])


@router.post(
    "/certificates/{id}/review",
    response={200: SelfCertificateRecord, 400: Invalid, 403: Message, 404: Message, 409: Message},
    summary="确认或退回社工自报证书（退回须写原因）",
    url_name="certificate_review",
    openapi_extra=documented_body(CertificateReviewIn, {"decision": "return", "reason": "证书编号与扫描件不符"}),
)
def certificate_review(request, id: int = Path(..., ge=1, le=MAX_ID)):
    _require(request, "certificate.manage")
    cert = _certificate(request, id)
    body = parse_body(request, CertificateReviewIn)
    return services.certificate_review(by=request.user, certificate=cert, decision=body.decision, reason=body.reason)



@router.get(
    "/{id}/certificates", response={200: list[CertificateRecord], 404: Message}, summary="一名社工的证书", url_name="certificate_list"
)
def certificate_list(request, id: int = Path(..., ge=1, le=MAX_ID)):
    worker = _load(request, id)
    if not (request.user.can("worker.view") or worker.user_id == request.user.pk):
        raise Http404
    return list(worker.certificates.all())


@router.post(
    "/{id}/certificates",
    response={201: CertificateRecord, 400: Invalid, 403: Message, 404: Message},
    summary="新增证书（扫描件请在页面上传，归入个人档案）",
    url_name="certificate_create",
    openapi_extra=documented_body(CertificateIn, {"level": "assistant", "number": "A2021001", "issued_on": "2021-06-01"}),
)
def certificate_create(request, id: int = Path(..., ge=1, le=MAX_ID)):
    _require(request, "worker.change")
    worker = _load(request, id)
    body = parse_body(request, CertificateIn)
    cert = services.certificate_add(by=request.user, worker=worker, **body.model_dump())
    return Status(201, cert)


@router.get(
    "/certificates/{id}", response={200: CertificateRecord, 404: Message}, summary="一本证书", url_name="certificate_get"
)
def certificate_get(request, id: int = Path(..., ge=1, le=MAX_ID)):
    cert = _certificate(request, id)
    if not (request.user.can("worker.view") or cert.worker.user_id == request.user.pk):
        raise Http404
    return cert


@router.patch(
    "/certificates/{id}",
    response={200: CertificateRecord, 400: Invalid, 403: Message, 404: Message},
    summary="修改或续期证书（只改所发送的字段）",
    url_name="certificate_update",
    openapi_extra=documented_body(CertificatePatch, {"expires_on": "2031-06-01"}),
)
def certificate_update(request, id: int = Path(..., ge=1, le=MAX_ID)):
    _require(request, "worker.change")
    cert = _certificate(request, id)
    body = parse_body(request, CertificatePatch)
    return services.certificate_update(by=request.user, certificate=cert, data=body.model_dump(exclude_unset=True))


@router.post(
    "/certificates/{id}/end",
    response={200: CertificateRecord, 400: Invalid, 403: Message, 404: Message},
    summary="终止证书（记录保留）",
    url_name="certificate_end",
    openapi_extra=documented_body(CertificateEndIn, {"ended_on": "2026-12-01", "reason": "注销"}),
)
def certificate_end(request, id: int = Path(..., ge=1, le=MAX_ID)):
    _require(request, "worker.change")
    cert = _certificate(request, id)
    body = parse_body(request, CertificateEndIn)
    return services.certificate_end(by=request.user, certificate=cert, ended_on=body.ended_on, reason=body.reason)

