import csv
import io
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET
from openpyxl import Workbook

from unionsw.core import audit_labels, parsing
from unionsw.core.audit import audit
from unionsw.core.decorators import permission_required
from unionsw.core.menu import menu_for
from unionsw.core.models import AuditEvent
from unionsw.core.scope import scope_q, visible_orgs


def home(request):
    """Workers land on their own record, administrators on the dashboard of their scope."""
    user = request.user
    if user.can("dashboard.view"):
        return redirect("stats:dashboard")  # a URL name, not an import: core stays the ground floor
    if user.can("self.view"):
        return redirect("workers:me")
    for _, items in menu_for(user):
        for item in items:
            return redirect(item.url_name)
    return redirect("accounts:profile")


AUDIT_FILTERS = ("actor", "action", "target", "result", "date_from", "date_to")
# the export is an official record: its headers and names stay Chinese (issue 12)
AUDIT_COLUMNS = ["序号", "时间", "账号", "所属组织", "IP", "操作代码", "操作", "对象类型", "对象ID", "对象", "结果", "详情", "哈希"]
XLSX_MAX_ROWS = 200_000  # an Excel sheet holds 1,048,576 rows; CSV has no limit


def audit_events_visible_to(user):
    """The auditor's data scope applies to the trail too: events by accounts of orgs in scope.
    Events without an account (failed logins, commands) belong to no org and are seen only by an
    auditor whose scope includes a top-level org (the province)."""
    q = scope_q(user, org_field="actor__org")
    if visible_orgs(user).filter(parent__isnull=True).exists():
        q |= Q(actor__isnull=True)
    return AuditEvent.objects.filter(q)


def _audit_filtered(user, f: dict):
    qs = audit_events_visible_to(user)
    if f["actor"]:
        qs = qs.filter(actor_name__contains=f["actor"])
    if f["action"]:
        # a code prefix (worker.reveal, contract.) or a name, Chinese or as the page shows it: every code whose name contains it
        wanted = f["action"].lower()
        codes = [code for code, name in audit_labels.known_actions() if wanted in name or wanted in str(name).lower()]
        qs = qs.filter(Q(action__startswith=f["action"]) | Q(action__in=codes) | Q(detail__label__icontains=f["action"]))
    if f["target"]:
        qs = qs.filter(target_repr__contains=f["target"])
    if f["result"]:
        qs = qs.filter(result=f["result"])
    if f["date_from"]:
        qs = qs.filter(at__date__gte=f["date_from"])
    if f["date_to"]:
        qs = qs.filter(at__date__lte=f["date_to"])
    return qs


def _audit_row(e: AuditEvent) -> list:
    return [
        e.id,
        timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"),
        e.actor_name,
        e.org_name,
        e.ip,
        e.action,
        audit_labels.label(e.action, e.detail),
        e.target_type,
        e.target_id,
        e.target_repr,
        e.get_result_display(),
        json.dumps(e.detail, ensure_ascii=False, sort_keys=True) if e.detail else "",
        e.hash,
    ]


def _safe_cell(value):
    """Neutralise spreadsheet formulas (CSV/formula injection) in exported text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


class _Echo:
    def write(self, value):
        return value


def _audit_export(request, f: dict, fmt: str):
    qs = _audit_filtered(request.user, f).order_by("id")
    total = qs.count()
    if fmt == "xlsx" and total > XLSX_MAX_ROWS:
        messages.error(
            request,
            gettext("符合条件的记录有 %(total)s 条，超过 Excel 导出上限 %(limit)s 条，请缩小范围或导出 CSV")
            % {"total": total, "limit": XLSX_MAX_ROWS},
        )
        query = request.GET.copy()
        query.pop("format", None)
        return redirect(f"{request.path}?{query.urlencode()}")
    # the export is itself audited (SPEC §14: every sensitive read), before the file leaves
    audit(
        by=request.user,
        action="audit.export",
        detail={"format": fmt, "rows": total, "filters": {k: v for k, v in f.items() if v}},
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    if fmt == "csv":
        writer = csv.writer(_Echo())

        def rows():
            yield "\ufeff"  # BOM so that Excel opens UTF-8 Chinese correctly
            yield writer.writerow(AUDIT_COLUMNS)
            for e in qs.iterator(chunk_size=2000):
                yield writer.writerow([_safe_cell(v) for v in _audit_row(e)])

        response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
        return response
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("审计日志")
    sheet.append(AUDIT_COLUMNS)
    for e in qs.iterator(chunk_size=2000):
        sheet.append([_safe_cell(v) for v in _audit_row(e)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.xlsx"'
    return response


@require_GET
@permission_required("audit.view")
def audit_list(request):
    """The audit trail for the 安全审计员: read and export only. There is no route that changes or
    deletes an event, and the model refuses it (core/models.py)."""
    f = {k: request.GET.get(k, "").strip() for k in AUDIT_FILTERS}
    for key in ("date_from", "date_to"):
        if f[key] and parse_date_safe(f[key]) is None:
            messages.error(request, gettext("日期格式不正确，应为 年-月-日"))
            f[key] = ""
    fmt = request.GET.get("format", "")
    if fmt in ("csv", "xlsx"):
        return _audit_export(request, f, fmt)
    page = Paginator(_audit_filtered(request.user, f), 50).get_page(request.GET.get("page"))
    for e in page.object_list:
        e.action_label = audit_labels.display_label(e.action, e.detail)
    return render(
        request,
        "core/audit_list.html",
        {"page": page, "f": f, "results": AuditEvent.Result.choices, "actions": audit_labels.known_actions()},
    )


def parse_date_safe(text: str):
    """A filter's date: an impossible or malformed one is ignored (the filter is not applied)."""
    try:
        return parsing.parse_date(text)
    except ValidationError:
        return None


@login_not_required
def healthz(request):
    """Load balancers poll this: 200 when the database, the cache and the job queue answer, else 503."""
    from .observability import health

    ok, checks = health()
    response = JsonResponse({"status": "ok" if ok else "error", "checks": checks}, status=200 if ok else 503)
    response["Cache-Control"] = "no-store"
    return response


def not_found(request, exception=None):
    raise Http404
