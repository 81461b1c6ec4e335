"""Statistics pages: the landing dashboard (moved here from core), the breakdowns of /stats/ as of any
day, their Excel export, and the records behind a past day's figure."""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext

from unionsw.core import counts
from unionsw.core.decorators import permission_required
from unionsw.core.excel import export_xlsx, xlsx_response
from unionsw.core.scope import visible_orgs
from unionsw.orgs.policy import effective_policy
from unionsw.workers import selectors as worker_selectors

from . import engine, population, selectors


@permission_required("dashboard.view")
def dashboard(request):
    user = request.user

    def figures():
        root = visible_orgs(user).order_by("path").first()
        ladder = (effective_policy(user.org).get("ladder") or []) if user.org_id else []
        summary = worker_selectors.headcount_summary(user)
        order = {rank: i for i, rank in enumerate(ladder)}
        summary["by_rank"].sort(key=lambda row: order.get(row["rank"], len(order)))  # ladder order, unranked last
        return root, summary, worker_selectors.headcount_by_child_org(user, root) if root else []

    # cached until a worker, org or policy changes (core/counts.py), like the list counts: the landing page
    # of every administrator must not group the whole scope on every view
    key = f"stats:dashboard:{user.pk}:{user.org_id}:{','.join(sorted(r.code for r in user.role_list))}:{timezone.localdate()}"
    root, summary, by_org = counts.cached(key, engine.CACHE_LABELS, figures)
    return render(
        request, "stats/dashboard.html", {"root": root, "summary": summary, "by_org": by_org, "pay": _pay_card(user)}
    )


def _pay_card(user) -> dict | None:
    """This year's approved pay cost by payer (one query), for users holding pay.view only: amounts are
    sensitive. Not cached with the headcounts: a run approved a minute ago shows at once."""
    if not user.can("pay.view"):
        return None
    from unionsw.pay.stats import cost_by_payer

    data = cost_by_payer(user, timezone.localdate().year)
    return data if data.get("payers") else {"year": data.get("year"), "payers": [], "total": None}


def _day(request):
    return selectors.stats_day(request.GET.get("on"))


def _bad(exc: ValidationError):
    return HttpResponseBadRequest(gettext("；").join(exc.messages))


def page_context(user, org, on: date) -> dict:
    pop = population.population(user, on, org)
    tables = engine.collect(user, pop.on, org)
    unfiled = next((t.by_key()["unfiled"].value for t in tables if t.key == "filing"), 0)
    policy = pop.policy
    return {
        "org": org,
        "on": pop.on,
        "is_today": pop.is_today,
        "pop": pop,
        "tables": tables,
        "total": sum(t.total for t in tables if t.key == "org"),
        "unfiled": unfiled,
        "filed_rule_title": _title(policy.values.get(population.FILED_ONLY_KEY)),
        "ancestors": list(visible_orgs(user).filter(pk__in=org.ancestor_ids()).exclude(pk=org.pk).order_by("path")),
        "charts": [t.chart_data() for t in tables],
    }


def _title(value) -> str:
    """The document a policy value cites, by its title (《…》), for page texts."""
    match = re.search(r"《[^》]+》", getattr(value, "source", "") or "")
    return match.group(0) if match else gettext("现行政策")


@permission_required("stats.view")
def index(request):
    org = selectors.stats_org(request.user, request.GET.get("org"))
    try:
        on = _day(request)
    except ValidationError as exc:
        return _bad(exc)
    return render(request, "stats/index.html", page_context(request.user, org, on))


def table_rows(table) -> list[list]:
    """A table's rows for the Excel sheet: the labels' Chinese (an export)."""
    rows = [[engine.plain(r.label), r.value, f"{r.share:.2f}"] for r in table.rows]
    rows.append([engine.plain(table.total_label), table.total, "100.00" if table.total else "0.00"])
    return rows


@permission_required("stats.view")
def export(request):
    """Every table of the page (or one, ?table=key) in one sheet, one block per table."""
    org = selectors.stats_org(request.user, request.GET.get("org"))
    try:
        on = _day(request)
    except ValidationError as exc:
        return _bad(exc)
    tables = engine.collect(request.user, on, org)
    wanted = request.GET.get("table") or ""
    if wanted:
        tables = [t for t in tables if t.key == wanted]
    out: list[list] = [[f"{org.name} 社工队伍统计（截至{on.year}年{on.month}月{on.day}日）"], []]
    for t in tables:
        out.append([engine.plain(t.title)])
        out.append(["项目", f"数量（{t.unit}）", "占比（%）"])
        out.extend(table_rows(t))
        out.append([])
    content = export_xlsx(out[0], out[1:], sheet_title="统计")
    return xlsx_response(content, f"社工统计-{org.name}-{on:%Y%m%d}.xlsx")


RECORDS_PAGE = 50
ROSTER_HEADERS = [
    "序号",
    "姓名",
    "性别",
    "出生日期",
    "民族",
    "政治面貌",
    "学历",
    "身份证号（脱敏）",
    "当日所在单位",
    "岗位",
    "岗位等级",
    "用工方式",
    "入职日期",
    "备案",
]


