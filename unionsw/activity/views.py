from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, Case, Value, When
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.http import require_POST

from unionsw.core import parsing
from unionsw.core.decorators import permission_required
from unionsw.core.errors import NotAllowed, OutOfScope
from unionsw.core.scope import visible_orgs
from unionsw.core.uploads import file_response
from unionsw.core.view_errors import attach_to_form as _attach
from unionsw.core.view_errors import conflict as _conflict
from unionsw.core.view_errors import flash as _err
from unionsw.orgs.models import OrgLevel
from unionsw.orgs.policy import cached_policy_values
from unionsw.workers.selectors import self_worker, worker_list_visible_to

from . import rules, selectors, services
from .forms import ActivityForm, HonourForm, HoursForm, PartTimeForm, WorkLogForm
from .models import NominationStatus, Review, SelectionStatus


def _year(request) -> int:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else timezone.localdate().year


def _self_worker(request):
    return self_worker(request.user)


def _open_assessment_entries(worker):
    from unionsw.assessment.models import Entry
    from unionsw.assessment.services import OPEN

    return Entry.objects.filter(worker=worker, round__status__in=OPEN).select_related("round")


# ---- the worker's phone pages -------------------------------------------------------------------


@permission_required("worklog.self")
def me(request, log_form=None, hours_form=None):
    worker = _self_worker(request)
    if worker is None:
        messages.warning(request, gettext("您的账号尚未关联社工档案，请联系所在县级工会"))
        return redirect("accounts:profile")
    categories, from_policy = services.categories_for(worker.org)
    year = _year(request)
    return render(
        request,
        "activity/me.html",
        {
            "worker": worker,
            "log_form": log_form or WorkLogForm(categories=categories, initial={"day": timezone.localdate()}),
            "hours_form": hours_form or HoursForm(initial={"day": timezone.localdate()}),
            "categories_from_policy": from_policy,
            "entries": selectors.worklog_visible_to(request.user).filter(worker=worker).select_related("evidence")[:30],
            "hours": selectors.hours_visible_to(request.user).filter(worker=worker).select_related("activity")[:30],
            "summary": selectors.worklog_summary(request.user, year=year, worker=worker),
            "year": year,
            "assessments": _open_assessment_entries(worker),
        },
    )


@require_POST
@permission_required("worklog.self")
def me_worklog_add(request):
    worker = _self_worker(request)
    if worker is None:
        raise Http404
    categories, _ = services.categories_for(worker.org)
    form = WorkLogForm(request.POST, request.FILES, categories=categories)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "evidence"}
        data["beneficiaries"] = data.get("beneficiaries") or 0
        try:
            services.worklog_add(by=request.user, data=data, evidence=form.cleaned_data["evidence"])
        except ValidationError as exc:
            _attach(form, exc)
        else:
            host = cached_policy_values(worker.org, ("host_unit_daily_management",))["host_unit_daily_management"]
            messages.success(request, gettext("工作日志已提交，待%(confirmer)s确认") % {"confirmer": gettext(rules.confirmer(host))})
            return redirect("activity:me")
    return me(request, log_form=form)


@require_POST
@permission_required("worklog.self")
def me_hours_add(request):
    form = HoursForm(request.POST, request.FILES)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "evidence"}
        try:
            services.hours_log(by=request.user, data=data, evidence=form.cleaned_data["evidence"])
        except services.Conflict as exc:
            return _conflict(exc)
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(request, gettext("志愿服务时长已提交，待确认"))
            return redirect("activity:me")
    return me(request, hours_form=form)


@require_POST
@permission_required("worklog.self")
def me_workload_prefill(request, pk):
    worker = _self_worker(request)
    if worker is None:
        raise Http404
    entry = get_object_or_404(_open_assessment_entries(worker), pk=pk)
    try:
        rows = services.workload_prefill(by=request.user, entry=entry)
    except (OutOfScope, NotAllowed):
        raise Http404 from None
    except ValidationError as exc:
        _err(request, exc)
    else:
        messages.success(
            request,
            gettext("已从已确认的工作日志填入 %(year)s 年度工作量化表（%(rows)s 项），可在述职页补充") % {"year": entry.round.year, "rows": len(rows)},
        )
    return redirect("activity:me")


