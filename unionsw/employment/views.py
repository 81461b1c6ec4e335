"""Thin views: load through a selector (out of scope → 404), call one service, render."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from unionsw.core import parsing
from unionsw.core.decorators import permission_required
from unionsw.core.errors import OutOfScope, StaleVersion
from unionsw.core.scope import visible_orgs
from unionsw.orgs.models import OrgLevel
from unionsw.orgs.policy import effective_policy
from unionsw.orgs.selectors import org_tree
from unionsw.workers.models import WorkerStatus
from unionsw.workers.selectors import worker_list_visible_to

from . import alerts as alert_registry
from . import documents, excel, rules, selectors, services, staffing
from .models import (
    EXIT_KINDS,
    ContractKind,
    ContractStatus,
    HoldingEnd,
    Insurance,
    Movement,
    PostHolding,
    PostKind,
    TermType,
)

PAGE_SIZE = 20


class _Invalid:
    """An input that did not parse; `_run` reports it instead of calling the service."""

    def __init__(self, exc: ValidationError):
        self.exc = exc


def _date(value) -> date | None | _Invalid:
    """Blank → None (the service says which date is missing); an impossible date (2026-02-30) → _Invalid."""
    try:
        return parsing.parse_date(value)
    except ValidationError as exc:
        return _Invalid(exc)


def _errors(exc: ValidationError) -> str:
    return "；".join(exc.messages)


def _run(request, fn, ok: str, **kwargs):
    """Call one service; a refusal becomes a Chinese message, an out-of-scope target a 404."""
    invalid = next((v for v in kwargs.values() if isinstance(v, _Invalid)), None)
    if invalid is not None:
        messages.error(request, _errors(invalid.exc))
        return None
    try:
        result = fn(by=request.user, **kwargs)
    except OutOfScope:
        raise Http404 from None
    except StaleVersion:
        raise  # a lost race: answered 409 by core.security.InvalidInputMiddleware
    except ValidationError as exc:
        messages.error(request, _errors(exc))
        return None
    messages.success(request, ok)
    return result


def _int(value) -> int | None:
    return int(value) if (value or "").isdigit() else None


# ---------------------------------------------------------------- posts


@permission_required("post.view", "post.manage")
def post_list(request):
    f = {k: request.GET.get(k, "").strip() for k in ("org", "kind", "vacant", "q")}
    qs = selectors.post_search(request.user, org_id=_int(f["org"]), kind_id=_int(f["kind"]), vacant=f["vacant"], q=f["q"])
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "f": f,
        "kinds": PostKind.objects.filter(is_active=True),
        "tree": org_tree(list(visible_orgs(request.user).filter(level__lte=OrgLevel.TOWNSHIP).order_by("path"))),
        "current_org": _int(f["org"]),
        "vacant_count": selectors.post_search(request.user, org_id=_int(f["org"]), vacant="1").count(),
    }
    if request.htmx and request.htmx.target == "post-table":
        return render(request, "employment/_post_table.html", context)
    return render(request, "employment/post_list.html", context)


@permission_required("post.manage")
def post_create(request):
    units = visible_orgs(request.user).filter(level__in=[OrgLevel.COUNTY, OrgLevel.TOWNSHIP], is_active=True).order_by("path")
    ladder = effective_policy(request.user.org).get("ladder") if request.user.org_id else None
    if request.method == "POST":
        unit = units.filter(pk=_int(request.POST.get("unit"))).first()
        kind = PostKind.objects.filter(pk=_int(request.POST.get("kind")), is_active=True).first()
        if unit is None:
            messages.error(request, gettext("请选择设岗单位（须在您的管理范围内）"))
        else:
            post = _run(
                request,
                services.post_create,
                gettext("岗位已设置，当前为空缺"),
                unit=unit,
                kind=kind,
                rank_band=request.POST.get("rank_band", ""),
                funding=request.POST.get("funding", ""),
                note=request.POST.get("note", ""),
            )
            if post:
                return redirect("employment:post_detail", pk=post.pk)
    return render(
        request,
        "employment/post_form.html",
        {"units": units, "kinds": PostKind.objects.filter(is_active=True), "ladder": ladder or []},
    )


def _post(request, pk):
    return get_object_or_404(selectors.post_list_visible_to(request.user).select_related("unit", "kind", "holder"), pk=pk)


@permission_required("post.view", "post.manage")
def post_detail(request, pk):
    post = _post(request, pk)
    holdings = PostHolding.objects.filter(post=post).select_related("worker", "created_by")
    context = {"post": post, "holdings": holdings, "tenders": post.tenders.select_related("provider")}
    if request.user.can("post.manage") and post.is_vacant:
        pool = worker_list_visible_to(request.user).filter(status=WorkerStatus.ACTIVE).select_related("org", "current_post__unit")
        context["unposted"] = pool.filter(current_post__isnull=True).order_by("name")[:200]
        context["posted"] = pool.filter(current_post__isnull=False).order_by("org__path", "name")[:300]
        context["today"] = timezone.localdate()
        context["move_kinds"] = [(HoldingEnd.TRANSFER, HoldingEnd.TRANSFER.label), (HoldingEnd.ROTATION, HoldingEnd.ROTATION.label)]
    return render(request, "employment/post_detail.html", context)


@require_POST
@permission_required("post.manage")
def post_fill(request, pk):
    post = _post(request, pk)
    worker = get_object_or_404(worker_list_visible_to(request.user), pk=_int(request.POST.get("worker")) or 0)
    _run(
        request,
        services.post_fill,
        gettext("%(name)s 已到岗") % {"name": worker.name},
        post=post,
        worker=worker,
        on=_date(request.POST.get("on")),
        reason=request.POST.get("reason", ""),
    )
    return redirect("employment:post_detail", pk=post.pk)


@require_POST
@permission_required("post.manage")
def post_transfer(request, pk):
    post = _post(request, pk)
    worker = get_object_or_404(worker_list_visible_to(request.user), pk=_int(request.POST.get("worker")) or 0)
    kind = request.POST.get("kind") or HoldingEnd.TRANSFER
    _run(
        request,
        services.post_transfer,
        (gettext("%(name)s 已轮岗交流到本岗位，原岗位已空缺") if kind == HoldingEnd.ROTATION else gettext("%(name)s 已调动到本岗位，原岗位已空缺"))
        % {"name": worker.name},
        post=post,
        worker=worker,
        on=_date(request.POST.get("on")),
        reason=request.POST.get("reason", ""),
        kind=kind,
    )
    return redirect("employment:post_detail", pk=post.pk)


@require_POST
@permission_required("post.manage")
def worker_move(request, pk):
    """调动 / 轮岗交流 started from the worker's page: the target post comes from the form."""
    worker = _worker(request, pk)
    post = get_object_or_404(selectors.post_list_visible_to(request.user), pk=_int(request.POST.get("post")) or 0)
    kind = request.POST.get("kind") or HoldingEnd.TRANSFER
    _run(
        request,
        services.post_transfer,
        gettext("%(name)s 已调入 %(post)s") % {"name": worker.name, "post": post},
        post=post,
        worker=worker,
        on=_date(request.POST.get("on")),
        reason=request.POST.get("reason", ""),
        kind=kind,
    )
    return _back(worker.pk)