def _roster(request, qs, on):
    """花名册 of a past day's list: the rows as they stood that day, masked, audited (personal data)."""
    from unionsw.core.audit import audit

    if not request.user.can("worker.export"):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(gettext("您没有导出的权限"))
    rows = (
        [
            i,
            r.name,
            engine.plain(r.get_gender_display()),
            r.birth_date.isoformat(),
            r.ethnicity,
            engine.plain(r.get_political_status_display()),
            engine.plain(r.get_education_display()),
            r.id_number_masked,
            r.org.name,
            r.post_title,
            r.rank or "未定级",
            engine.plain(r.get_employment_mode_display()),
            r.hired_on.isoformat(),
            engine.plain(r.get_filing_status_display()),
        ]
        for i, r in enumerate(qs.iterator(chunk_size=2000), start=1)
    )
    content = export_xlsx(ROSTER_HEADERS, rows, sheet_title="花名册")
    filters = {k: v for k, v in request.GET.items() if k != "export"}
    audit(by=request.user, action="stats.roster_export", detail={"on": on.isoformat(), "filters": filters})
    return xlsx_response(content, f"花名册-截至{on:%Y%m%d}.xlsx")


@permission_required("stats.view")
def records(request):
    """The workers behind a figure of a past day: their state on that day (history rows), scoped by the
    org they belonged to then. Names link to today's record when the user may still open it."""
    org = selectors.stats_org(request.user, None)
    try:
        on = _day(request)
    except ValidationError as exc:
        return _bad(exc)
    pop = population.population(request.user, on, org)
    qs = population.apply_params(pop, request.GET).select_related("org").order_by("org_id", "name", "id")
    if request.GET.get("export") == "xlsx":
        return _roster(request, qs, pop.on)
    page = Paginator(qs, RECORDS_PAGE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    openable = set(
        worker_selectors.worker_list_visible_to(request.user).filter(pk__in=[r.id for r in rows]).values_list("pk", flat=True)
    )
    return render(
        request,
        "stats/records.html",
        {"page": page, "rows": rows, "openable": openable, "on": pop.on, "today": timezone.localdate()},
    )


REPORT_TYPES = {
    "pdf": ("application/pdf", "pdf"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
}


@permission_required("stats.view")
def report(request):
    """基本情况 of a survey report for an org and day: on screen (printable), as PDF or as DOCX."""
    from django.http import HttpResponse

    from unionsw.core.audit import audit

    from . import report as reports

    org = selectors.stats_org(request.user, request.GET.get("org"))
    try:
        on = _day(request)
    except ValidationError as exc:
        return _bad(exc)
    built = reports.build(request.user, org, on)
    kind = request.GET.get("format", "")
    if kind not in REPORT_TYPES:
        return render(request, "stats/report.html", {"report": built, "org": org, "on": built.on})
    content = reports.to_pdf(built) if kind == "pdf" else reports.to_docx(built)
    audit(by=request.user, action="stats.report", target=org, detail={"on": built.on.isoformat(), "format": kind})
    content_type, ext = REPORT_TYPES[kind]
    response = HttpResponse(content, content_type=content_type)
    from urllib.parse import quote

    name = quote(f"基本情况-{org.name}-{built.on:%Y%m%d}.{ext}")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response


@permission_required("stats.view")
def annual_export(request):
    from . import annual

    org = selectors.stats_org(request.user, request.GET.get("org"))
    try:
        on = _day(request)
    except ValidationError as exc:
        return _bad(exc)
    day, content = annual.to_xlsx(request.user, org, on)
    return xlsx_response(content, f"{annual.FORM_CODE}-{org.name}-{day:%Y%m%d}.xlsx")


@permission_required("stats.view")
def annual_import(request):
    """The upper level uploads its units' annual files and gets the sum (nothing is stored)."""
    from unionsw.core.excel import MAX_UPLOAD_BYTES

    from . import annual

    context = {"codes": annual.INDICATORS}
    if request.method == "POST":
        uploads = request.FILES.getlist("files")
        try:
            if not uploads:
                raise ValidationError(gettext("请选择要汇总的年报表（可多选）"))
            if len(uploads) > 200:
                raise ValidationError(gettext("一次最多汇总 200 个文件"))
            files = []
            for upload in uploads:
                if upload.size > MAX_UPLOAD_BYTES:
                    raise ValidationError(gettext("%(file)s：文件不能超过 20 MB") % {"file": upload.name})
                try:
                    files.append({**annual.read_annual(upload), "file": upload.name})
                except ValidationError as exc:
                    raise ValidationError(
                        gettext("%(file)s：%(errors)s") % {"file": upload.name, "errors": gettext("；").join(exc.messages)}
                    ) from None
            context.update(files=files, total=annual.sum_annual(files))
        except ValidationError as exc:
            context["error"] = gettext("；").join(exc.messages)
            return render(request, "stats/annual_import.html", context, status=400)
    return render(request, "stats/annual_import.html", context)


@permission_required("stats.view")
def cross(request):
    from . import cross as crosstabs

    org = selectors.stats_org(request.user, request.GET.get("org"))
    try:
        on = _day(request)
    except ValidationError as exc:
        return _bad(exc)
    pop = population.population(request.user, on, org)
    tabs = [{"title": title, **crosstabs.crosstab(pop, r, c)} for r, c, title in crosstabs.PRESETS]
    if request.GET.get("export") == "xlsx":
        out: list[list] = []  # an export: the labels' Chinese
        for tab in tabs:
            out.append([engine.plain(tab["title"])])
            out.append(["", *[engine.plain(label) for _k, label, _p in tab["cols"].labels], "合计"])
            out += [[engine.plain(row["label"]), *[c["n"] for c in row["cells"]], row["total"]] for row in tab["table"]]
            out.append(["合计", *[c["n"] for c in tab["col_totals"]], tab["total"]])
            out.append([])
        title = f"{org.name} 交叉统计（截至{pop.on.year}年{pop.on.month}月{pop.on.day}日）"
        return xlsx_response(export_xlsx([title], out, sheet_title="交叉统计"), f"交叉统计-{org.name}-{pop.on:%Y%m%d}.xlsx")
    return render(request, "stats/cross.html", {"tabs": tabs, "org": org, "on": pop.on, "pop": pop})
