from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.http import require_POST

from unionsw.core.decorators import permission_required
from unionsw.core.errors import OutOfScope, StaleVersion
from unionsw.core.uploads import file_response
from unionsw.core.view_errors import attach_to_form as _attach
from unionsw.orgs.policy import cached_policy_values

from . import selectors, services
from .forms import DocumentForm, WorkerForm
from .models import EmploymentMode, FilingStatus, WorkerStatus

PAGE_SIZE = 20
# the labels are translated where the page shows them (gettext below)
EXTRA_LABELS = {
    "at_org": gettext_noop("本级"),
    "org_kind": gettext_noop("单位类型"),
    "post_title": gettext_noop("岗位"),
    "gender": gettext_noop("性别"),
    "ethnicity": gettext_noop("民族"),
    "education": gettext_noop("学历"),
    "major": gettext_noop("专业"),
    "political_status": gettext_noop("政治面貌"),
    "born_after": gettext_noop("出生晚于"),
    "born_until": gettext_noop("出生不晚于"),
    "hired_after": gettext_noop("入职晚于"),
    "hired_until": gettext_noop("入职不晚于"),
    "cert": gettext_noop("证书"),
}
FILTERS = ("q", "org", "rank", "status", "employment_mode", "filing_status") + selectors.EXTRA_FILTERS


def _filters(request) -> dict:
    return {k: request.GET.get(k, "").strip() for k in FILTERS}


def _search(request, f):
    org_id = int(f["org"]) if f["org"].isdigit() else None
    return selectors.worker_search(
        request.user,
        q=f["q"],
        org_id=org_id,
        rank=f["rank"],
        status=f["status"],
        employment_mode=f["employment_mode"],
        filing_status=f["filing_status"],
        extra={k: f[k] for k in selectors.EXTRA_FILTERS},
    )


@permission_required("worker.view")
def worker_list(request):
    f = _filters(request)
    page = selectors.WorkerPaginator(_search(request, f), PAGE_SIZE).get_page(request.GET.get("page"))
    current_org = int(f["org"]) if f["org"].isdigit() else None
    ranks = _ladder(request.user)
    tree = selectors.worker_org_tree(request.user, current_org)
    context = {
        "page": page,
        "f": f,
        "tree": tree,
        "org_options": (org_options := _org_options(tree)),
        "org_unlisted": current_org is not None and all(pk != current_org for pk, _ in org_options),
        "ranks": ranks,
        "statuses": WorkerStatus.choices,
        "modes": EmploymentMode.choices,
        "filings": FilingStatus.choices,
        "current_org": current_org,
        "extra_keys": selectors.EXTRA_FILTERS,
        "extra_active": [gettext(EXTRA_LABELS[k]) for k in selectors.EXTRA_FILTERS if f[k]],
        # rows link to {worker_url}<pk>/ and <pk>/edit/ (two reverse() calls per row were a fifth of the render)
        "worker_url": worker_url_prefix(),
        "can_change": request.user.can("worker.change"),
    }
    if request.htmx and request.htmx.target == "worker-table":
        return render(request, "workers/_table.html", context)
    return render(request, "workers/list.html", context)


def _org_options(tree: list[dict], depth: int = 0) -> list[tuple[int, str]]:
    """The tree beside the list as the options of its searchable 所在单位 filter (no query: the same nodes)."""
    options: list[tuple[int, str]] = []
    for node in tree:
        options.append((node["org"].pk, "　" * depth + node["org"].name))
        options.extend(_org_options(node["children"], depth + 1))
    return options


def worker_url_prefix() -> str:
    """The prefix of a worker's page: reverse("workers:detail", args=[pk]) == f"{worker_url_prefix()}{pk}/"."""
    return reverse("workers:detail", args=[0]).removesuffix("0/")


def _ladder(user) -> list[str]:
    return (cached_policy_values(user.org, ("ladder",))["ladder"] or []) if user.org_id else []


def _load(request, pk):
    return get_object_or_404(selectors.worker_list_visible_to(request.user).select_related("org", "user"), pk=pk)


def worker_detail(request, pk):
    worker = _load(request, pk)
    if not (request.user.can("worker.view") or worker.user_id == request.user.pk):
        raise Http404
    history = worker.history.select_related("history_user").order_by("-history_date", "-history_id")[:100]
    return render(
        request,
        "workers/detail.html",
        {
            "worker": worker,
            "timeline": _timeline(history),
            "certificates": selectors.certificate_rows(worker, date.today()),
            "documents": worker.documents.all()
            if request.user.can("worker.document") or worker.user_id == request.user.pk
            else None,
            "document_form": DocumentForm(),
            "can_change": request.user.can("worker.change"),
        },
    )


LABELS = {
    "name": gettext_noop("姓名"),
    "phone_masked": gettext_noop("手机号"),
    "ethnicity": gettext_noop("民族"),
    "political_status": gettext_noop("政治面貌"),
    "education": gettext_noop("学历"),
    "major": gettext_noop("专业"),
    "employment_mode": gettext_noop("用工方式"),
    "org": gettext_noop("岗位所在单位"),
    "post_title": gettext_noop("岗位"),
    "rank": gettext_noop("岗位等级"),
    "rank_since": gettext_noop("现等级起始日期"),
    "status": gettext_noop("状态"),
    "filing_status": gettext_noop("备案状态"),
    "filed_at": gettext_noop("备案日期"),
    "hired_on": gettext_noop("入职日期"),
    "left_on": gettext_noop("离职日期"),
    "user": gettext_noop("自助账号"),
    "id_number_masked": gettext_noop("身份证号"),
    "birth_date": gettext_noop("出生日期"),
    "gender": gettext_noop("性别"),
}




