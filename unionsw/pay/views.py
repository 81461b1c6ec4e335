"""Pay pages: thin — parse input, call one service or selector, render."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from unionsw.core import excel, parsing
from unionsw.core.decorators import permission_required
from unionsw.core.errors import NotAllowed, OutOfScope, StaleVersion
from unionsw.core.view_errors import flash as _err
from unionsw.orgs.models import OrgLevel
from unionsw.orgs.policy import effective_policy

from . import documents, importer, rules, runs, selectors, services, tables
from .models import LineKind
from .services import Conflict


def conflict_response(exc: StaleVersion) -> HttpResponse:
    return HttpResponse(render_to_string("core/short_answer.html", {"title": gettext("修改冲突"), "message": exc.messages[0]}), status=409)


def _version(request) -> int | None:
    return parsing.parse_version(request.POST.get("version"))


def _month(value, *, field="month") -> date:
    text = (value or "").strip()
    if len(text) == 7:
        text += "-01"
    day = parsing.parse_date(text, field=field, label=gettext("月份"), required=True)
    return day.replace(day=1)


def _year(request) -> int:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else timezone.localdate().year


# ---------------------------------------------------------------------------------------------
# tables


@permission_required("pay.view")
def table_list(request):
    user = request.user
    org = user.org
    policy = effective_policy(org) if org else None
    ladder = policy.get("ladder_pay_grade") if policy else None
    return render(
        request,
        "pay/tables.html",
        {
            "pay_tables": selectors.tables_visible_to(user).select_related("org"),
            "contribution_tables": selectors.contribution_tables_visible_to(user).select_related("org"),
            "allowances": selectors.allowances_visible_to(user).select_related("org"),
            "ratios": selectors.ratios_visible_to(user).select_related("org", "set_by")[:200],
            "ladder": [(rank, tables.grade_name(g)) for rank, g in ladder.items()] if ladder else None,
            "policy_range": rules.NOT_SET
            if not policy or policy.get("performance_pay_ratio") is None
            else "–".join(rules.percent(str(v)) for v in policy.get("performance_pay_ratio")),
            "payers": policy.get("cost_payers") if policy else None,
            "shares": policy.get("cost_shares") if policy else None,
            "counties": selectors.visible_counties(user),
            "links": selectors.links_visible_to(user).select_related("org", "set_by")[:100],
            "policy_links": policy.get("assessment_pay_factors") if policy else None,
            "grades": list(rules.GRADE_LABELS.items()),
            "can_table": user.can("pay.table") and org is not None and org.level <= OrgLevel.COUNTY,
            "this_year": timezone.localdate().year,
            "today": timezone.localdate(),
        },
    )


def _post_table_form(request) -> dict:
    post = {str(g): request.POST.get(f"post_{g}", "") for g in tables.GRADES}
    grade = {str(v): request.POST.get(f"grade_{v}", "") for v in tables.LEVELS}
    from unionsw.workers.models import Education

    start = {e.value: request.POST.get(f"start_{e.value}", "") for e in Education}
    rank_grades = {}
    for i in range(1, 7):
        rank = request.POST.get(f"rank_{i}", "").strip()
        if rank:
            rank_grades[rank] = request.POST.get(f"rank_grade_{i}", "")
    return {"post_pay": post, "grade_pay": grade, "start_levels": start, "rank_grades": rank_grades}


def _table_context(table, request=None):
    from unionsw.workers.models import Education

    src = request.POST if request is not None and request.method == "POST" else None
    post_pay = (table.post_pay if table else {}) or {}
    grade_pay = (table.grade_pay if table else {}) or {}
    start = (table.start_levels if table else {}) or {}
    rank_grades = list(((table.rank_grades if table else {}) or {}).items())
    rank_grades += [("", "")] * (6 - len(rank_grades))
    return {
        "table": table,
        "grades": [
            (g, tables.grade_name(g), src.get(f"post_{g}", "") if src else post_pay.get(str(g), "")) for g in tables.GRADES
        ],
        "levels": [(v, src.get(f"grade_{v}", "") if src else grade_pay.get(str(v), "")) for v in tables.LEVELS],
        "educations": [(e.value, e.label, src.get(f"start_{e.value}", "") if src else start.get(e.value, "")) for e in Education],
        "rank_grades": [(i, r, g) for i, (r, g) in enumerate(rank_grades[:6], start=1)],
    }


def _save_versioned(request, table, save, *, url_name: str, saved_message: str, **fields):
    """The POST of a dated, versioned table page (岗位/薪级工资表, 社保公积金缴费标准): the common fields,
    the service call and its answers — a redirect when saved, 404 outside the scope, 409 on a stale version;
    None (the page re-renders with the errors flashed) when the input is refused."""
    if not request.user.can("pay.table"):
        raise PermissionDenied(gettext("您没有此操作的权限"))
    try:
        day = parsing.parse_date(request.POST.get("effective_from"), field="effective_from", label=gettext("生效日期"), required=True)
        saved = save(
            by=request.user,
            org=table.org if table else request.user.org,
            name=request.POST.get("name", ""),
            effective_from=day,
            source=request.POST.get("source", ""),
            is_example=request.POST.get("is_example") == "1",
            table=table,
            version=_version(request),
            **fields,
        )
    except OutOfScope:
        raise Http404 from None
    except StaleVersion as exc:
        return conflict_response(exc)
    except ValidationError as exc:
        _err(request, exc)
        return None
    messages.success(request, saved_message % {"name": saved.name})
    return redirect(url_name, pk=saved.pk)


def _editable(request, table) -> bool:
    """A table is changed only by users holding pay.table at its org or above (a county reads the province's)."""
    org = request.user.org
    return request.user.can("pay.table") and (table is None or (org is not None and table.org.path.startswith(org.path)))


@permission_required("pay.view")
def table_detail(request, pk=None):
    table = get_object_or_404(selectors.tables_visible_to(request.user).select_related("org"), pk=pk) if pk else None
    if request.method == "POST":
        response = _save_versioned(
            request,
            table,
            services.pay_table_save,
            url_name="pay:table",
            saved_message=gettext("已保存工资标准表“%(name)s”"),
            **_post_table_form(request),
        )
        if response is not None:
            return response
    ctx = _table_context(table, request)
    ctx["editable"] = _editable(request, table)
    src = request.POST if request.method == "POST" else {}
    ctx["form"] = {
        "name": src.get("name", table.name if table else ""),
        "effective_from": src.get("effective_from", f"{table.effective_from:%Y-%m-%d}" if table else ""),
        "source": src.get("source", table.source if table else ""),
        "is_example": (src.get("is_example") == "1") if src else bool(table and table.is_example),
    }
    return render(request, "pay/table.html", ctx)


@permission_required("pay.table")
def table_import(request):
    if request.method == "GET" and request.GET.get("template"):
        return excel.xlsx_response(importer.template(), "工资标准表导入模板.xlsx")
    if request.method == "POST":
        try:
            day = parsing.parse_date(request.POST.get("effective_from"), field="effective_from", label=gettext("生效日期"), required=True)
        except ValidationError as exc:
            _err(request, exc)
            return redirect("pay:table_import")
        problem = excel.upload_error(request)
        if problem:
            messages.error(request, problem)
            return redirect("pay:table_import")
        try:
            result, table = importer.import_table(
                by=request.user,
                org=request.user.org,
                upload=request.FILES["file"],
                name=request.POST.get("name", ""),
                effective_from=day,
                source=request.POST.get("source", ""),
            )
        except OutOfScope:
            raise Http404 from None
        except ValidationError as exc:
            _err(request, exc)
            return redirect("pay:table_import")
        if result.errors:
            return render(request, "pay/import.html", {"errors": result.errors[:200], "n_errors": len(result.errors)}, status=400)
        messages.success(request, gettext("已导入工资标准表“%(name)s”（%(n)s 行）") % {"name": table.name, "n": result.created})
        return redirect("pay:table", pk=table.pk)
    return render(request, "pay/import.html", {"today": timezone.localdate()})


def _post_items(request) -> list[dict]:
    return [
        {
            "item": code,
            "employer_rate": request.POST.get(f"{code}_employer", ""),
            "employee_rate": request.POST.get(f"{code}_employee", ""),
            "base_floor": request.POST.get(f"{code}_floor", ""),
            "base_ceiling": request.POST.get(f"{code}_ceiling", ""),
        }
        for code in rules.SI_ITEMS
    ]


@permission_required("pay.view")
def contribution_detail(request, pk=None):
    table = get_object_or_404(selectors.contribution_tables_visible_to(request.user).select_related("org"), pk=pk) if pk else None
    if request.method == "POST":
        response = _save_versioned(
            request,
            table,
            services.contribution_table_save,
            url_name="pay:contribution",
            saved_message=gettext("已保存“%(name)s”"),
            items=_post_items(request),
        )
        if response is not None:
            return response
    current = {i["item"]: i for i in (table.items if table else [])}
    rows = []
    for code, label in rules.SI_ITEMS.items():
        i = current.get(code, {})
        rows.append(
            {
                "code": code,
                "label": label,
                "employer": rules.percent(i["employer_rate"]) if i.get("employer_rate") else "",
                "employee": rules.percent(i["employee_rate"]) if i.get("employee_rate") else "",
                "floor": i.get("base_floor", ""),
                "ceiling": i.get("base_ceiling", ""),
            }
        )
    return render(request, "pay/contribution.html", {"table": table, "rows": rows, "editable": _editable(request, table)})


@require_POST
@permission_required("pay.table")
def allowance_add(request):
    try:
        start = parsing.parse_date(request.POST.get("effective_from"), field="effective_from", label=gettext("起始日期"), required=True)
        end = parsing.parse_date(request.POST.get("effective_to"), field="effective_to", label=gettext("截止日期"))
        services.allowance_add(
            by=request.user,
            org=request.user.org,
            name=request.POST.get("name", ""),
            amount=request.POST.get("amount", ""),
            effective_from=start,
            effective_to=end,
            source=request.POST.get("source", ""),
        )
    except OutOfScope:
        raise Http404 from None
    except ValidationError as exc:
        _err(request, exc)
    else:
        messages.success(request, gettext("已添加津贴补贴项目"))
    return redirect("pay:tables")


@require_POST
@permission_required("pay.table")
def allowance_end(request, pk):
    allowance = get_object_or_404(selectors.allowances_visible_to(request.user).select_related("org"), pk=pk)
    try:
        day = parsing.parse_date(request.POST.get("effective_to"), field="effective_to", label=gettext("截止日期"), required=True)
        services.allowance_end(by=request.user, allowance=allowance, effective_to=day, version=_version(request))
    except OutOfScope:
        raise Http404 from None
    except StaleVersion as exc:
        return conflict_response(exc)
    except ValidationError as exc:
        _err(request, exc)
    else:
        messages.success(request, gettext("“%(name)s”截止于 %(day)s") % {"name": allowance.name, "day": f"{day:%Y-%m-%d}"})
    return redirect("pay:tables")


@require_POST
@permission_required("pay.manage")
def ratio_set(request):
    org = selectors.visible_counties(request.user).filter(pk=request.POST.get("org") or 0).first()
    if org is None:
        messages.error(request, gettext("请选择本辖区的县级工会"))
        return redirect("pay:tables")
    year = request.POST.get("year", "")
    try:
        services.performance_ratio_set(
            by=request.user,
            org=org,
            year=int(year) if year.isdigit() and len(year) == 4 else 0,
            ratio=request.POST.get("ratio", ""),
            reason=request.POST.get("reason", ""),
        )
    except OutOfScope:
        raise Http404 from None
    except ValidationError as exc:
        _err(request, exc)
    else:
        messages.success(request, gettext("已设定%(org)s%(year)s年绩效工资比例") % {"org": org.name, "year": year})
    return redirect("pay:tables")


@require_POST
@permission_required("pay.manage")
def link_set(request):
    org = selectors.visible_counties(request.user).filter(pk=request.POST.get("org") or 0).first()
    if org is None:
        messages.error(request, gettext("请选择本辖区的县级工会"))
        return redirect("pay:tables")
    year, month = request.POST.get("year", ""), request.POST.get("bonus_month", "")
    try:
        services.assessment_link_set(
            by=request.user,
            org=org,
            year=int(year) if year.isdigit() and len(year) == 4 else 0,
            ratio_factors={g: request.POST.get(f"ratio_{g}", "") for g in rules.GRADE_LABELS},
            bonus_months={g: request.POST.get(f"bonus_{g}", "") for g in rules.GRADE_LABELS},
            bonus_month=int(month) if month.isdigit() and len(month) <= 2 else 0,
            reason=request.POST.get("reason", ""),
        )
    except OutOfScope:
        raise Http404 from None
    except ValidationError as exc:
        _err(request, exc)
    else:
        messages.success(request, gettext("已设定%(org)s%(year)s年四挂钩系数") % {"org": org.name, "year": year})
    return redirect("pay:tables")


@permission_required("pay.shares")
def shares(request):
    org = request.user.org
    if org is None:
        raise PermissionDenied(gettext("您没有此操作的权限"))
    policy = effective_policy(org)
    if request.method == "POST":
        try:
            day = parsing.parse_date(request.POST.get("effective_from"), field="effective_from", label=gettext("生效日期"), required=True)
            services.cost_shares_set(
                by=request.user,
                org=org,
                shares={p: request.POST.get(f"share_{i}", "") for i, p in enumerate(policy.get("cost_payers") or [])},
                effective_from=day,
                source=request.POST.get("source", ""),
            )
        except OutOfScope:
            raise Http404 from None
        except (NotAllowed, ValidationError) as exc:
            _err(request, exc)
        else:
            messages.success(request, gettext("已设定工资成本分担比例"))
            return redirect("pay:shares")
    current = policy.get("cost_shares") or {}
    payers = [
        (i, p, rules.percent(str(current[p])) if p in current else "") for i, p in enumerate(policy.get("cost_payers") or [])
    ]
    return render(
        request,
        "pay/shares.html",
        {
            "payers": payers,
            "current": current,
            "source": policy.values.get("cost_shares"),
            "today": timezone.localdate(),
            "post": request.POST,
        },
    )


# ---------------------------------------------------------------------------------------------
# workers: 薪级, deductions, fees


@permission_required("pay.manage")
def worker_list(request):
    from django.db.models import OuterRef, Subquery

    from .models import GradeAssignment

    latest = GradeAssignment.objects.filter(worker=OuterRef("pk")).order_by("-effective_from", "-id")
    qs = (
        selectors.workers_visible_to(request.user)
        .filter(status="active")
        .select_related("org")
        .annotate(level=Subquery(latest.values("level")[:1]), level_from=Subquery(latest.values("effective_from")[:1]))
        .order_by("org__path", "name", "pk")
    )
    q = request.GET.get("q", "").strip()[:50]
    if q:
        qs = qs.filter(name__contains=q)
    missing = request.GET.get("missing") == "1"
    if missing:
        qs = qs.filter(level__isnull=True).exclude(employment_mode__in=["rehired", "purchased_service"])
    return render(request, "pay/workers.html", {"workers": qs[:300], "q": q, "missing": missing})


@permission_required("pay.view")
def worker_pay(request, pk):
    worker = get_object_or_404(selectors.workers_visible_to(request.user).select_related("org"), pk=pk)
    today = timezone.localdate()
    if request.method == "POST":
        if not request.user.can("pay.manage"):
            raise PermissionDenied(gettext("您没有此操作的权限"))
        what = request.POST.get("what")
        try:
            if what == "grade":
                day = parsing.parse_date(
                    request.POST.get("effective_from"), field="effective_from", label=gettext("生效日期"), required=True
                )
                t = tables.load(worker.org, first=day, last=day, subtree=False).pay_table(day)
                suggestion, _ = services.suggested_level(worker, on=day, start_levels=t.start_levels if t else None)
                services.grade_set(
                    by=request.user,
                    worker=worker,
                    level=request.POST.get("level", ""),
                    effective_from=day,
                    reason=request.POST.get("reason", ""),
                    suggested=suggestion,
                )
                messages.success(request, gettext("已核定薪级"))
            elif what == "deduction":
                day = _month(request.POST.get("effective_from"), field="effective_from")
                services.tax_deduction_set(
                    by=request.user,
                    worker=worker,
                    monthly=request.POST.get("monthly", ""),
                    effective_from=day,
                    note=request.POST.get("note", ""),
                )
                messages.success(request, gettext("已记录专项附加扣除"))
            elif what == "account":
                services.bank_account_set(
                    by=request.user, worker=worker, bank=request.POST.get("bank", ""), account=request.POST.get("account", "")
                )
                messages.success(request, gettext("已保存工资账户"))
            elif what == "fee":
                day = parsing.parse_date(
                    request.POST.get("effective_from"), field="effective_from", label=gettext("起始日期"), required=True
                )
                from unionsw.employment.models import Contract

                contract = Contract.objects.filter(worker=worker, pk=request.POST.get("contract") or 0).first()
                services.service_fee_set(
                    by=request.user, worker=worker, monthly=request.POST.get("monthly", ""), effective_from=day, contract=contract
                )
                messages.success(request, gettext("已记录劳务费"))
            else:
                messages.error(request, gettext("未知的操作"))
        except OutOfScope:
            raise Http404 from None
        except ValidationError as exc:
            _err(request, exc)
        else:
            return redirect("pay:worker", pk=worker.pk)
    t = tables.load(worker.org, first=today, last=today, subtree=False).pay_table(today)
    suggestion, suggestion_text = services.suggested_level(worker, on=today, start_levels=t.start_levels if t else None)
    policy = effective_policy(worker.org)
    ladder = policy.get("ladder_pay_grade")
    mapping = ladder or (t.rank_grades if t else None)
    from unionsw.employment.models import Contract, ContractKind

    return render(
        request,
        "pay/worker.html",
        {
            "worker": worker,
            "history": selectors.grade_history(worker),
            "deductions": worker.tax_deductions.select_related("set_by"),
            "fees": worker.service_fees.select_related("set_by", "contract"),
            "agreements": Contract.objects.filter(worker=worker, kind=ContractKind.SERVICE),
            "suggestion": suggestion,
            "suggestion_text": suggestion_text,
            "table": t,
            "post_grade": tables.grade_name(rules.post_grade_for_rank(worker.rank, mapping)),
            "ladder_set": ladder is not None,
            "lines": selectors.lines_visible_to(request.user)
            .filter(worker=worker)
            .select_related("run")
            .order_by("-run__month", "-run_id")[:24],
            "today": today,
            "is_rehired": worker.employment_mode == "rehired",
            "account": getattr(worker, "pay_account", None),
        },
    )


# ---------------------------------------------------------------------------------------------
# runs


@permission_required("pay.view")
def run_list(request):
    if request.method == "POST":
        if not request.user.can("pay.manage"):
            raise PermissionDenied(gettext("您没有此操作的权限"))
        org = selectors.visible_counties(request.user).filter(pk=request.POST.get("org") or 0).first()
        try:
            if org is None:
                raise ValidationError(gettext("请选择本辖区的县级工会"))
            run = runs.run_open(
                by=request.user, org=org, month=_month(request.POST.get("month")), note=request.POST.get("note", "")
            )
        except OutOfScope:
            raise Http404 from None
        except Conflict as exc:
            return conflict_response(exc)
        except ValidationError as exc:
            _err(request, exc)
        else:
            messages.success(request, gettext("已新建%(run)s") % {"run": run})
            return redirect("pay:run", pk=run.pk)
    qs = (
        selectors.runs_visible_to(request.user)
        .select_related("org", "corrects", "approved_by")
        .order_by("-month", "org__path", "-id")
    )
    return render(
        request,
        "pay/runs.html",
        {
            "runs": qs[:200],
            "counties": selectors.visible_counties(request.user),
            "this_month": timezone.localdate().replace(day=1),
        },
    )


@permission_required("pay.view")
def run_detail(request, pk):
    run = get_object_or_404(
        selectors.runs_visible_to(request.user).select_related("org", "corrects", "computed_by", "reviewed_by", "approved_by"),
        pk=pk,
    )
    lines = list(selectors.register_lines(request.user, run)[:2000])
    ok, why = runs.approval_allowed(request.user, run)
    # seed 004: workers without a valid qualification get no 专职工会社会工作者 treatment — a section of their own
    unqualified = [e for e in run.excluded if e.get("rule") == rules.QUALIFICATION_RULE]
    return render(
        request,
        "pay/run.html",
        {
            "run": run,
            "unqualified": unqualified,
            "excluded": [e for e in run.excluded if e.get("rule") != rules.QUALIFICATION_RULE],
            "lines": lines,
            "more": run.totals.get("count", 0) > len(lines),
            "payer_totals": sorted(run.payer_totals.items()),
            "fees": run.provider_fees.select_related("tender", "tender__provider"),
            "corrections": run.corrections.all(),
            "approval_note": why,
            "si_items": rules.SI_ITEMS,
        },
    )


@require_POST
@permission_required("pay.view")
def run_act(request, pk):
    run = get_object_or_404(selectors.runs_visible_to(request.user).select_related("org"), pk=pk)
    action = request.POST.get("action")
    version = _version(request)
    try:
        if action == "compute":
            runs.run_compute(by=request.user, run=run, version=version)
            messages.success(request, gettext("已计算"))
        elif action == "review":
            runs.run_review(by=request.user, run=run, version=version)
            messages.success(request, gettext("已复核，待审批"))
        elif action == "approve":
            runs.run_approve(by=request.user, run=run, version=version)
            messages.success(request, gettext("已审批，工资表已锁定"))
        elif action == "return":
            runs.run_return(by=request.user, run=run, reason=request.POST.get("reason", ""), version=version)
            messages.success(request, gettext("已退回草稿"))
        elif action == "delete":
            runs.run_delete(by=request.user, run=run, version=version)
            messages.success(request, gettext("已删除草稿"))
            return redirect("pay:runs")
        elif action == "correct":
            new = runs.correction_open(by=request.user, run=run, note=request.POST.get("note", ""))
            messages.success(request, gettext("已新建补发/扣回表，请计算"))
            return redirect("pay:run", pk=new.pk)
        else:
            messages.error(request, gettext("未知的操作"))
    except OutOfScope:
        raise Http404 from None
    except NotAllowed as exc:
        if exc.is_default:  # NotAllowed() without a reason of its own is a plain 403
            raise PermissionDenied(exc.messages[0]) from None
        _err(request, exc)
    except Conflict as exc:
        return conflict_response(exc)
    except ValidationError as exc:
        _err(request, exc)
    return redirect("pay:run", pk=run.pk)


# The Excel lists (register, bank transfer, SI/HF declaration) are official documents and stay Chinese: every cell
# goes through core.excel.escape_cell, which writes a choice label's Chinese (get_kind_display(), tables.grade_name())
# whatever the request's language.
REGISTER_HEADERS = [
    "单位",
    "姓名",
    "类型",
    "岗位等级",
    "管理岗位等级",
    "薪级",
    "在岗天数",
    "岗位工资",
    "薪级工资",
    "绩效工资",
    "津贴补贴",
    "应发工资",
    "个人社保公积金",
    "专项附加扣除",
    "个人所得税",
    "实发工资",
    "单位社保公积金",
    "用人成本",
    "成本分担",
    "说明",
]


def register_rows(lines):
    for line in lines:
        yield [
            line.org.name,
            line.worker.name,
            line.get_kind_display(),
            line.rank,
            tables.grade_name(line.post_grade) if line.kind == LineKind.SCALE else "",
            line.grade_level or "",
            f"{line.days}/{line.month_days}",
            line.post_pay,
            line.grade_pay,
            line.performance,
            line.allowance_total,
            line.gross,
            line.employee_si,
            line.additional_deduction,
            line.iit,
            line.net,
            line.employer_si,
            line.total_cost,
            "；".join(f"{k} {v}" for k, v in line.shares.items()),
            "；".join(line.notes),
        ]


@permission_required("pay.view")
def run_xlsx(request, pk):
    from unionsw.core.audit import audit

    run = get_object_or_404(selectors.runs_visible_to(request.user).select_related("org"), pk=pk)
    lines = selectors.register_lines(request.user, run).iterator(chunk_size=2000)
    content = excel.export_xlsx(REGISTER_HEADERS, register_rows(lines), sheet_title="工资表")
    audit(by=request.user, action="pay.register_export", target=run, detail={"format": "xlsx"})
    return excel.xlsx_response(content, f"工资表_{run.org.name}_{run.month:%Y%m}.xlsx")


# ---------------------------------------------------------------------------------------------
# slips


def _line_for(request, pk):
    line = get_object_or_404(selectors.lines_visible_to(request.user).select_related("run", "run__org", "worker", "org"), pk=pk)
    own = line.worker.user_id == request.user.pk
    if not own and not request.user.can("pay.view"):
        raise Http404
    return line, own


def slip(request, pk):
    line, own = _line_for(request, pk)
    return render(
        request, "pay/slip.html", {"line": line, "rows": documents.slip_rows(line), "own": own, "si_items": rules.SI_ITEMS}
    )


def slip_pdf(request, pk):
    from unionsw.core.audit import audit

    line, _ = _line_for(request, pk)
    content = documents.slip_pdf(line)
    audit(by=request.user, action="pay.slip_pdf", target=line.worker, detail={"run": line.run_id})
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, f"工资条_{line.run.month:%Y%m}.pdf")
    return response


