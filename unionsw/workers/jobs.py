"""Queued jobs of the registry (core/jobs.py): the export of a filtered worker list."""

from __future__ import annotations

from unionsw.core import jobs

from . import excel, selectors


def search_from_filters(user, f: dict):
    """The list query of the worker list page from its filter values (the same as views._search)."""
    org = f.get("org") or ""
    return selectors.worker_search(
        user,
        q=f.get("q", ""),
        org_id=int(org) if str(org).isdigit() else None,
        rank=f.get("rank", ""),
        status=f.get("status", ""),
        employment_mode=f.get("employment_mode", ""),
        filing_status=f.get("filing_status", ""),
        extra={k: str(f.get(k) or "") for k in selectors.EXTRA_FILTERS},
    )


@jobs.register("workers.export")
def worker_export(*, by, progress, filters: dict, filename: str) -> jobs.JobOutcome:
    qs = excel.export_queryset(by=by, queryset=search_from_filters(by, filters))
    total = qs.count()
    content = excel.export_workers(by=by, queryset=qs, filename=filename, filters=filters, progress=progress)
    return jobs.JobOutcome(
        status="done", message=f"已导出 {total} 名社工（身份证号、手机号已脱敏）", result_file=content, result_name=filename
    )
