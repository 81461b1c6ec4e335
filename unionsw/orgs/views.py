from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unionsw.core.decorators import permission_required
from unionsw.core.errors import NotAllowed, OutOfScope
from unionsw.core.view_errors import attach_to_form as _attach

from . import rules, selectors, services
from .forms import ChildOrgForm, MoveForm, OrgForm, OverrideForm, ProfileForm, ProvinceChildOrgForm
from .models import OrgKind, OrgLevel, PolicyProfile
from .policy import NOT_SET, POLICY_KEYS, display_value, effective_policy


def _visible(request) -> list:
    orgs = list(selectors.org_list_visible_to(request.user).order_by("path"))
    top = min((o.depth for o in orgs), default=0)
    for o in orgs:
        o.indent = "　" * (o.depth - top)  # for pickers: the tree shape in a <select>
    return orgs


def _load(request, pk):
    return get_object_or_404(selectors.org_list_visible_to(request.user).select_related("parent"), pk=pk)


@permission_required("org.view")
def org_tree_page(request, pk=None):
    """组织架构 in the RuoYi pattern: the tree on the left, the selected org and its children on the right."""
    orgs = _visible(request)
    by_pk = {o.pk: o for o in orgs}
    if pk is not None and pk not in by_pk:
        raise Http404
    selected = by_pk.get(pk) if pk is not None else (orgs[0] if orgs else None)
    context = {"orgs": orgs, "selected": selected}
    if selected is not None:
        ancestors = [by_pk[i] for i in selected.ancestor_ids() if i in by_pk and i != selected.pk]
        children = selectors.children_of(selected, orgs)
        counts = selectors.active_worker_counts(request.user, selected, orgs)
        tree = selectors.org_tree(orgs, open_ids=set(selected.ancestor_ids()))
        context |= {
            "tree": tree,
            "tree_steps": selectors.flatten_tree(tree),
            "ancestors": ancestors,
            "children": [(c, counts.get(c.pk, 0)) for c in children],
            "worker_total": counts.get(selected.pk, 0),
            "children_unions": sum(c.union_count for c in children),
            "children_members": sum(c.member_count for c in children),
            "can_add_child": bool(rules.child_options(selected.level)) and selected.is_active,
        }
    return render(request, "orgs/tree.html", context)


@permission_required("org.manage")
def org_create(request, pk):
    parent = _load(request, pk)
    options = rules.child_options(parent.level)
    form_class = ProvinceChildOrgForm if parent.level == OrgLevel.NATIONAL else ChildOrgForm
    form = form_class(request.POST or None, options=options)
    if request.method == "POST" and form.is_valid():
        level, kind = form.cleaned_data["placement"]
        data = {k: form.cleaned_data[k] for k in ("name", "region_code", "union_count", "member_count", "sort")}
        if "policy_profile" in form.cleaned_data:
            data["policy_profile"] = form.cleaned_data["policy_profile"]
        try:
            org = services.org_create(by=request.user, parent=parent, level=level, data=data | {"kind": kind})
        except OutOfScope:
            raise Http404 from None
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(request, _("已在“%(parent)s”下新增“%(org)s”") % {"parent": parent.name, "org": org.name})
            return redirect("orgs:detail", pk=org.pk)
    return render(request, "orgs/form.html", {"form": form, "title": _("新增下级组织：%(org)s") % {"org": parent.name}, "org": parent})


@permission_required("org.manage")
def org_edit(request, pk):
    org = _load(request, pk)
    allowed = rules.PLACEMENTS.get((org.parent.level, org.level)) if org.parent else {OrgKind.FEDERATION}
    if request.method == "POST":
        form = OrgForm(request.POST, kinds=allowed)
        if form.is_valid():
            data = {k: form.cleaned_data[k] for k in services.ORG_FIELDS}
            try:
                services.org_update(by=request.user, org=org, data=data, version=form.cleaned_data["version"] or 0)
            except OutOfScope:
                raise Http404 from None
            except ValidationError as exc:
                _attach(form, exc)
            else:
                messages.success(request, _("已保存“%(org)s”") % {"org": org.name})
                return redirect("orgs:detail", pk=org.pk)
    else:
        form = OrgForm(initial={k: getattr(org, k) for k in services.ORG_FIELDS} | {"version": org.version}, kinds=allowed)
    return render(request, "orgs/form.html", {"form": form, "title": _("修改组织：%(org)s") % {"org": org.name}, "org": org})


@permission_required("org.manage")
def org_move(request, pk):
    org = _load(request, pk)
    orgs = _visible(request)
    parents = [p for p in rules.valid_new_parents(org.path, org.level, org.kind, orgs) if p.pk != org.parent_id]
    form = MoveForm(request.POST or None, parents=parents)
    if request.method == "POST":
        # The picker lists only valid parents, but the service decides: a tampered or stale choice
        # gets the service's reason rather than a generic "not a valid choice".
        new_parent_id = request.POST.get("new_parent", "")
        new_parent = (
            get_object_or_404(selectors.org_list_visible_to(request.user), pk=new_parent_id) if new_parent_id.isdigit() else None
        )
        if new_parent is None:
            form.is_valid()
        else:
            try:
                services.org_move(by=request.user, org=org, new_parent=new_parent)
            except OutOfScope:
                raise Http404 from None
            except ValidationError as exc:
                form.errors.clear()
                _attach(form, exc)
            else:
                messages.success(request, _("已将“%(org)s”移动到“%(parent)s”之下") % {"org": org.name, "parent": new_parent.name})
                return redirect("orgs:detail", pk=org.pk)
    return render(request, "orgs/move.html", {"form": form, "org": org, "parents": parents})


