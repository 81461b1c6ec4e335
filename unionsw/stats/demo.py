"""Demo data for stats (示例数据): 历下区 submits a few unfiled workers for filing (报送备案), so the
province's 待办 shows a submission to file in a batch, and the county still has workers to submit."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from . import selectors, services


def load(ctx) -> None:
    county = ctx.users.get("county")
    if county is None:
        return
    ids = list(selectors.workers_to_submit(county).order_by("pk").values_list("pk", flat=True)[:3])
    if not ids:
        return
    try:
        services.filing_submit(by=county, org=county.org, worker_ids=ids, note="示例：2026年新录用社工报送备案")
    except ValidationError:
        return
