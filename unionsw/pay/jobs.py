"""Background jobs of pay: the pay slips of a whole run as one PDF (core.jobs, registered by name)."""

from __future__ import annotations

from unionsw.core import jobs
from unionsw.core.audit import audit

from . import documents, selectors


@jobs.register("pay.run_slips")
def run_slips(*, by, progress, run_id: int) -> jobs.JobOutcome:
    """Every slip of the run (in the user's scope), one per page. Safe to re-run: it only reads."""
    run = selectors.runs_visible_to(by).select_related("org").filter(pk=run_id).first()
    if run is None or not by.can("pay.view"):
        return jobs.JobOutcome(status="failed", message="工资表不存在或不在您的管理范围内")
    lines = list(selectors.register_lines(by, run).select_related("run", "run__org"))
    total = len(lines)
    progress(0, total, "export")
    content = documents.slips_pdf(lines, progress=lambda n: progress(n, total, "export"))
    progress(total, total, "export")
    audit(by=by, action="pay.run_slips", target=run, detail={"slips": total})
    return jobs.JobOutcome(
        status="done",
        message=f"已生成 {total} 张工资条",
        result={"slips": total},
        result_file=content,
        result_name=f"工资条_{run.org.name}_{run.month:%Y%m}.pdf",
    )
