
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from unionsw.core.decorators import permission_required
from unionsw.core.errors import NotAllowed, OutOfScope
from unionsw.core.scope import visible_orgs
from unionsw.core.view_errors import attach_to_form as _attach
from unionsw.core.view_errors import conflict as _conflict
from unionsw.core.view_errors import flash as _err
from unionsw.workers.selectors import worker_list_visible_to

from . import compliance, rules, selectors, services
from .forms import PlanForm, SessionForm
from .models import ExamLevel, ExamResult


def _plan_orgs(user):
    return visible_orgs(user).filter(is_active=True, level__in=services.PLAN_LEVELS).order_by("path")


@permission_required("training.view")
def plans(request):
    qs = selectors.plans_visible_to(request.user).select_related("org")
    year = request.GET.get("year", "")
    if year.isdigit():
        qs = qs.filter(year=int(year))
    form = None
    if request.user.can("training.manage"):
        form = PlanForm(request.POST or None, orgs=_plan_orgs(request.user), initial={"year": timezone.localdate().year, "org": request.user.org_id})
        if request.method == "POST" and form.is_valid():
            try:
                plan = services.plan_create(by=request.user, **form.cleaned_data)
            except services.Conflict as exc:
                return _conflict(exc)
            except ValidationError as exc:
                _attach(form, exc)
            else:
                messages.success(request, gettext("已建立 %(year)s 年度培训计划") % {"year": plan.year})
                return redirect("training:plan", pk=plan.pk)
    return render(request, "training/plans.html", {"plans": qs[:200], "form": form, "year": year})


def _plan(request, pk):
    return get_object_or_404(selectors.plans_visible_to(request.user).select_related("org"), pk=pk)


@permission_required("training.view")
def plan_detail(request, pk):
    plan = _plan(request, pk)
    kinds, from_policy = services.kinds_for(plan.org)
    form = None
    if request.user.can("training.manage"):
        form = SessionForm(request.POST or None, kinds=kinds)
        if request.method == "POST" and form.is_valid():
            try:
                session = services.session_create(by=request.user, plan=plan, data=form.cleaned_data)
            except OutOfScope:
                raise Http404 from None
            except ValidationError as exc:
                _attach(form, exc)
            else:
                messages.success(request, gettext("已新增班次：%(title)s") % {"title": session.title})
                return redirect("training:session", pk=session.pk)
    return render(
        request,
        "training/plan.html",
        {
            "plan": plan,
            "sessions": selectors.plan_sessions(plan),
            "completion": selectors.plan_completion(plan),
            "form": form,
            "kinds": kinds,
            "kinds_from_policy": from_policy,
        },
    )


def _session(request, pk):
    return get_object_or_404(selectors.sessions_visible_to(request.user).select_related("plan__org"), pk=pk)


@permission_required("training.view")
def session_detail(request, pk):
    session = _session(request, pk)
    q = request.GET.get("q", "").strip()[:50]
    enrolments = session.enrolments.select_related("worker__org").order_by("worker__org__path", "worker__name")
    can_manage = request.user.can("training.manage")
    return render(
        request,
        "training/session.html",
        {
            "session": session,
            "enrolments": enrolments,
            "candidates": selectors.enrolment_candidates(request.user, session, q) if can_manage else [],
            "q": q,
            "can_manage": can_manage,
            "code": services.current_code(session),
            "today": timezone.localdate(),
        },
    )


@require_POST
@permission_required("training.manage")
def session_enrol(request, pk):
    session = _session(request, pk)
    ids = [int(i) for i in request.POST.getlist("worker") if i.isdigit()]
    workers = list(worker_list_visible_to(request.user).filter(pk__in=ids))
    if len(workers) != len(set(ids)) or not ids:
        messages.error(request, gettext("请选择要报名的社工"))
        return redirect("training:session", pk=session.pk)
    try:
        n = services.enrol(by=request.user, session=session, workers=workers)
    except OutOfScope:
        raise Http404 from None
    except ValidationError as exc:
        _err(request, exc)
    else:
        messages.success(request, gettext("已报名 %(n)s 人") % {"n": n})
    return redirect("training:session", pk=session.pk)