@permission_required("postkind.manage")
def kind_list(request):
    if request.method == "POST":
        _run(
            request,
            services.post_kind_create,
            gettext("岗位类别已添加"),
            name=request.POST.get("name", ""),
            description=request.POST.get("description", ""),
        )
        return redirect("employment:kinds")
    kinds = PostKind.objects.annotate(n=Count("posts")).order_by("sort", "id")
    return render(request, "employment/kinds.html", {"kinds": kinds})


@require_POST
@permission_required("postkind.manage")
def kind_toggle(request, pk):
    kind = get_object_or_404(PostKind, pk=pk)
    _run(request, services.post_kind_toggle, (gettext("已停用：%(kind)s") if kind.is_active else gettext("已启用：%(kind)s")) % {"kind": kind.name}, kind=kind)
    return redirect("employment:kinds")


# ---------------------------------------------------------------- staffing norm


def _staffing_root(request):
    orgs = visible_orgs(request.user).filter(level__lte=OrgLevel.COUNTY).order_by("path")
    if not orgs.exists():  # a township admin sees the norm of its own unit
        orgs = visible_orgs(request.user).filter(pk=request.user.org_id)
    chosen = orgs.filter(pk=_int(request.GET.get("org"))).first() if request.GET.get("org") else None
    if chosen is None:
        chosen = request.user.org if request.user.org_id and orgs.filter(pk=request.user.org_id).exists() else orgs.first()
    return chosen, orgs