@permission_required("pay.self")
def my_slips(request):
    year = _year(request)
    lines = list(
        selectors.my_lines(request.user)
        .filter(run__month__year=year)
        .select_related("run", "run__org")
        .order_by("run__month", "run_id")
    )
    summary = {
        f: rules.money(sum((getattr(line, f) for line in lines), rules.ZERO)) for f in ("gross", "employee_si", "iit", "net")
    }
    years = sorted({d.year for d in selectors.my_lines(request.user).dates("run__month", "year")} | {year}, reverse=True)
    return render(request, "pay/my_slips.html", {"lines": lines, "summary": summary, "year": year, "years": years})


# ---------------------------------------------------------------------------------------------
# cost by payer


@permission_required("pay.view")
def cost(request):
    from .stats import cost_by_payer

    year = _year(request)
    data = cost_by_payer(request.user, year)
    chart = {
        "months": [gettext("%(month)s月") % {"month": m} for m in data["months"]],
        "series": [{"name": p, "data": [str(v) for v in data["rows"][p]]} for p in data["payers"]],
    }
    rows = [(p, data["rows"][p], data["totals"][p]) for p in data["payers"]]
    return render(
        request,
        "pay/cost.html",
        {
            "data": data,
            "rows": rows,
            "chart": chart,
            "year": year,
            "years": list(range(timezone.localdate().year, timezone.localdate().year - 6, -1)),
        },
    )