def evidence_download(request, pk):
    ev = get_object_or_404(selectors.evidence_visible_to(request.user).select_related("worker"), pk=pk)
    if not (request.user.can("worklog.view") or request.user.can("volunteer.view") or ev.worker.user_id == request.user.pk):
        raise Http404
    handle = services.evidence_open(by=request.user, evidence=ev)
    return file_response(handle, content_type=ev.content_type, attachment=True, filename=f"evidence-{ev.pk}{ev.file.name[-4:]}")


# ---- work log for the unit and the county -------------------------------------------------------


@permission_required("worklog.view")
def worklog(request):
    year = _year(request)
    pending = (
        selectors.worklog_visible_to(request.user).filter(status=Review.SUBMITTED).select_related("worker", "org", "evidence").order_by("day", "id")
    )
    rounds = []
    if request.user.can("assessment.county"):
        from unionsw.assessment.selectors import rounds_visible_to
        from unionsw.assessment.services import OPEN

        rounds = list(rounds_visible_to(request.user).filter(status__in=OPEN).select_related("org"))
    return render(
        request,
        "activity/worklog.html",
        {
            "pending": pending[:200],
            "pending_count": pending.count(),
            "summary": selectors.worklog_summary(request.user, year=year),
            "by_worker": selectors.worklog_by_worker(request.user, year=year),
            "year": year,
            "rounds": rounds,
            "host_gate_off": request.user.gated_off("worklog.host_review"),
        },
    )


@permission_required("worklog.view")
def worklog_export(request):
    from unionsw.core.audit import audit
    from unionsw.core.excel import xlsx_response

    from .excel import worklog_summary_xlsx

    year = _year(request)
    content = worklog_summary_xlsx(request.user, year=year)
    audit(by=request.user, action="worklog.export", target=None, detail={"year": year})
    return xlsx_response(content, f"工作日志汇总-{year}.xlsx")


@permission_required("volunteer.view")
def volunteer_export(request):
    from unionsw.core.audit import audit
    from unionsw.core.excel import xlsx_response

    from .excel import volunteer_totals_xlsx

    today = timezone.localdate()
    start = parsing.parse_date(request.GET.get("start"), field="start", label=gettext("开始日期")) or date(today.year, 1, 1)
    end = parsing.parse_date(request.GET.get("end"), field="end", label=gettext("结束日期")) or today
    content = volunteer_totals_xlsx(request.user, start=start, end=end)
    audit(by=request.user, action="volunteer.export", target=None, detail={"start": str(start), "end": str(end)})
    return xlsx_response(content, f"志愿服务时长汇总-{start:%Y%m%d}-{end:%Y%m%d}.xlsx")


def _review_batch(request, *, field: str, queryset, review, done: str, back: str, **extra):
    """The confirm/return POST shared by the work log and volunteer hours: the ticked rows (all within the
    user's scope, or nothing happens), the service, and its answers — 409 on a lost race, 404 out of scope."""
    ids = [int(i) for i in request.POST.getlist(field) if i.isdigit()]
    rows = list(queryset.filter(pk__in=ids))
    if not ids or len(rows) != len(set(ids)):
        messages.error(request, gettext("请选择要处理的记录"))
        return redirect(back)
    try:
        n = review(request.user, rows, request.POST.get("action") != "return", **extra)
    except services.Conflict as exc:
        return _conflict(exc)
    except OutOfScope:
        raise Http404 from None
    except ValidationError as exc:
        _err(request, exc)
    else:
        messages.success(request, gettext(done) % {"n": n})
    return redirect(back)


@require_POST
@permission_required("worklog.confirm")
def worklog_review(request):
    return _review_batch(
        request,
        field="entry",
        queryset=selectors.worklog_visible_to(request.user),
        review=lambda by, rows, confirm, note: services.worklog_review(by=by, entries=rows, confirm=confirm, note=note),
        note=request.POST.get("note", ""),
        done=gettext_noop("已处理 %(n)s 条工作日志"),
        back="activity:worklog",
    )


@require_POST
@permission_required("assessment.county")
def workload_prefill_round(request):
    from unionsw.assessment.selectors import rounds_visible_to

    raw = request.POST.get("round", "")
    rnd = get_object_or_404(rounds_visible_to(request.user), pk=int(raw) if raw.isdigit() else 0)
    try:
        n = services.workload_prefill_round(by=request.user, round=rnd)
    except ValidationError as exc:
        _err(request, exc)
    else:
        messages.success(request, gettext("已从工作日志填入 %(n)s 名社工的年度工作量化表") % {"n": n})
    return redirect("activity:worklog")