@require_POST
@permission_required("training.manage")
def session_attendance(request, pk):
    session = _session(request, pk)
    ids = [int(i) for i in request.POST.getlist("attended") if i.isdigit()]
    try:
        n = services.attendance_mark(by=request.user, session=session, attended_ids=ids, hours=request.POST.get("hours") or None)
    except OutOfScope:
        raise Http404 from None
    except ValidationError as exc:
        _err(request, exc)
    else:
        messages.success(request, gettext("已登记签到，%(n)s 人有变化") % {"n": n})
    return redirect("training:session", pk=session.pk)


@require_POST
@permission_required("training.manage")
def session_signin_open(request, pk):
    session = _session(request, pk)
    raw = request.POST.get("minutes", "").strip()
    try:
        if request.POST.get("close"):
            services.signin_close(by=request.user, session=session)
            messages.success(request, gettext("签到已关闭"))
            return redirect("training:session", pk=session.pk)
        services.signin_open(by=request.user, session=session, minutes=int(raw) if raw.isdigit() else 0)
    except OutOfScope:
        raise Http404 from None
    except ValidationError as exc:
        _err(request, exc)
        return redirect("training:session", pk=session.pk)
    return redirect("training:session_code", pk=session.pk)


@permission_required("training.manage")
def session_code(request, pk):
    """The code to show on the projector; the page refreshes the code itself (htmx polling)."""
    session = _session(request, pk)
    now = timezone.now()
    context = {"session": session, "code": services.current_code(session, now), "left": rules.seconds_left(now)}
    if request.htmx:
        return render(request, "training/_code.html", context)
    return render(request, "training/code.html", context)


# ---- the worker's own pages (phone) ------------------------------------------------------------


@permission_required("training.self")
def me(request):
    worker = selectors.self_worker(request.user)
    if worker is None:
        messages.warning(request, gettext("您的账号尚未关联社工档案，请联系所在县级工会"))
        return redirect("accounts:profile")
    today = timezone.localdate()
    history = list(selectors.worker_history(request.user, worker))
    return render(
        request,
        "training/me.html",
        {
            "worker": worker,
            "history": history,
            "signin_open": [e for e in history if e.attended_at is None and e.session.signin_until and e.session.signin_until > timezone.now()],
            "open_sessions": selectors.open_sessions_for(worker, today)[:50],
            "hours": selectors.worker_hours_by_year(request.user, worker),
            "compliance": compliance.for_worker(worker, today),
        },
    )


def _self_session(request, pk):
    """A session the worker is enrolled in or may join (outside that: 404)."""
    worker = selectors.self_worker(request.user)
    if worker is None:
        raise Http404
    return get_object_or_404(selectors.sessions_for_worker(worker), pk=pk)


@require_POST
@permission_required("training.self")
def join(request, pk):
    session = _self_session(request, pk)
    try:
        services.self_enrol(by=request.user, session=session)
    except services.Conflict as exc:
        return _conflict(exc)
    except OutOfScope:
        raise Http404 from None
    except ValidationError as exc:
        _err(request, exc)
    else:
        messages.success(request, gettext("已报名：%(title)s") % {"title": session.title})
    return redirect("training:me")


@require_POST
@permission_required("training.self")
def signin(request, pk):
    session = _self_session(request, pk)
    try:
        enrolment = services.signin_with_code(by=request.user, session=session, code=request.POST.get("code", "")[:20])
    except services.Conflict as exc:
        return _conflict(exc)
    except OutOfScope:
        raise Http404 from None
    except ValidationError as exc:
        _err(request, exc)
    else:
        messages.success(
            request,
            gettext("签到成功：%(title)s，认定 %(hours)s 学时") % {"title": session.title, "hours": f"{enrolment.hours_credited:g}"},
        )
    return redirect("training:me")