def _set_active(request, pk, active: bool):
    org = _load(request, pk)
    try:
        services.org_set_active(by=request.user, org=org, active=active)
    except OutOfScope:
        raise Http404 from None
    except ValidationError as exc:
        messages.error(request, _("；").join(exc.messages))
    else:
        messages.success(request, (_("已启用“%(org)s”") if active else _("已停用“%(org)s”")) % {"org": org.name})
    return redirect("orgs:detail", pk=org.pk)


@permission_required("org.manage")
def org_profile(request, pk):
    """A province's policy profile, set by the national system admin (issue 13)."""
    org = _load(request, pk)
    if org.level != OrgLevel.PROVINCE:
        raise Http404
    if not services.manages_from_above(request.user, org):
        raise PermissionDenied(_("省级组织的适用政策由上一级（全国总工会）的系统管理员设置"))
    form = ProfileForm(request.POST or None, initial={"policy_profile": org.policy_profile_id})
    if request.method == "POST" and form.is_valid():
        try:
            services.org_set_profile(by=request.user, org=org, profile=form.cleaned_data["policy_profile"])
        except OutOfScope:
            raise Http404 from None
        except NotAllowed as exc:
            raise PermissionDenied(exc.messages[0]) from None
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(request, _("“%(org)s”的适用政策已改为“%(profile)s”") % {"org": org.name, "profile": org.policy_profile.name})
            return redirect("orgs:detail", pk=org.pk)
    return render(request, "orgs/form.html", {"form": form, "title": _("设置适用政策：%(org)s") % {"org": org.name}, "org": org})


@require_POST
@permission_required("org.manage")
def org_disable(request, pk):
    return _set_active(request, pk, False)


@require_POST
@permission_required("org.manage")
def org_enable(request, pk):
    return _set_active(request, pk, True)


def _policy_date(request) -> date:
    try:
        return date.fromisoformat(request.GET.get("on", "")) if request.GET.get("on") else date.today()
    except ValueError:
        return date.today()


def _policy_context(request, org, orgs, on, override_form=None) -> dict:
    policy = effective_policy(org, on) if org else None
    groups: dict[str, list] = {}
    versions, overrides = [], []
    if policy:
        for item in policy.items():
            groups.setdefault(item.group, []).append(item)
        profile_code = _profile_code(org, orgs)
        versions = _version_history(profile_code, on) if profile_code else []
        overrides = selectors.overrides_for(org, orgs)
    return {
        "orgs": orgs,
        "org": org,
        "policy": policy,
        "groups": groups,
        "on": on,
        "versions": versions,
        "overrides": overrides,
        "override_form": override_form or OverrideForm(initial={"effective_from": date.today()}),
    }


def _profile_code(org, orgs) -> str | None:
    """The code of the profile attached nearest to `org` (normally at the province, which a county
    admin cannot see, hence one small query along the chain)."""
    return (
        PolicyProfile.objects.filter(org__pk__in=org.ancestor_ids()).order_by("-org__path").values_list("code", flat=True).first()
    )


def _version_history(code: str, on: date) -> list[dict]:
    """Every version of a profile, oldest first, with the rules that changed from the one before."""
    rows, previous = [], None
    versions = selectors.profile_versions(code)
    in_force = max((v for v in versions if v.effective_from <= on), key=lambda v: v.effective_from, default=None)
    for v in versions:
        changed = [POLICY_KEYS[k][0] for k in POLICY_KEYS if previous is not None and previous.values.get(k) != v.values.get(k)]
        rows.append({"version": v, "changed": changed, "in_force": v == in_force})
        previous = v
    return rows


@permission_required("policy.view")
def policy_page(request):
    orgs = _visible(request)
    org_id = request.GET.get("org", "")
    org = _load(request, org_id) if org_id.isdigit() else (orgs[0] if orgs else None)
    return render(request, "orgs/policy.html", _policy_context(request, org, orgs, _policy_date(request)))


@permission_required("policy.view")
def policy_compare(request):
    """The four shipped profiles side by side; a rule a seed does not set is shown as 未规定."""
    profiles = selectors.latest_profiles()
    rows = []
    for key, (label, group) in POLICY_KEYS.items():
        cells = []
        for p in profiles:
            value = p.values.get(key)
            cells.append({"set": value is not None, "display": display_value(key, value), "source": p.sources.get(key, "")})
        rows.append({"key": key, "label": label, "group": group, "cells": cells})
    return render(request, "orgs/policy_compare.html", {"profiles": profiles, "rows": rows, "not_set": NOT_SET})


@permission_required("policy.manage")
def override_add(request, pk):
    org = _load(request, pk)
    form = OverrideForm(request.POST or None, initial={"effective_from": date.today()})
    if request.method == "POST" and form.is_valid():
        try:
            ov = services.policy_override_add(by=request.user, org=org, **form.cleaned_data)
        except OutOfScope:
            raise Http404 from None
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(
                request,
                _("已为“%(org)s”调整“%(rule)s”，自 %(date)s 起由其下级组织继承")
                % {"org": org.name, "rule": str(POLICY_KEYS[ov.key][0]), "date": f"{ov.effective_from:%Y-%m-%d}"},
            )
            return redirect(f"{reverse('orgs:policy')}?org={org.pk}#overrides")
    context = _policy_context(request, org, _visible(request), _policy_date(request), override_form=form)
    return render(request, "orgs/policy.html", context)