# ---- volunteer service --------------------------------------------------------------------------


@permission_required("volunteer.view")
def volunteer(request):
    today = timezone.localdate()
    try:
        start = parsing.parse_date(request.GET.get("start"), field="start", label=gettext("开始日期")) or date(today.year, 1, 1)
        end = parsing.parse_date(request.GET.get("end"), field="end", label=gettext("结束日期")) or today
    except ValidationError as exc:
        return HttpResponse(f"<p>{exc.messages[0]}</p>", status=400)
    form = None
    if request.user.can("volunteer.manage"):
        orgs = visible_orgs(request.user).filter(is_active=True).order_by("path")
        form = ActivityForm(request.POST or None, request.FILES or None, orgs=orgs, initial={"org": request.user.org_id, "day": today})
        if request.method == "POST" and form.is_valid():
            try:
                act = services.activity_create(
                    by=request.user, org=form.cleaned_data["org"], data=form.cleaned_data, photo=form.cleaned_data["photo"]
                )
            except OutOfScope:
                raise Http404 from None
            except ValidationError as exc:
                _attach(form, exc)
            else:
                messages.success(request, gettext("已登记志愿服务活动：%(theme)s") % {"theme": act.theme})
                return redirect("activity:activity", pk=act.pk)
    pending = selectors.hours_visible_to(request.user).filter(status=Review.SUBMITTED).select_related("worker", "org", "activity", "evidence")
    # a row the user sees but may not confirm (a host's worker at another organiser's activity) gets no checkbox
    pending = pending.annotate(
        may_review=Case(When(selectors.hours_reviewable_q(request.user), then=Value(True)), default=Value(False), output_field=BooleanField())
    )
    return render(
        request,
        "activity/volunteer.html",
        {
            "activities": selectors.activities_visible_to(request.user).select_related("org")[:50],
            "pending": pending[:200],
            "totals": selectors.volunteer_totals(request.user, start=start, end=end),
            "start": start,
            "end": end,
            "form": form,
            "host_gate_off": request.user.gated_off("volunteer.host_manage"),
        },
    )


@require_POST
@permission_required("volunteer.manage")
def hours_review(request):
    return _review_batch(
        request,
        field="row",
        queryset=selectors.hours_visible_to(request.user),
        review=lambda by, rows, confirm: services.hours_review(by=by, rows=rows, confirm=confirm),
        done=gettext_noop("已处理 %(n)s 条志愿服务时长"),
        back="activity:volunteer",
    )


@permission_required("volunteer.view")
def activity_detail(request, pk):
    act = get_object_or_404(selectors.activities_visible_to(request.user).select_related("org"), pk=pk)
    if request.method == "POST":
        if not request.user.can("volunteer.manage"):
            raise Http404
        hours = {}
        for wid in request.POST.getlist("worker"):
            if wid.isdigit():
                hours[int(wid)] = request.POST.get(f"hours_{wid}", "")
        try:
            n = services.participants_set(by=request.user, activity=act, hours_by_worker=hours)
        except OutOfScope:
            raise Http404 from None
        except ValidationError as exc:
            _err(request, exc)
        else:
            messages.success(request, gettext("已登记 %(n)s 名参与社工的时长") % {"n": n})
        return redirect("activity:activity", pk=act.pk)
    participants = act.participants.select_related("worker__org")
    taken = {p.worker_id for p in participants}
    candidates = []
    if request.user.can("volunteer.manage"):
        candidates = [
            w
            for w in worker_list_visible_to(request.user).filter(status="active", org__path__startswith=act.org.path).select_related("org").order_by("org__path", "name")[:200]
            if w.pk not in taken
        ]
    return render(request, "activity/activity.html", {"act": act, "participants": participants, "candidates": candidates})


@permission_required("volunteer.view")
def activity_photo(request, pk):
    act = get_object_or_404(selectors.activities_visible_to(request.user), pk=pk)
    if not act.photo:
        raise Http404
    return file_response(act.photo, content_type=act.photo_type, filename=f"activity-{act.pk}{act.photo.name[-4:]}")


# ---- honours and the selection ------------------------------------------------------------------