@require_POST
@permission_required("pay.view")
def run_slips(request, pk):
    """All slips of the run as one PDF, a background job with progress (core.jobs)."""
    from unionsw.core import jobs

    from . import jobs as pay_jobs  # noqa: F401 — registers the job

    run = get_object_or_404(selectors.runs_visible_to(request.user).select_related("org"), pk=pk)
    job = jobs.job_enqueue(
        by=request.user,
        task="pay.run_slips",
        args={"run_id": run.pk},
        kind="pay_slips",
        label=f"工资条 {run}",
        total=run.totals.get("count", 0),
        direction="export",
        back_url=f"/pay/runs/{run.pk}/",
    )
    return redirect("core:job", pk=job.pk)


def _locked_run(request, pk):
    run = get_object_or_404(selectors.runs_visible_to(request.user).select_related("org"), pk=pk)
    if not run.is_locked:
        messages.error(request, gettext("工资表审批（锁定）后才能生成银行代发清单和社保公积金申报清单"))
        return None
    return run


@permission_required("pay.manage")
def run_transfer_xlsx(request, pk):
    """银行代发清单: the net pay of every line to the worker's salary account (full numbers: audited)."""
    from unionsw.core import crypto
    from unionsw.core.audit import audit

    run = _locked_run(request, pk)
    if run is None:
        return redirect("pay:run", pk=pk)
    lines = selectors.register_lines(request.user, run).select_related("worker__pay_account")

    def rows():
        for line in lines:
            acct = getattr(line.worker, "pay_account", None)
            yield [
                line.worker.name,
                acct.bank if acct else "未登记",
                crypto.decrypt(acct.account_enc) if acct else "未登记",
                line.net,
                f"{run.month:%Y年%m月}{run.get_kind_display()}",
            ]

    content = excel.export_xlsx(["户名", "开户银行", "账号", "金额（元）", "摘要"], rows(), sheet_title="银行代发")
    audit(by=request.user, action="pay.transfer_export", target=run, detail={"lines": run.totals.get("count")})
    return excel.xlsx_response(content, f"银行代发清单_{run.org.name}_{run.month:%Y%m}.xlsx")


