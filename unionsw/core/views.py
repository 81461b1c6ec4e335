from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render

from unionsw.core.decorators import permission_required
from unionsw.core.menu import menu_for
from unionsw.core.models import AuditEvent
from unionsw.core.scope import visible_orgs
from unionsw.orgs.policy import effective_policy
from unionsw.workers import selectors as worker_selectors


def home(request):
    """Workers land on their own record, administrators on the dashboard of their scope."""
    user = request.user
    if user.can("dashboard.view"):
        return redirect("core:dashboard")
    if user.can("self.view"):
        return redirect("workers:me")
    for _, items in menu_for(user):
        for item in items:
            return redirect(item.url_name)
    return redirect("accounts:profile")


@permission_required("dashboard.view")
def dashboard(request):
    user = request.user
    root = visible_orgs(user).order_by("path").first()
    summary = worker_selectors.headcount_summary(user)
    ladder = (effective_policy(user.org).get("ladder") or []) if user.org_id else []
    order = {rank: i for i, rank in enumerate(ladder)}
    summary["by_rank"].sort(key=lambda row: order.get(row["rank"], len(order)))  # ladder order, unranked last
    by_org = worker_selectors.headcount_by_child_org(user, root) if root else []
    return render(request, "core/dashboard.html", {"root": root, "summary": summary, "by_org": by_org})


@permission_required("audit.view")
def audit_list(request):
    qs = AuditEvent.objects.all()
    f = {k: request.GET.get(k, "").strip() for k in ("actor", "action", "target", "result", "date_from", "date_to")}
    if f["actor"]:
        qs = qs.filter(actor_name__contains=f["actor"])
    if f["action"]:
        qs = qs.filter(action__startswith=f["action"])
    if f["target"]:
        qs = qs.filter(target_repr__contains=f["target"])
    if f["result"]:
        qs = qs.filter(result=f["result"])
    if f["date_from"]:
        qs = qs.filter(at__date__gte=f["date_from"])
    if f["date_to"]:
        qs = qs.filter(at__date__lte=f["date_to"])
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "core/audit_list.html", {"page": page, "f": f, "results": AuditEvent.Result.choices})


@login_not_required
def healthz(request):
    return JsonResponse({"status": "ok"})


def not_found(request, exception=None):
    raise Http404