@permission_required("honour.view")
def honours(request):
    from unionsw.assessment.selectors import rounds_visible_to
    from unionsw.assessment.services import OPEN

    year = _year(request)
    sels = selectors.selections_visible_to(request.user).select_related("org")
    if request.method == "POST":
        if not request.user.can("selection.review"):
            raise Http404
        org = visible_orgs(request.user).filter(pk=request.POST.get("org") if (request.POST.get("org") or "").isdigit() else 0).first()
        raw_year = request.POST.get("year", "")
        try:
            if org is None:
                raise ValidationError(gettext("请选择评选单位"))
            sel = services.selection_create(by=request.user, org=org, year=int(raw_year) if raw_year.isdigit() else 0, title=request.POST.get("title", ""))
        except services.Conflict as exc:
            return _conflict(exc)
        except ValidationError as exc:
            _err(request, exc)
        else:
            messages.success(request, gettext("已建立%(year)s 年度%(title)s评选") % {"year": sel.year, "title": sel.title})
            return redirect("activity:selection", pk=sel.pk)
        return redirect("activity:honours")
    return render(
        request,
        "activity/honours.html",
        {
            "honours": selectors.honours_visible_to(request.user).filter(awarded_on__year=year).select_related("worker__org")[:300],
            "year": year,
            "selections": sels[:50],
            "cities": visible_orgs(request.user).filter(level=OrgLevel.CITY) if request.user.can("selection.review") else [],
            "rounds": list(rounds_visible_to(request.user).filter(status__in=OPEN).select_related("org")) if request.user.can("assessment.county") else [],
        },
    )


@require_POST
@permission_required("assessment.county")
def bonus_prefill(request):
    from unionsw.assessment.selectors import rounds_visible_to

    raw = request.POST.get("round", "")
    rnd = get_object_or_404(rounds_visible_to(request.user), pk=int(raw) if raw.isdigit() else 0)
    try:
        n = services.bonus_prefill_round(by=request.user, round=rnd)
    except ValidationError as exc:
        _err(request, exc)
    else:
        messages.success(request, gettext("已按荣誉表彰填入 %(n)s 名社工的表彰级别（加分按考核方案）") % {"n": n})
    return redirect("activity:honours")


@permission_required("honour.manage")
def honour_new(request, pk):
    worker = get_object_or_404(worker_list_visible_to(request.user).select_related("org"), pk=pk)
    titles = services.honour_titles(worker.org)
    form = HonourForm(request.POST or None, request.FILES or None, titles=titles)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "document"}
        try:
            services.honour_add(by=request.user, worker=worker, data=data, document=form.cleaned_data["document"])
        except OutOfScope:
            raise Http404 from None
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(request, gettext("荣誉表彰已记入档案"))
            return redirect("activity:worker", pk=worker.pk)
    return render(request, "activity/honour_form.html", {"form": form, "worker": worker})


def worker_record(request, pk):
    """One worker's work log summary, volunteer hours and honours (also the worker's own view)."""
    worker = get_object_or_404(worker_list_visible_to(request.user).select_related("org"), pk=pk)
    if not (request.user.can("worklog.view") or worker.user_id == request.user.pk):
        raise Http404
    year = _year(request)
    from django.db.models import Sum

    vol = selectors.hours_visible_to(request.user).filter(worker=worker, status=Review.CONFIRMED, day__year=year).aggregate(h=Sum("hours"))["h"]
    return render(
        request,
        "activity/worker.html",
        {
            "worker": worker,
            "year": year,
            "summary": selectors.worklog_summary(request.user, year=year, worker=worker),
            "volunteer_hours": vol or 0,
            "honours": selectors.honours_visible_to(request.user).filter(worker=worker),
            "part_time": selectors.part_time_visible_to(request.user).filter(worker=worker),
            "part_time_form": PartTimeForm(),
            "needs_consent": services.part_time_needs_consent(worker.org),
        },
    )


@require_POST
@permission_required("parttime.manage")
def part_time_add(request, pk):
    worker = get_object_or_404(worker_list_visible_to(request.user).select_related("org"), pk=pk)
    form = PartTimeForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(
            request,
            gettext("；").join(
                gettext("%(label)s：%(errors)s") % {"label": form.fields[f].label if f in form.fields else "", "errors": " ".join(e)}
                for f, e in form.errors.items()
            ),
        )
        return redirect("activity:worker", pk=worker.pk)
    data = {k: v for k, v in form.cleaned_data.items() if k != "document"}
    try:
        services.part_time_add(by=request.user, worker=worker, data=data, document=form.cleaned_data["document"])
    except OutOfScope:
        raise Http404 from None
    except ValidationError as exc:
        _err(request, exc)
    else:
        messages.success(request, gettext("兼任已登记"))
    return redirect("activity:worker", pk=worker.pk)


