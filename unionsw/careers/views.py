from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from unionsw.core import parsing
from unionsw.core.decorators import permission_required
from unionsw.core.errors import NotAllowed, OutOfScope
from unionsw.core.view_errors import flash as _err
from unionsw.orgs.policy import effective_policy, is_soft

from . import selectors, services
from .models import PromotionStatus, RecommendationKind


@permission_required("promotion.view")
def eligibility(request):
    rows = selectors.eligibility_rows(request.user)
    show = request.GET.get("show", "eligible")
    if show == "eligible":
        rows = [r for r in rows if r["e"].eligible]
    pending = set(
        selectors.promotions_visible_to(request.user).filter(status=PromotionStatus.PROPOSED).values_list("worker_id", flat=True)
    )
    quotas = services.quota_table(request.user.org) if request.user.org_id else []
    soft_quota = bool(request.user.org_id) and is_soft(effective_policy(request.user.org), "rank_quota")
    return render(
        request,
        "careers/eligibility.html",
        {"rows": rows, "show": show, "pending": pending, "quotas": quotas, "soft_quota": soft_quota},
    )


@require_POST
@permission_required("promotion.propose")
def propose(request, pk):
    worker = get_object_or_404(selectors.workers_visible_to(request.user), pk=pk)
    try:
        services.promotion_propose(by=request.user, worker=worker, override_reason=request.POST.get("override_reason"))
    except OutOfScope:
        raise Http404 from None
    except ValidationError as exc:
        _err(request, exc)
    else:
        messages.success(request, gettext("已提名 %(name)s 晋升，待审批") % {"name": worker.name})
    return redirect("careers:promotions")


@permission_required("promotion.view")
def promotions(request):
    qs = selectors.promotions_visible_to(request.user).select_related("worker", "worker__org", "proposed_by", "decided_by")
    return render(
        request,
        "careers/promotions.html",
        {"promotions": qs[:200], "today": timezone.localdate()},
    )


@require_POST
@permission_required("promotion.approve")
def decide(request, pk):
    promotion = get_object_or_404(selectors.promotions_visible_to(request.user).select_related("worker"), pk=pk)
    try:
        if request.POST.get("decision") == "refuse":
            services.promotion_refuse(by=request.user, promotion=promotion, note=request.POST.get("note", ""))
            messages.success(request, gettext("已记录不批准"))
        else:
            day = parsing.parse_date(request.POST.get("effective_on"), field="effective_on", label="生效日期", required=True)
            promotion = services.promotion_approve(
                by=request.user,
                promotion=promotion,
                effective_on=day,
                note=request.POST.get("note", ""),
                override_reason=request.POST.get("override_reason"),
            )
            if promotion.status == PromotionStatus.SCHEDULED:
                messages.success(
                    request,
                    gettext("已批准、待生效：%(name)s 将于 %(date)s 起为 %(rank)s，到期自动生效")
                    % {"name": promotion.worker.name, "date": f"{day:%Y-%m-%d}", "rank": promotion.to_rank},
                )
            else:
                messages.success(
                    request,
                    gettext("已批准，%(name)s 自 %(date)s 起为 %(rank)s")
                    % {"name": promotion.worker.name, "date": f"{day:%Y-%m-%d}", "rank": promotion.to_rank},
                )
    except OutOfScope:
        raise Http404 from None
    except NotAllowed as exc:
        _err(request, exc)
    except ValidationError as exc:
        _err(request, exc)
    return redirect("careers:promotions")


def worker_career(request, pk):
    """Rank history, assessment record, eligibility and recommendations of one worker (also self-service)."""
    worker = get_object_or_404(selectors.workers_visible_to(request.user).select_related("org"), pk=pk)
    if not (request.user.can("promotion.view") or worker.user_id == request.user.pk):
        raise Http404
    history = []
    last = None
    for h in worker.history.order_by("history_date", "history_id").select_related("history_user"):
        if h.rank != last:
            history.append(
                {
                    "when": h.history_date,
                    "rank": h.rank or "—",
                    "since": h.rank_since,
                    "reason": h.history_change_reason,
                    "who": h.history_user,
                }
            )
            last = h.rank
    history.reverse()
    return render(
        request,
        "careers/worker.html",
        {
            "worker": worker,
            "history": history,
            "record": services.assessment_record(worker),
            "e": services.eligibility_for(worker),
            "promotions": worker.promotions.select_related("proposed_by", "decided_by"),
            "recommendations": worker.recommendations.all(),
        },
    )


@permission_required("recommendation.manage")
def recommendations(request):
    if request.method == "POST":
        worker = selectors.workers_visible_to(request.user).filter(pk=request.POST.get("worker") or 0).first()
        if worker is None:
            messages.error(request, gettext("请选择本辖区的在岗社工"))
        else:
            try:
                services.recommendation_create(
                    by=request.user,
                    worker=worker,
                    kind=request.POST.get("kind", ""),
                    target=request.POST.get("target", ""),
                    reason=request.POST.get("reason", ""),
                )
            except ValidationError as exc:
                _err(request, exc)
            else:
                messages.success(request, gettext("已推荐 %(name)s，考核记录已附") % {"name": worker.name})
                return redirect("careers:recommendations")
    qs = selectors.recommendations_visible_to(request.user).select_related("worker", "worker__org", "created_by")
    candidates = (
        selectors.workers_visible_to(request.user).filter(status="active").exclude(employment_mode="rehired").only("id", "name")
    )
    return render(
        request,
        "careers/recommendations.html",
        {"recommendations": qs[:200], "kinds": RecommendationKind.choices, "candidates": candidates[:500], "post": request.POST},
    )
