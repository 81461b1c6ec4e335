"""Excel import of the org tree (组织架构): template and all-or-nothing upload, run as a job."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from unionsw.core import jobs
from unionsw.core.audit import audit
from unionsw.core.decorators import permission_required
from unionsw.core.excel import ExcelFormatError, upload_error, xlsx_response

from . import excel


@require_GET
@permission_required("org.manage")
def import_template(request):
    return xlsx_response(excel.org_template(), "组织架构导入模板.xlsx")


@permission_required("org.manage")
def import_page(request):
    error = None
    if request.method == "POST":
        error = upload_error(request)
        if error is None:
            upload = request.FILES["file"]
            try:
                rows = excel.read_org_rows(upload)
            except ExcelFormatError as exc:
                error = exc.messages[0]
                audit(by=request.user, action="org.import", result="failed", detail={"file": upload.name, "reason": error})
            else:
                user, name = request.user, upload.name

                def work(progress):
                    result = excel.import_org_rows(by=user, rows=rows, filename=name, progress=progress)
                    return jobs.import_outcome(result, what="组织")

                job = jobs.job_start(
                    by=user,
                    kind="org_import",
                    label="导入组织",
                    total=len(rows),
                    work=work,
                    source_name=name,
                    back_url=reverse("orgs:import"),
                )
                return redirect("core:job", pk=job.pk)
    recent = (
        jobs.job_list_visible_to(request.user)
        .filter(kind="org_import")
        .only("id", "label", "status", "total", "message", "source_name", "created_at")[:5]
    )
    return render(
        request,
        "orgs/import.html",
        {"error": error, "recent": recent, "inline_max": jobs.inline_max_rows()},
        status=400 if error else 200,
    )
