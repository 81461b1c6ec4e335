from datetime import date

from django.shortcuts import get_object_or_404, render

from unionsw.core.decorators import permission_required

from . import selectors
from .policy import effective_policy


@permission_required("org.view")
def org_tree_page(request):
    orgs = list(selectors.org_list_visible_to(request.user).order_by("path"))
    return render(request, "orgs/tree.html", {"orgs": orgs, "tree": selectors.org_tree(orgs)})


@permission_required("policy.view")
def policy_page(request):
    orgs = list(selectors.org_list_visible_to(request.user).order_by("path"))
    org_id = request.GET.get("org", "")
    org = (
        get_object_or_404(selectors.org_list_visible_to(request.user), pk=org_id)
        if org_id.isdigit()
        else (orgs[0] if orgs else None)
    )
    try:
        on = date.fromisoformat(request.GET.get("on", "")) if request.GET.get("on") else date.today()
    except ValueError:
        on = date.today()
    policy = effective_policy(org, on) if org else None
    groups: dict[str, list] = {}
    if policy:
        for item in policy.items():
            groups.setdefault(item.group, []).append(item)
    return render(request, "orgs/policy.html", {"orgs": orgs, "org": org, "policy": policy, "groups": groups, "on": on})