@permission_required("pay.manage")
def run_declaration_xlsx(request, pk):
    """社保公积金申报清单: base, employer and employee amounts per item for every worker on the scale."""
    from unionsw.core.audit import audit

    run = _locked_run(request, pk)
    if run is None:
        return redirect("pay:run", pk=pk)
    reveal = request.user.can("worker.reveal")
    lines = selectors.register_lines(request.user, run).filter(kind=LineKind.SCALE)
    items = list(rules.SI_ITEMS)
    headers = ["姓名", "身份证号", "单位"]
    for code in items:
        label = rules.SI_ITEMS[code]
        headers += [f"{label}基数", f"{label}单位", f"{label}个人"]
    headers += ["单位合计", "个人合计"]

    def rows():
        for line in lines:
            by_item = {c[0]: c for c in line.contributions}
            row = [line.worker.name, line.worker.id_number if reveal else line.worker.id_number_masked, line.org.name]
            for code in items:
                c = by_item.get(code)
                row += [c[1], c[2], c[3]] if c else ["", "", ""]
            yield row + [line.employer_si, line.employee_si]

    content = excel.export_xlsx(headers, rows(), sheet_title="社保公积金申报")
    audit(by=request.user, action="pay.declaration_export", target=run, detail={"full_id": reveal})
    return excel.xlsx_response(content, f"社保公积金申报清单_{run.org.name}_{run.month:%Y%m}.xlsx")
