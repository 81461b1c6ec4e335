"""The landing dashboard of an administrator's scope (issue 10 moves it here from core: core is the ground
floor and imports no feature app)."""

from django.shortcuts import render

from unionsw.core.decorators import permission_required
from unionsw.core.scope import visible_orgs
from unionsw.orgs.policy import effective_policy
from unionsw.workers import selectors as worker_selectors


@permission_required("dashboard.view")
def dashboard(request):
    user = request.user
    root = visible_orgs(user).order_by("path").first()
    summary = worker_selectors.headcount_summary(user)
    ladder = (effective_policy(user.org).get("ladder") or []) if user.org_id else []
    order = {rank: i for i, rank in enumerate(ladder)}
    summary["by_rank"].sort(key=lambda row: order.get(row["rank"], len(order)))  # ladder order, unranked last
    by_org = worker_selectors.headcount_by_child_org(user, root) if root else []
    return render(request, "stats/dashboard.html", {"root": root, "summary": summary, "by_org": by_org})