@permission_required("post.view")
def staffing_view(request):
    root, orgs = _staffing_root(request)
    if root is None:
        raise Http404
    sort = request.GET.get("sort", "name")
    table = staffing.staffing_table(request.user, root, sort=sort)
    context = {"root": root, "orgs": orgs, "sort": sort, **table}
    if root.level == OrgLevel.PROVINCE:
        context["province"] = staffing.province_total(request.user, root)
    return render(request, "employment/staffing.html", context)


@permission_required("post.view")
def staffing_export(request):
    root, _ = _staffing_root(request)
    if root is None:
        raise Http404
    table = staffing.staffing_table(request.user, root, sort=request.GET.get("sort", "name"))
    data = excel.staffing_workbook(root, table)
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = excel.attachment(f"{root.name}-配备标准.xlsx")
    return response


# ---------------------------------------------------------------- contracts


@permission_required("contract.view")
def contract_list(request):
    f = {k: request.GET.get(k, "").strip() for k in ("org", "status", "kind", "q")}
    qs = selectors.contract_search(request.user, org_id=_int(f["org"]), status=f["status"], kind=f["kind"], q=f["q"])
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "f": f,
        "statuses": ContractStatus.choices,
        "kinds": ContractKind.choices,
        "orgs": visible_orgs(request.user).filter(level__lte=OrgLevel.TOWNSHIP).order_by("path"),
        "today": timezone.localdate(),
    }
    if request.htmx and request.htmx.target == "contract-table":
        return render(request, "employment/_contract_table.html", context)
    return render(request, "employment/contract_list.html", context)


def _worker(request, pk):
    return get_object_or_404(worker_list_visible_to(request.user).select_related("org"), pk=pk)


def _contract(request, pk):
    return get_object_or_404(selectors.contract_list_visible_to(request.user).select_related("worker", "worker__org"), pk=pk)


@permission_required("contract.view")
def worker_contracts(request, pk):
    worker = _worker(request, pk)
    contracts = list(
        worker.contracts.select_related("provider", "post__kind", "post__unit", "renewal_of").prefetch_related(
            "events__by", "disputes"
        )
    )
    policy = effective_policy(worker.org)
    today = timezone.localdate()
    context = {
        "worker": worker,
        "contracts": contracts,
        "insurances": Insurance.objects.filter(worker=worker),
        "movements": Movement.objects.filter(worker=worker).select_related(
            "from_post__kind", "to_post__kind", "from_post__unit", "to_post__unit"
        ),
        "holdings": PostHolding.objects.filter(worker=worker).select_related("post__kind", "post__unit"),
        "alerts": [a for a in alert_registry.collect(request.user, today) if a.worker_id == worker.pk],
        "sign_limit": policy.values.get("contract_sign_limit_months"),
        "kind_default": rules.contract_kind_for(worker.employment_mode),
        "is_rehired": rules.is_rehired(worker),
        "kinds": ContractKind.choices,
        "term_types": TermType.choices,
        "dissolve_grounds": {"labour": rules.DISSOLVE_GROUNDS, "service": rules.SERVICE_DISSOLVE_GROUNDS},
        "terminate_grounds": rules.TERMINATE_GROUNDS,
        "channels": services.DISPUTE_CHANNELS,
        "providers": selectors.provider_list_visible_to(request.user),
        "today": today,
        "vacant_posts": selectors.post_search(request.user, vacant="1")[:200] if request.user.can("post.manage") else [],
        "move_kinds": [(HoldingEnd.TRANSFER, HoldingEnd.TRANSFER.label), (HoldingEnd.ROTATION, HoldingEnd.ROTATION.label)],
        "consecutive": rules.consecutive_fixed_terms(
            [c for c in sorted(contracts, key=lambda c: c.starts_on) if c.status != "draft"]
        ),
    }
    return render(request, "employment/worker_contracts.html", context)


def _back(worker_id):
    return redirect("employment:worker_contracts", pk=worker_id)


@require_POST
@permission_required("contract.manage")
def contract_create(request, pk):
    worker = _worker(request, pk)
    provider = None
    if _int(request.POST.get("provider")):
        provider = get_object_or_404(selectors.provider_list_visible_to(request.user), pk=_int(request.POST.get("provider")))
    _run(
        request,
        services.contract_draft_create,
        gettext("合同已拟订，待签订"),
        worker=worker,
        kind=request.POST.get("kind", ""),
        start=_date(request.POST.get("starts_on")),
        end=_date(request.POST.get("ends_on")),
        term_type=request.POST.get("term_type") or None,
        post=getattr(worker, "current_post", None),
        provider=provider,
        employer=request.POST.get("employer", ""),
        number=request.POST.get("number", ""),
        reason=request.POST.get("note", ""),
        agreed_pay=request.POST.get("agreed_pay", ""),
    )
    return _back(worker.pk)


