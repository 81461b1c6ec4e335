"""Excel pages of the registry: template, import (all-or-nothing, as a job) and export of the current
filtered list. Large files run in the background with a progress page (core.jobs)."""

from __future__ import annotations

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from unionsw.core import jobs
from unionsw.core.decorators import permission_required
from unionsw.core.excel import xlsx_response
from unionsw.core.views_jobs import excel_import_page

from . import excel
from .views import _filters, _search


@require_GET
@permission_required("worker.import")
def import_template(request):
    return xlsx_response(excel.worker_template(by=request.user), "社工信息导入模板.xlsx")


@permission_required("worker.import")
def import_page(request):
    return excel_import_page(
        request,
        kind="worker_import",
        label="导入社工",
        what="社工信息",
        action="worker.import",
        read_rows=excel.read_worker_rows,
        import_rows=excel.import_worker_rows,
        back_url=reverse("workers:import"),
        template="workers/import.html",
        refused=None if request.user.can("worker.change") else gettext("您没有新增社工的权限，不能导入"),
    )


@require_GET
@permission_required("worker.export")
def export(request):
    """Export exactly the list the user is looking at (same filters, same scope), masked."""
    f = _filters(request)
    qs = excel.export_queryset(by=request.user, queryset=_search(request, f))
    total = qs.count()
    filename = excel.export_filename()
    if not jobs.is_large(total, "export"):
        return xlsx_response(excel.export_workers(by=request.user, queryset=qs, filename=filename, filters=f), filename)
    from . import jobs as worker_jobs  # noqa: F401 — registers "workers.export"

    job = jobs.job_enqueue(
        by=request.user,
        task="workers.export",
        args={"filters": f, "filename": filename},
        kind="worker_export",
        label="导出社工",
        total=total,
        direction="export",
        back_url=f"{reverse('workers:list')}?{request.GET.urlencode()}",
    )
    return redirect("core:job", pk=job.pk)