def _timeline(history) -> list[dict]:
    """Turn history rows into 'who, when, what changed, why'. Diffs are computed pairwise in memory."""
    rows = list(history)
    entries = []
    for i, record in enumerate(rows):
        older = rows[i + 1] if i + 1 < len(rows) else None
        changes = []
        if older is not None:
            delta = record.diff_against(older, excluded_fields=["history_change_reason"])
            for change in delta.changes:
                if change.field in LABELS:
                    changes.append(
                        {"field": gettext(LABELS[change.field]), "old": _show(older, change.field), "new": _show(record, change.field)}
                    )
        entries.append(
            {
                "when": record.history_date,
                "who": record.history_user,
                "kind": record.get_history_type_display(),
                "reason": record.history_change_reason,
                "changes": changes,
            }
        )
    return entries


def _show(record, field):
    display = getattr(record, f"get_{field}_display", None)
    if display:
        return display()
    if field == "org":
        return getattr(record, "org", "")
    value = getattr(record, field)
    if isinstance(value, date):
        return f"{value:%Y-%m-%d}"
    return "" if value is None else value


# a refusal of the post fill, shown on the form's post fields
POST_ERROR_FIELDS = {"on": "post_on"}


def _assign_post(request, worker, post, on, reason: str) -> None:
    """The post chosen on the form, through the employment service (one transaction with the save)."""
    from unionsw.employment.services import worker_post_assign

    try:
        worker_post_assign(by=request.user, worker=worker, post=post, on=on, reason=reason)
    except StaleVersion:
        raise  # the post was taken first: 409 (core.security)
    except ValidationError as exc:
        messages_ = exc.message_dict if hasattr(exc, "error_dict") else {"post": exc.messages}
        raise ValidationError({POST_ERROR_FIELDS.get(k, "post"): v for k, v in messages_.items()}) from None


@permission_required("worker.change")
def worker_create(request):
    form = WorkerForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        post, post_on = data.pop("post", None), data.pop("post_on", None)
        try:
            with transaction.atomic():
                worker = services.worker_create(by=request.user, data=data)
                if post is not None:
                    _assign_post(request, worker, post, post_on or worker.hired_on, "新增社工时安排到岗")
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(request, gettext("已新增社工 %(name)s") % {"name": worker.name})
            return redirect("workers:detail", pk=worker.pk)
    return render(request, "workers/form.html", {"form": form, "title": gettext("新增社工")})


@permission_required("worker.change")
def worker_edit(request, pk):
    worker = _load(request, pk)
    if request.method == "POST":
        form = WorkerForm(request.POST, user=request.user, editing=True, worker=worker)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k not in ("reason", "version", "post", "post_on")}
            if not data["phone"]:
                del data["phone"]  # blank means unchanged: the editor never sees the stored number
            post = form.cleaned_data.get("post")
            try:
                with transaction.atomic():
                    worker = services.worker_update(
                        by=request.user,
                        worker=worker,
                        data=data,
                        version=form.cleaned_data["version"] or 0,
                        reason=form.cleaned_data["reason"],
                    )
                    if post is not None:
                        on = form.cleaned_data.get("post_on") or timezone.localdate()
                        _assign_post(request, worker, post, on, form.cleaned_data["reason"])
            except OutOfScope:
                raise Http404 from None
            except ValidationError as exc:
                _attach(form, exc)
            else:
                messages.success(request, gettext("已保存，变更已记入档案变更记录"))
                return redirect("workers:detail", pk=worker.pk)
    else:
        initial = {f: getattr(worker, f) for f in services.EDITABLE_FIELDS if f != "phone"}
        initial["version"] = worker.version
        initial["post"] = getattr(getattr(worker, "current_post", None), "pk", None)
        form = WorkerForm(initial=initial, user=request.user, editing=True, worker=worker)
    title = gettext("修改社工：%(name)s") % {"name": worker.name}
    return render(request, "workers/form.html", {"form": form, "title": title, "worker": worker})


@require_POST
def worker_reveal(request, pk, field):
    worker = _load(request, pk)
    try:
        value = services.worker_reveal(by=request.user, worker=worker, field=field)
    except ValidationError as exc:
        return HttpResponse(f'<span class="tag bad">{exc.messages[0]}</span>', status=403)
    return HttpResponse(f"<strong>{value}</strong>")


@require_POST
@permission_required("worker.file")
def worker_file(request, pk):
    worker = _load(request, pk)
    try:
        services.worker_file(by=request.user, worker=worker)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, gettext("%(name)s 已备案，纳入全省统一管理") % {"name": worker.name})
    return redirect("workers:detail", pk=worker.pk)


def no_worker_record(request):
    """A self-service account with no worker record behind it: say so and go to the profile page."""
    messages.warning(request, gettext("您的账号尚未关联社工档案，请联系所在县级工会"))
    return redirect("accounts:profile")


@permission_required("self.view")
def me(request):
    worker = selectors.self_worker(request.user)
    if worker is None:
        return no_worker_record(request)
    return redirect("workers:detail", pk=worker.pk)


@require_POST
@permission_required("worker.document")
def document_upload(request, pk):
    worker = _load(request, pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.document_upload(
                by=request.user,
                worker=worker,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, gettext("材料已归入个人档案"))
    else:
        messages.error(request, gettext("请选择材料类型和文件"))
    return redirect("workers:detail", pk=worker.pk)


def document_download(request, pk):
    document = get_object_or_404(selectors.document_list_visible_to(request.user).select_related("worker"), pk=pk)
    if not (request.user.can("worker.document") or document.worker.user_id == request.user.pk):
        raise Http404
    handle = services.document_open(by=request.user, document=document)
    return file_response(
        handle,
        content_type=document.content_type,
        attachment=True,
        filename=f"{document.worker.name}-{document.title}{document.file.name[-4:]}",
    )