@require_POST
@permission_required("contract.manage")
def contract_action(request, pk, action):
    contract = _contract(request, pk)
    p = request.POST
    if action == "sign":
        _run(request, services.contract_sign, gettext("合同已签订"), contract=contract, signed_on=_date(p.get("signed_on")))
    elif action == "change":
        _run(
            request,
            services.contract_change,
            gettext("合同变更已记录"),
            contract=contract,
            on=_date(p.get("on")),
            detail=p.get("detail", ""),
            ends_on=_date(p.get("ends_on")),
            version=parsing.parse_version(p.get("version")),
        )
    elif action == "renew":
        term = p.get("term_type") or TermType.FIXED
        _run(
            request,
            services.contract_renew,
            gettext("已续订"),
            contract=contract,
            ends_on=_date(p.get("ends_on")) if term != TermType.OPEN else None,
            term_type=term,
            signed_on=_date(p.get("signed_on")),
            override_reason=p.get("override_reason"),
        )
    elif action == "terminate":
        _run(
            request,
            services.contract_terminate,
            gettext("合同已终止"),
            contract=contract,
            on=_date(p.get("on")),
            ground=p.get("ground", ""),
            reason=p.get("reason", ""),
        )
    elif action == "dissolve":
        _run(
            request,
            services.contract_dissolve,
            gettext("合同已解除"),
            contract=contract,
            on=_date(p.get("on")),
            ground=p.get("ground", ""),
            reason=p.get("reason", ""),
        )
    elif action == "transfer":
        _run(request, services.contract_transfer_done, gettext("转移手续已登记办结"), contract=contract, on=_date(p.get("on")))
    elif action == "dispute":
        _run(
            request,
            services.dispute_record,
            gettext("劳动争议已登记"),
            contract=contract,
            raised_on=_date(p.get("raised_on")),
            channel=p.get("channel", ""),
            summary=p.get("summary", ""),
        )
    else:
        raise Http404
    return _back(contract.worker_id)


@require_POST
@permission_required("contract.manage")
def dispute_close(request, pk):
    dispute = get_object_or_404(selectors.dispute_list_visible_to(request.user).select_related("contract__worker__org"), pk=pk)
    _run(
        request,
        services.dispute_close,
        gettext("争议已结案"),
        dispute=dispute,
        closed_on=_date(request.POST.get("closed_on")),
        outcome=request.POST.get("outcome", ""),
    )
    return _back(dispute.contract.worker_id)


@require_POST
@permission_required("contract.manage")
def insurance_add(request, pk):
    worker = _worker(request, pk)
    p = request.POST
    _run(
        request,
        services.insurance_add,
        gettext("商业意外险已登记"),
        worker=worker,
        insurer=p.get("insurer", ""),
        policy_number=p.get("policy_number", ""),
        starts_on=_date(p.get("starts_on")),
        ends_on=_date(p.get("ends_on")),
    )
    return _back(worker.pk)


@permission_required("contract.view")
def contract_pdf(request, pk):
    contract = _contract(request, pk)
    data = documents.contract_pdf(contract, by=request.user)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = excel.attachment(f"{contract.worker.name}-{contract.get_kind_display()}.pdf", inline=True)
    return response


@permission_required("contract.view")
def termination_certificate(request, pk):
    contract = _contract(request, pk)
    if contract.status not in ("terminated", "dissolved") or contract.closed_on is None:
        raise Http404
    data = documents.termination_certificate_pdf(contract, by=request.user)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = excel.attachment(f"{contract.worker.name}-解除终止证明书.pdf", inline=True)
    return response


# ---------------------------------------------------------------- exit


def _exit_prefill(params) -> dict:
    """The fields a link may prefill on the exit form: a known kind and a reason (shown, editable, checked again
    by the service on submit)."""
    kind = params.get("kind", "")
    return {
        "kind": kind if kind in {k.value for k in EXIT_KINDS} else "",
        "reason": (params.get("reason") or "")[:300],
    }


