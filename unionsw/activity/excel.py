"""Excel exports of the work-log and volunteer summaries (what the pages show, one sheet per table), read
through the same scoped selectors; the export is audited by the view."""

from __future__ import annotations

from datetime import date

from unionsw.core.excel import export_sheets

from . import selectors


def worklog_summary_xlsx(user, *, year: int) -> bytes:
    summary = selectors.worklog_summary(user, year=year)
    categories = list(summary["totals"])
    by_month = summary["by_month"]
    return export_sheets(
        [
            (
                "按类别",
                ["类别", "已确认条数", "受益人次"],
                [[cat, n, people] for cat, (n, people) in summary["totals"].items()]
                + [["合计", summary["entries"], summary["people"]]],
            ),
            (
                "按月份",
                ["月份", *categories, "合计"],
                [
                    [f"{month}月", *[cats.get(c, 0) for c in categories], sum(cats.values())]
                    for month, cats in by_month.items()
                ],
            ),
            (
                "按社工",
                ["社工", "岗位所在单位", "已确认", "待确认", "受益人次"],
                [
                    [r["worker__name"], r["org__name"], r["confirmed"], r["pending"], r["people"] or 0]
                    for r in selectors.worklog_by_worker(user, year=year, limit=100_000)
                ],
            ),
        ]
    )


def volunteer_totals_xlsx(user, *, start: date, end: date) -> bytes:
    totals = selectors.volunteer_totals(user, start=start, end=end)
    period = f"{start:%Y-%m-%d} 至 {end:%Y-%m-%d}"
    return export_sheets(
        [
            (
                "按单位",
                ["层级", "单位", f"已确认时长（小时，{period}）"],
                [[level, org.name, float(h)] for level, org, h in totals["rows"]] + [["", "合计", float(totals["total"])]],
            ),
            (
                "按社工（前100名）",
                ["社工", "岗位所在单位", "次数", "时长（小时）"],
                [[w["worker__name"], w["org__name"], w["n"], float(w["h"] or 0)] for w in totals["workers"]],
            ),
        ]
    )
