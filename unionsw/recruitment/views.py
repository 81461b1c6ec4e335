"""Staff pages of recruitment. Thin: load through a scoped selector, call one service, render."""

from __future__ import annotations

from datetime import date
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Func, OuterRef, Prefetch, Q, Subquery
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from unionsw.accounts.models import User
from unionsw.core import excel as core_excel
from unionsw.core import parsing
from unionsw.core.decorators import permission_required
from unionsw.core.errors import NotAllowed, OutOfScope
from unionsw.core.i18n import choice_label
from unionsw.core.paging import CachedTwoEndedPaginator
from unionsw.core.uploads import file_response
from unionsw.orgs.models import Org, OrgLevel
from unionsw.orgs.policy import NOT_SET, effective_policy, is_soft

from . import pdf, selectors, services
from .forms import ExamBodyForm, PlanForm, RoundForm
from .models import Application, Check, JudgeScore, PlanStatus, Post, Review, RoundStatus

MANAGE, VIEW, UNIFY = "recruitment.manage", "recruitment.view", "recruitment.unify"


def _messages_of(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return gettext("；").join(m for msgs in exc.message_dict.values() for m in msgs)
    return gettext("；").join(exc.messages)


def acting(view):
    """Run a POST action: a ValidationError becomes an error message (in the page's language), OutOfScope a 404."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except OutOfScope:
            raise Http404
        except NotAllowed:
            raise PermissionDenied(gettext("您没有此操作的权限"))
        except ValidationError as exc:
            messages.error(request, _messages_of(exc))
            return redirect(request.POST.get("next") or request.META.get("HTTP_REFERER") or reverse("recruitment:rounds"))

    return wrapper


def _date(value) -> date | None:
    """Blank → None; an impossible date → ValidationError (shown like every other refusal)."""
    return parsing.parse_date(value)


def _plan(request, pk):
    return get_object_or_404(selectors.plans_visible_to(request.user).select_related("org"), pk=pk)


def _round(request, pk):
    return get_object_or_404(selectors.rounds_visible_to(request.user).select_related("org", "plan", "exam_body"), pk=pk)


def _app(request, pk):
    return get_object_or_404(
        selectors.applications_visible_to(request.user).select_related(
            "round", "round__org", "round__plan", "post", "post__plan__org", "applicant"
        ),
        pk=pk,
    )


def _organiser_only(request, rnd) -> None:
    """Whole-round steps: the county of its own round, the city of a unified round; others who may see
    the round (the city over a county round, a county over a unified round) get 403."""
    if not services.may_organise(request.user, rnd):
        raise PermissionDenied(gettext("您没有此操作的权限"))


# --- plans ----------------------------------------------------------------------------------------


@permission_required(VIEW)
def plan_list(request):
    plans = selectors.plans_visible_to(request.user).select_related("org").prefetch_related("posts")
    page = Paginator(plans, 20).get_page(request.GET.get("page"))
    return render(request, "recruitment/plan_list.html", {"page": page})


def _county_units(user):
    org = user.org
    return list(Org.objects.filter(path__startswith=org.path, is_active=True).exclude(pk=org.pk).order_by("path")) if org else []


POST_ROWS = 5


def _post_rows(data) -> list[dict]:
    """The plan form's post rows as typed (kept on the page after a refusal), or five blank rows."""
    return [
        {
            "i": i,
            "unit": data.get(f"unit_{i}", ""),
            "kind": data.get(f"kind_{i}", "").strip(),
            "count": data.get(f"count_{i}", "1"),
            "conditions": data.get(f"conditions_{i}", ""),
            "cert": bool(data.get(f"cert_{i}")),
        }
        for i in range(POST_ROWS)
    ]


@permission_required(MANAGE)
def plan_create(request):
    units = _county_units(request.user)
    form = PlanForm(request.POST or None, initial={"exam_year": date.today().year})
    rows = _post_rows(request.POST)
    if request.method == "POST" and form.is_valid():
        by_pk = {str(u.pk): u for u in units}
        posts = [
            {
                "unit": by_pk.get(r["unit"]),
                "kind": r["kind"],
                "count": r["count"],
                "conditions": r["conditions"],
                "requires_certificate": r["cert"],
            }
            for r in rows
            if r["kind"]
        ]
        try:
            plan = services.plan_create(by=request.user, org=request.user.org, data=form.cleaned_data, posts=posts)
        except ValidationError as exc:
            form.add_error(None, _messages_of(exc))
        else:
            messages.success(request, gettext("招录计划已保存，请核对后报送市总工会"))
            return redirect("recruitment:plan_detail", plan.pk)
    return render(request, "recruitment/plan_form.html", {"form": form, "units": units, "rows": rows})


def plan_detail(request, pk):
    plan = _plan(request, pk)
    if not request.user.can(VIEW):
        raise PermissionDenied(gettext("您没有此操作的权限"))
    policy = effective_policy(plan.org)
    return render(
        request,
        "recruitment/plan_detail.html",
        {
            "plan": plan,
            "posts": plan.posts.select_related("unit"),
            "events": plan.events.filter(application__isnull=True).select_related("by")[:50],
            "round": getattr(plan, "round", None),
            # a filed county plan with no round yet may be taken into the city's unified round
            "may_unify": request.user.can(UNIFY)
            and plan.status == PlanStatus.FILED
            and plan.org.level == OrgLevel.COUNTY
            and not plan.unified_round_id
            and not hasattr(plan, "round"),
            "deadlines": policy.get("plan_deadlines"),
            "exam_months": policy.get("exam_months"),
            "NOT_SET": NOT_SET,
            "S": PlanStatus,
        },
    )


@require_POST
@acting
def plan_action(request, pk, action):
    plan = _plan(request, pk)
    if action == "propose":
        services.plan_propose(by=request.user, plan=plan)
        messages.success(request, gettext("已报送市总工会审批"))
    elif action == "approve":
        services.plan_approve(by=request.user, plan=plan)
        messages.success(request, gettext("已批准，待省总工会备案"))
    elif action == "return":
        services.plan_return(by=request.user, plan=plan, reason=request.POST.get("reason", ""))
        messages.success(request, gettext("已退回县级工会"))
    elif action == "file":
        services.plan_file(by=request.user, plan=plan)
        messages.success(request, gettext("已备案"))
    else:
        raise Http404
    return redirect("recruitment:plan_detail", plan.pk)


def _exam_body_field(form, org, policy) -> None:
    """The round's exam body choice: the bodies entrusted by `org` or above; no field where there are none
    and the policy does not require one (seed 004)."""
    bodies = selectors.exam_bodies_for(org)
    if policy.get("accredited_exam_body") or bodies.exists():
        form.fields["exam_body"].queryset = bodies
        form.fields["exam_body"].label_from_instance = lambda b: gettext("%(name)s（%(commission)s）") % {
            "name": b.name,
            "commission": b.commission,
        }
    else:
        del form.fields["exam_body"]


@permission_required(MANAGE)
def round_announce(request, pk):
    plan = _plan(request, pk)
    policy = effective_policy(plan.org)
    # the suggested title is the official announcement's (stored, printed): Chinese
    form = RoundForm(request.POST or None, initial={"title": f"{plan.org.name}公开招聘工会社会工作专业人才公告"})
    if not (is_soft(policy, "exam_months") and request.user.can("policy.soft_override")):
        del form.fields["exam_month_override_reason"]
    _exam_body_field(form, plan.org, policy)
    if request.method == "POST" and form.is_valid():
        try:
            rnd = services.round_announce(by=request.user, plan=plan, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, _messages_of(exc))
        else:
            messages.success(request, gettext("公告已发布，报名人员可在报名平台看到"))
            return redirect("recruitment:round_detail", rnd.pk)
    return render(
        request,
        "recruitment/round_form.html",
        {
            "form": form,
            "plan": plan,
            "ratio": policy.get("interview_ratio"),
            "months": policy.get("waiting_list_valid_months"),
            "NOT_SET": NOT_SET,
        },
    )


# --- accredited exam bodies (seed 004) -------------------------------------------------------------


def _exam_body_orgs(user):
    from unionsw.core.scope import visible_orgs
    from unionsw.orgs.models import OrgLevel

    return visible_orgs(user).filter(is_active=True, level__lte=OrgLevel.CITY).order_by("path")


@permission_required("exambody.manage")
def exam_bodies(request):
    """The exam bodies the federation entrusts with the unified entry exam: list and add."""
    orgs = _exam_body_orgs(request.user)
    form = ExamBodyForm(request.POST or None, orgs=orgs, initial={"org": request.user.org_id, "is_active": True})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            body = services.exam_body_create(by=request.user, org=data.pop("org"), data=data)
        except ValidationError as exc:
            form.add_error(None, _messages_of(exc))
        else:
            messages.success(request, gettext("已登记社会考试机构“%(name)s”") % {"name": body.name})
            return redirect("recruitment:exam_bodies")
    bodies = (
        selectors.exam_bodies_visible_to(request.user)
        .select_related("org")
        .annotate(round_count=Count("rounds"))
        .order_by("-is_active", "name", "id")
    )
    policy = effective_policy(request.user.org) if request.user.org_id else None
    return render(
        request,
        "recruitment/exam_bodies.html",
        {"form": form, "bodies": bodies, "required": policy.get("accredited_exam_body") if policy else None},
    )


@permission_required("exambody.manage")
def exam_body_edit(request, pk):
    body = get_object_or_404(selectors.exam_bodies_visible_to(request.user).select_related("org"), pk=pk)
    initial = {f: getattr(body, f) for f in ("org", "name", "commission", "accreditation", "valid_from", "valid_until", "is_active")}
    form = ExamBodyForm(request.POST or None, orgs=_exam_body_orgs(request.user), initial=initial)
    form.fields["org"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "org"}
        try:
            services.exam_body_update(by=request.user, body=body, data=data)
        except ValidationError as exc:
            form.add_error(None, _messages_of(exc))
        else:
            messages.success(request, gettext("已保存社会考试机构“%(name)s”") % {"name": body.name})
            return redirect("recruitment:exam_bodies")
    rounds = body.rounds.select_related("org").order_by("-exam_date")[:50]
    return render(request, "recruitment/exam_body_form.html", {"form": form, "body": body, "rounds": rounds})


@permission_required(UNIFY)
def round_unified_create(request):
    """统一招聘: the city announces one round for filed plans of its counties and posts of its direct units."""
    org = request.user.org
    if org is None:
        raise PermissionDenied(gettext("您没有此操作的权限"))
    policy = effective_policy(org)
    eligible = list(services.unified_plans_eligible(org))
    units = list(services.direct_units(org))
    form = RoundForm(request.POST or None, initial={"title": f"{org.name}统一公开招聘工会社会工作专业人才公告"})
    if not (is_soft(policy, "exam_months") and request.user.can("policy.soft_override")):
        del form.fields["exam_month_override_reason"]
    _exam_body_field(form, org, policy)
    rows = _post_rows(request.POST)
    chosen = request.POST.getlist("plan") if request.method == "POST" else request.GET.getlist("plan")
    if request.method == "POST" and form.is_valid():
        ids = [int(v) for v in chosen if v.isdigit()]
        # chosen plans are loaded through the scope filter; the service refuses any that may not be taken in
        plans = list(selectors.plans_visible_to(request.user).filter(pk__in=ids))
        if len(plans) != len(set(ids)):
            raise Http404
        by_pk = {str(u.pk): u for u in units}
        posts = [
            {
                "unit": by_pk.get(r["unit"]),
                "kind": r["kind"],
                "count": r["count"],
                "conditions": r["conditions"],
                "requires_certificate": r["cert"],
            }
            for r in rows
            if r["kind"]
        ]
        try:
            rnd = services.round_unified_create(by=request.user, org=org, plans=plans, direct_posts=posts, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, _messages_of(exc))
        else:
            messages.success(request, gettext("统一招聘公告已发布，报名人员可在报名平台按单位查看岗位"))
            return redirect("recruitment:round_detail", rnd.pk)
    level = policy.values.get("unified_round_level")
    return render(
        request,
        "recruitment/unified_form.html",
        {
            "form": form,
            "org": org,
            "eligible": eligible,
            "chosen": set(chosen),
            "units": units,
            "rows": rows,
            "level": level,
            "ratio": policy.get("interview_ratio"),
            "months": policy.get("waiting_list_valid_months"),
            "NOT_SET": NOT_SET,
        },
    )


# --- rounds ---------------------------------------------------------------------------------------


@permission_required(VIEW)
def round_list(request):
    # a unified round's places: its own plan's posts and those of the plans it took in
    posts = (
        Post.objects.filter(Q(plan=OuterRef("plan")) | Q(plan__unified_round=OuterRef("pk")))
        .order_by()  # no ORDER BY beside the SUM (PostgreSQL refuses one)
        .values(n=Func(F("count"), function="SUM"))
    )
    rounds = (
        selectors.rounds_visible_to(request.user)
        .select_related("org", "plan")
        .annotate(
            applicants=Count("applications", distinct=True),
            hired=Count("applications", filter=Q(applications__worker__isnull=False), distinct=True),
            posts_total=Subquery(posts),
        )
        .order_by("-registration_start", "-id")
    )
    return render(request, "recruitment/round_list.html", {"page": Paginator(rounds, 20).get_page(request.GET.get("page"))})


STEPS = [
    (RoundStatus.ANNOUNCED, choice_label("公告与报名")),
    (RoundStatus.REVIEW, choice_label("资格审查")),
    (RoundStatus.WRITTEN, choice_label("笔试")),
    (RoundStatus.INTERVIEW, choice_label("面试")),
    (RoundStatus.RANKED, choice_label("排名·体检·考察·公示·备案·录用")),
]


def round_detail(request, pk):
    rnd = _round(request, pk)
    if not request.user.can(VIEW):
        raise PermissionDenied(gettext("您没有此操作的权限"))
    post_id = request.GET.get("post", "")
    review = request.GET.get("review", "")
    # post id order is post code order (codes are numbered in creation order) and lets the index
    # (round, post, rank, ticket_no, id) serve every page of a 100,000-application round (issue 13)
    # in a unified round a county sees only its own posts' applicants; the city sees all
    base = selectors.applications_visible_to(request.user).filter(round=rnd) if rnd.unified else rnd.applications
    apps = base.select_related("post", "room").order_by("post_id", F("rank").asc(nulls_last=True), "ticket_no", "id")
    if post_id.isdigit():
        apps = apps.filter(post_id=int(post_id))
    if review in Review.values:
        apps = apps.filter(review=review)
    if request.GET.get("stage") == "selected":
        apps = apps.filter(selected=True)
    page = CachedTwoEndedPaginator(apps, 50).get_page(request.GET.get("page"))
    judges = rnd.judges.select_related("user")
    policy = effective_policy(rnd.org, on=rnd.reference_date)
    return render(
        request,
        "recruitment/round_detail.html",
        {
            "round": rnd,
            "page": page,
            "posts": rnd.posts.select_related("unit"),
            "included": _included_units(rnd),
            "may_organise": services.may_organise(request.user, rnd),
            "stats": selectors.round_stats(rnd),
            "steps": [(s, label, rnd.reached(s), rnd.status == s) for s, label in STEPS],
            "judges": judges,
            "judge_candidates": User.objects.filter(org__path__startswith=rnd.org.path, is_active=True).exclude(
                pk__in=[j.user_id for j in judges]
            )[:200],
            "events": _round_events(request.user, rnd),
            "f": {"post": post_id, "review": review, "stage": request.GET.get("stage", "")},
            "policy": {
                "max_age": policy.get("recruit_max_age"),
                "min_edu": policy.get("recruit_min_education"),
                "tie": policy.get("tie_break"),
                "exam_body_required": policy.get("accredited_exam_body"),
                "hire_grants_qualification": policy.get("hire_exam_grants_qualification"),
            },
            "S": RoundStatus,
            "Review": Review,
            "NOT_SET": NOT_SET,
            "today": date.today(),
            "tickets_ready": pdf.tickets_ready(rnd),
        },
    )


def _round_events(user, rnd):
    events = rnd.plan.events.exclude(action="apply")
    if rnd.unified and not services.may_organise(user, rnd):
        # a county in a city's unified round: the round's steps, not other counties' applicants
        events = events.filter(application__isnull=True)
    return events.select_related("by")[:30]


def _included_units(rnd) -> list[dict]:
    """The units a unified round takes in, with their posts and places (one query)."""
    if not rnd.unified:
        return []
    groups: dict[int, dict] = {}
    for post in rnd.posts.select_related("unit", "plan__org").order_by("code", "id"):
        unit = post.included_unit
        g = groups.setdefault(unit.pk, {"unit": unit, "plan": post.plan, "posts": 0, "places": 0})
        g["posts"] += 1
        g["places"] += post.count
    return list(groups.values())


def round_announcement(request, pk):
    rnd = _round(request, pk)
    return render(request, "recruitment/announcement_print.html", _announcement_context(rnd))


def _announcement_context(rnd):
    policy = effective_policy(rnd.org, on=rnd.reference_date)
    return {
        "round": rnd,
        "posts": rnd.posts.select_related("unit", "plan__org").order_by("code", "id"),
        "max_age": policy.get("recruit_max_age"),
        "min_edu": policy.get("recruit_min_education"),
        "tie": policy.get("tie_break"),
        "interview_weight": 1 - rnd.written_weight,
        "NOT_SET": NOT_SET,
    }


@require_POST
@acting
def round_action(request, pk, action):
    rnd = _round(request, pk)
    _organiser_only(request, rnd)
    user = request.user
    if action in ("close", "review_auto", "rank"):
        # a whole-round step over a big round runs as a queued job (issue 13); small rounds stay inline
        from .jobs import round_step_start

        job = round_step_start(by=user, round=rnd, step=action, back_url=reverse("recruitment:round_detail", args=[rnd.pk]))
        if job is not None:
            return redirect("core:job", pk=job.pk)
    if action == "close":
        services.round_close_registration(by=user, round=rnd)
        messages.success(request, gettext("报名已截止，自动审查完成"))
    elif action == "review_auto":
        n = services.review_accept_auto(by=user, round=rnd)
        messages.success(request, gettext("已按自动审查结果审查%(n)s人") % {"n": n})
    elif action == "written":
        names, caps, addrs = (
            request.POST.getlist("room_name"),
            request.POST.getlist("room_capacity"),
            request.POST.getlist("room_address"),
        )
        rooms = [
            {"name": n.strip(), "capacity": c, "address": a}
            for n, c, a in zip(names, caps, addrs + [""] * len(names), strict=False)
            if n.strip()
        ]
        services.round_start_written(by=user, round=rnd, rooms=rooms)
        messages.success(request, gettext("已编排准考证号和考场座位"))
    elif action == "scores":
        upload = request.FILES.get("file")
        if upload is None:
            raise ValidationError(gettext("请选择成绩表文件"))
        n = services.scores_import(by=user, round=rnd, file=upload)
        messages.success(request, gettext("已导入%(n)s条笔试成绩") % {"n": n})
    elif action == "interview":
        n = services.round_start_interview(by=user, round=rnd)
        messages.success(request, gettext("已确定%(n)s名面试人选") % {"n": n})
    elif action == "judge":
        judge = get_object_or_404(User.objects.filter(org__path__startswith=rnd.org.path), pk=request.POST.get("user") or 0)
        services.judge_assign(by=user, round=rnd, user=judge)
        messages.success(request, gettext("已指定评委：%(judge)s") % {"judge": judge})
    elif action == "rank":
        services.round_rank(by=user, round=rnd)
        messages.success(request, gettext("已计算总成绩和排名，确定体检人选"))
    elif action == "publicity":
        n = services.publicity_start(
            by=user, round=rnd, start=_date(request.POST.get("start")), end=_date(request.POST.get("end"))
        )
        messages.success(request, gettext("已发布拟录用人员公示（%(n)s人）") % {"n": n})
    elif action == "tickets":
        pdf.tickets_start(rnd, by=user)
        return redirect("recruitment:tickets", rnd.pk)
    else:
        raise Http404
    return redirect("recruitment:round_detail", rnd.pk)


def tickets(request, pk):
    """Progress of the admission-ticket PDF (htmx polls this), then the download."""
    rnd = _round(request, pk)
    _organiser_only(request, rnd)
    if request.GET.get("download"):
        path = pdf.tickets_ready(rnd)
        if not path:
            raise Http404
        return FileResponse(open(path, "rb"), as_attachment=True, filename=f"准考证-{rnd.pk}.pdf", content_type="application/pdf")  # noqa: SIM115
    progress = pdf.tickets_progress(rnd)
    template = "recruitment/_tickets_progress.html" if request.htmx else "recruitment/tickets.html"
    return render(request, template, {"round": rnd, "progress": progress, "ready": pdf.tickets_ready(rnd)})


def score_template(request, pk):
    rnd = _round(request, pk)
    _organiser_only(request, rnd)
    rows = list(rnd.applications.exclude(ticket_no="").order_by("ticket_no").values_list("ticket_no", "name"))
    data = core_excel.export_xlsx(["准考证号", "笔试成绩", "姓名（仅供核对）"], [[t, None, n] for t, n in rows])
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="scores-{rnd.pk}.xlsx"'
    return response


def notice(request, pk):
    """拟录用人员公示名单 (printable)."""
    rnd = _round(request, pk)
    apps = rnd.applications.filter(selected=True, publicity_start__isnull=False).select_related(
        "post", "post__unit", "hire_unit", "applicant"
    )
    return render(request, "recruitment/notice_print.html", {"round": rnd, "apps": apps})


def stats(request, pk):
    rnd = _round(request, pk)
    data = selectors.round_stats(rnd)
    if request.GET.get("format") == "xlsx":
        header = ["岗位代码", "岗位", "用人单位", "招录人数", "报名", "审查通过", "参加笔试", "进入面试", "录用", "报录比"]
        rows = [
            [
                p["post"].code,
                p["post"].kind,
                p["post"].unit.name,
                p["count"],
                p["applicants"],
                p["passed"],
                p["sat"],
                p["interviewed"],
                p["hired"],
                p["ratio"],
            ]
            for p in data["posts"]
        ]
        t = data["totals"]
        rows.append(
            ["合计", "", "", t["count"], t["applicants"], t["passed"], t["sat"], t["interviewed"], t["hired"], t["ratio"]]
        )
        response = HttpResponse(
            core_excel.export_xlsx(header, rows), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="recruitment-stats-{rnd.pk}.xlsx"'
        return response
    from unionsw.workers.models import Education

    labels = dict(Education.choices)
    education = [{"name": labels.get(e["education"], e["education"]), "value": e["n"]} for e in data["education"]]
    chart = {
        "posts": [f"{p['post'].code} {p['post'].kind}" for p in data["posts"]],
        "series": {k: [p[k] for p in data["posts"]] for k in ("applicants", "passed", "sat", "interviewed", "hired")},
        "education": education,
    }
    return render(request, "recruitment/stats.html", {"round": rnd, "data": data, "chart": chart, "education": education})


def waiting(request, pk):
    rnd = _round(request, pk)
    on = date.today()
    kinds = sorted({p.kind for p in rnd.posts})
    candidates = list(services.waiting_list(rnd, on=on)[:200]) if rnd.ranked_on else []
    from . import rules

    valid_until = rules.waiting_list_valid_until(rnd.ranked_on, rnd.waiting_list_months) if rnd.ranked_on else None
    if request.method == "POST":
        _organiser_only(request, rnd)
        unit = Org.objects.filter(pk=request.POST.get("unit") or 0, path__startswith=rnd.org.path).first()
        try:
            app = services.waiting_list_offer(by=request.user, round=rnd, kind=request.POST.get("kind", ""), unit=unit)
        except ValidationError as exc:
            messages.error(request, _messages_of(exc))
        else:
            messages.success(request, gettext("已递补%(name)s，请继续体检、考察、公示、备案") % {"name": app.name})
            return redirect("recruitment:application_detail", app.pk)
        return redirect("recruitment:waiting", rnd.pk)
    policy_months = effective_policy(rnd.org, on=rnd.reference_date).get("waiting_list_valid_months")
    return render(
        request,
        "recruitment/waiting.html",
        {
            "round": rnd,
            "candidates": candidates,
            "kinds": kinds,
            "units": _county_units_of(rnd.org),
            "valid_until": valid_until,
            "valid": bool(valid_until and on <= valid_until),
            "policy_months": policy_months,
            "may_organise": services.may_organise(request.user, rnd),
            "NOT_SET": NOT_SET,
        },
    )


def _county_units_of(org):
    return list(Org.objects.filter(path__startswith=org.path, is_active=True).exclude(pk=org.pk).order_by("path"))


# --- applications ---------------------------------------------------------------------------------


def application_detail(request, pk):
    app = _app(request, pk)
    if not request.user.can(VIEW):
        raise PermissionDenied(gettext("您没有此操作的权限"))
    scores = JudgeScore.objects.filter(application=app).select_related("judge")
    return render(
        request,
        "recruitment/application_detail.html",
        {
            "app": app,
            "round": app.round,
            "uploads": app.uploads.all(),
            "scores": scores,
            "objections": app.objections.select_related("resolved_by"),
            "events": app.events.select_related("by"),
            "may_act": services.may_act_on(request.user, app),
            "S": RoundStatus,
            "Check": Check,
            "today": date.today(),
        },
    )


@require_POST
@acting
def application_action(request, pk, action):
    app = _app(request, pk)
    user = request.user
    if action == "review":
        services.application_review(
            by=user, application=app, passed=request.POST.get("passed") == "1", reason=request.POST.get("reason", "")
        )
        messages.success(request, gettext("审查结论已保存"))
    elif action in ("medical", "vetting"):
        promoted = services.check_record(
            by=user, application=app, kind=action, passed=request.POST.get("passed") == "1", note=request.POST.get("note", "")
        )
        if promoted:
            messages.success(request, gettext("已记录；依次递补%(name)s") % {"name": promoted.name})
        else:
            messages.success(request, gettext("已记录"))
    elif action == "objection":
        services.objection_add(
            by=user,
            application=app,
            content=request.POST.get("content", ""),
            received_on=_date(request.POST.get("received_on")) or date.today(),
        )
        messages.success(request, gettext("异议已登记，须处理后方可备案"))
    elif action == "file":
        services.application_file(by=user, application=app)
        messages.success(request, gettext("已备案"))
    elif action == "hire":
        worker = services.application_hire(by=user, application=app, hired_on=_date(request.POST.get("hired_on")) or date.today())
        messages.success(request, gettext("已录用，社工档案已建立：%(name)s") % {"name": worker.name})
    else:
        raise Http404
    return redirect("recruitment:application_detail", app.pk)


@require_POST
@acting
def objection_resolve(request, pk):
    objection = get_object_or_404(selectors.objections_visible_to(request.user).select_related("application"), pk=pk)
    services.objection_resolve(
        by=request.user,
        objection=objection,
        resolution=request.POST.get("resolution", ""),
        upheld=request.POST.get("upheld") == "1",
    )
    messages.success(request, gettext("异议已处理"))
    return redirect("recruitment:application_detail", objection.application_id)


def upload_download(request, pk):
    upload = get_object_or_404(selectors.uploads_visible_to(request.user), pk=pk)
    if not request.user.can(VIEW):
        raise PermissionDenied(gettext("您没有此操作的权限"))
    from unionsw.core.audit import audit

    audit(by=request.user, action="recruitment.upload_download", target=upload.application, detail={"kind": upload.kind})
    return file_response(upload.file, content_type=upload.content_type)


# --- judges ---------------------------------------------------------------------------------------


@permission_required("recruitment.score")
def judge_home(request):
    return render(request, "recruitment/judge_home.html", {"rounds": selectors.judge_rounds(request.user).select_related("org")})


def judge_round(request, pk):
    rnd = get_object_or_404(selectors.judge_rounds(request.user), pk=pk)
    if request.method == "POST":
        app = get_object_or_404(rnd.applications.filter(in_interview=True), pk=request.POST.get("application") or 0)
        try:
            services.judge_score_set(by=request.user, application=app, score=request.POST.get("score", ""))
        except ValidationError as exc:
            messages.error(request, gettext("%(name)s：%(errors)s") % {"name": app.name, "errors": _messages_of(exc)})
        else:
            messages.success(request, gettext("已保存%(name)s的评分") % {"name": app.name})
        return redirect("recruitment:judge_round", rnd.pk)
    apps = (
        rnd.applications.filter(in_interview=True)
        .select_related("post")
        .prefetch_related(Prefetch("judge_scores", queryset=JudgeScore.objects.filter(judge=request.user), to_attr="mine"))
        .order_by("post__code", "ticket_no")
    )
    return render(
        request, "recruitment/judge_round.html", {"round": rnd, "apps": apps, "open": rnd.status == RoundStatus.INTERVIEW}
    )


__all__ = ["Application"]