@permission_required("exit.manage")
def worker_exit(request, pk):
    worker = _worker(request, pk)
    if request.method == "POST":
        move = _run(
            request,
            services.worker_exit,
            gettext("%(name)s 离岗手续已办理，岗位已空缺") % {"name": worker.name},
            worker=worker,
            kind=request.POST.get("kind", ""),
            on=_date(request.POST.get("on")),
            reason=request.POST.get("reason", ""),
            ground=request.POST.get("ground", ""),
            upload=request.FILES.get("file"),
        )
        if move:
            return _back(worker.pk)
    current = worker.contracts.filter(status__in=[ContractStatus.ACTIVE, ContractStatus.DRAFT]).order_by("-starts_on").first()
    return render(
        request,
        "employment/exit_form.html",
        {
            "worker": worker,
            "kinds": [(k.value, k.label) for k in EXIT_KINDS],
            "contract": current,
            "holding": PostHolding.objects.filter(worker=worker, ended_on__isnull=True)
            .select_related("post__kind", "post__unit")
            .first(),
            "grounds": rules.grounds_for(current.kind if current else "labour"),
            "today": timezone.localdate(),
            # a link may prefill the form (e.g. 视同放弃资格认证 from a certification sitting's unregistered list)
            "post": request.POST if request.method == "POST" else _exit_prefill(request.GET),
        },
    )


# ---------------------------------------------------------------- alerts


@permission_required("contract.view")
def alert_list(request):
    """The alert centre as of a day (截至, default today): every app's `alerts_for(user, day)`, i.e. today's
    records measured against that day (what was overdue then, what will be due by a later day)."""
    real_today = timezone.localdate()
    error = ""
    try:
        today = parsing.parse_date(request.GET.get("on"), field="on", label=gettext("截至日期")) or real_today
    except ValidationError as exc:
        today, error = real_today, "；".join(exc.messages)
    items = alert_registry.collect(request.user, today)
    # this month's work: anything overdue, due by the month's end, or due within the next 30 days
    month_end = max(rules.month_end(today), today + timedelta(days=30))
    this_month = [a for a in items if a.due is None or a.due <= month_end]
    shown = this_month if request.GET.get("scope", "month") == "month" else items
    kind = request.GET.get("kind", "")
    if kind:
        shown = [a for a in shown if a.kind.startswith(kind)]
    return render(
        request,
        "employment/alerts.html",
        {
            "alerts": shown,
            "total": len(items),
            "month_count": len(this_month),
            "scope": request.GET.get("scope", "month"),
            "kind": kind,
            "today": today,
            "is_today": today == real_today,
            "on_error": error,
            "month_end": month_end,
        },
        status=400 if error else 200,
    )


# ---------------------------------------------------------------- purchased service


@permission_required("post.view")
def provider_list(request):
    providers = selectors.provider_list_visible_to(request.user).select_related("org")
    tenders = (
        selectors.tender_list_visible_to(request.user)
        .select_related("provider", "org")
        .prefetch_related("posts__kind", "posts__unit")
    )
    orgs = visible_orgs(request.user).filter(level__lte=OrgLevel.COUNTY, is_active=True).order_by("path")
    if request.method == "POST":
        if not request.user.can("post.manage"):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied(gettext("您没有此操作的权限"))
        p = request.POST
        if p.get("form") == "provider":
            org = orgs.filter(pk=_int(p.get("org"))).first()
            if org is None:
                messages.error(request, gettext("请选择购买方（须在您的管理范围内）"))
            else:
                _run(
                    request,
                    services.provider_create,
                    gettext("服务机构已登记"),
                    org=org,
                    name=p.get("name", ""),
                    credit_code=p.get("credit_code", ""),
                    contact=p.get("contact", ""),
                )
        else:
            provider = get_object_or_404(providers, pk=_int(p.get("provider")) or 0)
            posts = list(
                selectors.post_list_visible_to(request.user).filter(pk__in=[int(x) for x in p.getlist("posts") if x.isdigit()])
            )
            _run(
                request,
                services.tender_create,
                gettext("招标记录已登记"),
                provider=provider,
                title=p.get("title", ""),
                number=p.get("number", ""),
                starts_on=_date(p.get("starts_on")),
                ends_on=_date(p.get("ends_on")),
                amount=p.get("amount", ""),
                posts=posts,
            )
        return redirect("employment:providers")
    return render(
        request,
        "employment/providers.html",
        {
            "providers": providers,
            "tenders": tenders,
            "orgs": orgs,
            "posts": selectors.post_list_visible_to(request.user).select_related("unit", "kind").filter(is_active=True)[:300]
            if request.user.can("post.manage")
            else [],
        },
    )