def certificate(request, pk):
    enrolment = get_object_or_404(selectors.enrolments_visible_to(request.user).select_related("session__plan__org", "worker__org"), pk=pk)
    try:
        data = services.certificate_open(by=request.user, enrolment=enrolment)
    except ValidationError as exc:
        if isinstance(exc, NotAllowed):
            raise Http404 from None
        return HttpResponse(f"<p>{exc.messages[0]}</p>", status=400)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{enrolment.pk}.pdf"'
    return response


def worker_training(request, pk):
    """One worker's training record: history, hours per year, compliance (also for the worker themself)."""
    worker = get_object_or_404(worker_list_visible_to(request.user).select_related("org"), pk=pk)
    if not (request.user.can("training.view") or worker.user_id == request.user.pk):
        raise Http404
    today = timezone.localdate()
    return render(
        request,
        "training/worker.html",
        {
            "worker": worker,
            "history": selectors.worker_history(request.user, worker),
            "hours": selectors.worker_hours_by_year(request.user, worker),
            "compliance": compliance.for_worker(worker, today),
            "exams": selectors.exam_sittings_visible_to(request.user).filter(worker=worker),
            "exam_levels": ExamLevel.choices,
            "exam_results": ExamResult.choices,
            "this_year": today.year,
        },
    )


@permission_required("training.view")
def compliance_list(request):
    today = timezone.localdate()
    rows = compliance.rows_for(request.user, today)
    show = request.GET.get("show", "open")
    if show == "open":
        rows = [r for r in rows if r["c"].state in ("overdue", "pending")]
    return render(request, "training/compliance.html", {"rows": rows[:500], "total": len(rows), "show": show, "today": today})




@require_POST
@permission_required("training.manage")
def exam_record(request, pk):
    worker = get_object_or_404(worker_list_visible_to(request.user).select_related("org"), pk=pk)
    raw = request.POST.get("year", "")
    try:
        services.exam_record(
            by=request.user,
            worker=worker,
            year=int(raw) if raw.isdigit() else 0,
            level=request.POST.get("level", ""),
            result=request.POST.get("result", ""),
            note=request.POST.get("note", "")[:300],
        )
    except services.Conflict as exc:
        return _conflict(exc)
    except OutOfScope:
        raise Http404 from None
    except ValidationError as exc:
        _err(request, exc)
    else:
        messages.success(request, gettext("考试记录已保存"))
    return redirect("training:worker", pk=worker.pk)


@permission_required("training.view")
def exams(request):
    return render(request, "training/exams.html", {"rows": selectors.exam_summary(request.user)})


@permission_required("training.manage")
def enrol_template(request):
    from unionsw.core.excel import xlsx_response

    from .excel import template

    return xlsx_response(template(), "培训报名名单模板.xlsx")


@require_POST
@permission_required("training.manage")
def session_enrol_import(request, pk):
    from unionsw.core.excel import upload_error

    from .excel import import_enrolments

    session = _session(request, pk)
    problem = upload_error(request)
    if problem:
        messages.error(request, problem)
        return redirect("training:session", pk=session.pk)
    result = import_enrolments(by=request.user, session=session, fileobj=request.FILES["file"])
    if result.errors:
        # the column names stay Chinese: they are the template's headers
        shown = gettext("；").join(
            gettext("第%(row)s行 %(column)s：%(message)s") % {"row": e.row, "column": e.column, "message": e.message} if e.row else e.message
            for e in result.errors[:10]
        )
        messages.error(request, gettext("导入失败，未报名任何人。%(errors)s") % {"errors": shown})
    else:
        messages.success(request, gettext("已按名单报名 %(n)s 人") % {"n": result.created})
    return redirect("training:session", pk=session.pk)