def _selection(request, pk):
    return get_object_or_404(selectors.selections_visible_to(request.user).select_related("org"), pk=pk)


@permission_required("honour.view")
def selection_detail(request, pk):
    sel = _selection(request, pk)
    if request.method == "POST":  # a county nominates
        raw = request.POST.get("worker", "")
        worker = get_object_or_404(worker_list_visible_to(request.user), pk=int(raw) if raw.isdigit() else 0)
        try:
            services.nominate(by=request.user, selection=sel, worker=worker, reason=request.POST.get("reason", ""))
        except services.Conflict as exc:
            return _conflict(exc)
        except OutOfScope:
            raise Http404 from None
        except ValidationError as exc:
            _err(request, exc)
        else:
            messages.success(request, gettext("已推荐 %(name)s") % {"name": worker.name})
        return redirect("activity:selection", pk=sel.pk)
    noms = selectors.nominations_visible_to(request.user).filter(selection=sel).select_related("worker", "org").prefetch_related("objections")
    if sel.status == SelectionStatus.NOTICE:  # the public notice shows the approved list to everyone who sees the selection
        from .models import Nomination

        noms = Nomination.objects.filter(selection=sel, status__in=[NominationStatus.APPROVED, NominationStatus.WITHDRAWN]).select_related("worker", "org").prefetch_related("objections")
    approved = sum(1 for n in noms if n.status == NominationStatus.APPROVED)
    candidates = []
    if request.user.can("selection.nominate") and sel.status == SelectionStatus.NOMINATING:
        candidates = worker_list_visible_to(request.user).filter(status="active", org__path__startswith=sel.org.path).select_related("org").order_by("org__path", "name")[:300]
    return render(
        request,
        "activity/selection.html",
        {"sel": sel, "noms": noms, "approved": approved, "candidates": candidates, "today": timezone.localdate()},
    )


@require_POST
@permission_required("selection.review")
def selection_advance(request, pk):
    sel = _selection(request, pk)
    try:
        services.selection_advance(
            by=request.user,
            selection=sel,
            notice_from=parsing.parse_date(request.POST.get("notice_from"), field="notice_from", label=gettext("公示开始日期")),
            notice_until=parsing.parse_date(request.POST.get("notice_until"), field="notice_until", label=gettext("公示截止日期")),
        )
    except OutOfScope:
        raise Http404 from None
    except ValidationError as exc:
        _err(request, exc)
    return redirect("activity:selection", pk=sel.pk)


def _nomination(request, pk):
    from .models import Nomination

    nom = get_object_or_404(Nomination.objects.select_related("selection"), pk=pk)
    if not selectors.selections_visible_to(request.user).filter(pk=nom.selection_id).exists():
        raise Http404
    return nom


@require_POST
@permission_required("selection.review")
def nomination_review(request, pk):
    nom = get_object_or_404(selectors.nominations_visible_to(request.user).select_related("selection"), pk=pk)
    try:
        services.nomination_review(by=request.user, nomination=nom, approve=request.POST.get("decision") == "approve", note=request.POST.get("note", ""))
    except OutOfScope:
        raise Http404 from None
    except ValidationError as exc:
        _err(request, exc)
    return redirect("activity:selection", pk=nom.selection_id)


@require_POST
@permission_required("honour.view")
def objection_raise(request, pk):
    nom = _nomination(request, pk)
    try:
        services.objection_raise(by=request.user, nomination=nom, text=request.POST.get("text", ""))
    except ValidationError as exc:
        _err(request, exc)
    else:
        messages.success(request, gettext("异议已提交，市总工会将核实处理"))
    return redirect("activity:selection", pk=nom.selection_id)


@require_POST
@permission_required("selection.review")
def objection_resolve(request, pk):
    from .models import Objection

    obj = get_object_or_404(Objection.objects.select_related("nomination"), pk=pk)
    if not selectors.nominations_visible_to(request.user).filter(pk=obj.nomination_id).exists():
        raise Http404
    try:
        services.objection_resolve(by=request.user, objection=obj, upheld=request.POST.get("upheld") == "1", resolution=request.POST.get("resolution", ""))
    except services.Conflict as exc:
        return _conflict(exc)
    except OutOfScope:
        raise Http404 from None
    except ValidationError as exc:
        _err(request, exc)
    return redirect("activity:selection", pk=obj.nomination.selection_id)
