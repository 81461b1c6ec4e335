"""Excel import of the org tree (组织架构): template and all-or-nothing upload, run as a job."""

from __future__ import annotations

from django.urls import reverse
from django.views.decorators.http import require_GET

from unionsw.core.decorators import permission_required
from unionsw.core.excel import xlsx_response
from unionsw.core.views_jobs import excel_import_page

from . import excel


@require_GET
@permission_required("org.manage")
def import_template(request):
    return xlsx_response(excel.org_template(), "组织架构导入模板.xlsx")  # an official template: its name stays Chinese


@permission_required("org.manage")
def import_page(request):
    # the job's label and `what` are stored in the Job row (Chinese, like everything a job records)
    return excel_import_page(
        request,
        kind="org_import",
        label="导入组织",
        what="组织",
        action="org.import",
        read_rows=excel.read_org_rows,
        import_rows=excel.import_org_rows,
        back_url=reverse("orgs:import"),
        template="orgs/import.html",
    )
