"""待办 pages: the to-do centre, its badge, dismiss/snooze, and the 报送备案 / 批量备案 steps."""

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from unionsw.core.decorators import permission_required
from unionsw.core.errors import OutOfScope, StaleVersion
from unionsw.core.parsing import parse_date

from . import selectors, services, todo
from .models import SubmissionStatus

BADGE_SECONDS = 60


def _badge_key(user) -> str:
    return f"stats:todo-badge:{user.pk}"


def _forget_badge(user) -> None:
    cache.delete(_badge_key(user))


@permission_required("todo.view")
def todo_list(request):
    today = timezone.localdate()
    items = todo.collect(request.user, today)
    cache.set(_badge_key(request.user), len(items), BADGE_SECONDS)
    return render(
        request,
        "stats/todo.html",
        {
            "items": items,
            "dismissed": selectors.dismissals_of(request.user)[:50],
            "today": today,
            "digest": getattr(request.user, "todo_digest", None) if hasattr(request.user, "todo_digest") else None,
        },
    )


def todo_badge(request):
    """The count in the top bar, fetched by htmx after the page has loaded (no queries on every page)."""
    if not (request.user.is_authenticated and request.user.can("todo.view")):
        return HttpResponse("")
    n = cache.get(_badge_key(request.user))
    if n is None:
        n = len(todo.collect(request.user, timezone.localdate()))
        cache.set(_badge_key(request.user), n, BADGE_SECONDS)
    return HttpResponse(f'<span class="todo-badge" title="{escape(gettext("待办事项"))}">{n}</span>' if n else "")


@require_POST
@permission_required("todo.view")
def todo_dismiss(request):
    try:
        until = parse_date(request.POST.get("until"), field="until", label=gettext("暂缓日期"))
        services.todo_dismiss(
            by=request.user, key=request.POST.get("key", ""), reason=request.POST.get("reason", ""), until=until
        )
    except ValidationError as exc:
        messages.error(request, gettext("；").join(exc.messages))
        return redirect("stats:todo")
    _forget_badge(request.user)
    messages.success(request, gettext("已暂缓，到期后重新显示") if until else gettext("已忽略（可在下方恢复）"))
    return redirect("stats:todo")


@require_POST
@permission_required("todo.view")
def todo_restore(request):
    services.todo_restore(by=request.user, key=request.POST.get("key", ""))
    _forget_badge(request.user)
    messages.success(request, gettext("已恢复显示"))
    return redirect("stats:todo")


@permission_required("filing.submit")
def filing_submit(request):
    org = request.user.org
    if org is None:
        return HttpResponseBadRequest(gettext("您的账号没有所属组织"))
    if request.method == "POST":
        try:
            ids = [int(i) for i in request.POST.getlist("workers") if i.isdigit()]
            submission = services.filing_submit(by=request.user, org=org, worker_ids=ids, note=request.POST.get("note", ""))
        except ValidationError as exc:
            messages.error(request, gettext("；").join(exc.messages))
        else:
            _forget_badge(request.user)
            messages.success(request, gettext("已向省总工会报送备案 %(n)s 名社工") % {"n": submission.workers.count()})
            return redirect("stats:filing_submit")
    qs = selectors.workers_to_submit(request.user).select_related("org").order_by("org__path", "name", "id")
    page = Paginator(qs, 200).get_page(request.GET.get("page"))
    submitted = selectors.submissions_visible_to(request.user).select_related("org", "decided_by")[:20]
    return render(request, "stats/filing_submit.html", {"page": page, "submissions": submitted})


@permission_required("worker.file")
def filing_batch(request):
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("submissions") if i.isdigit()]
        chosen = list(selectors.submissions_to_file(request.user).filter(pk__in=ids))
        try:
            filed_on = parse_date(request.POST.get("filed_on"), field="filed_on", label=gettext("备案日期"))
            n = services.filing_batch(
                by=request.user,
                submissions=chosen,
                number=request.POST.get("number", ""),
                note=request.POST.get("note", ""),
                filed_on=filed_on,
            )
        except StaleVersion as exc:
            return HttpResponse(gettext("；").join(exc.messages), status=409)
        except ValidationError as exc:
            messages.error(request, gettext("；").join(exc.messages))
        else:
            _forget_badge(request.user)
            messages.success(request, gettext("已批量备案 %(n)s 名社工，纳入全省统一管理") % {"n": n})
            return redirect("stats:filing_batch")
    pending = selectors.submissions_to_file(request.user).select_related("org", "submitted_by").prefetch_related("workers")
    done = selectors.submissions_visible_to(request.user).exclude(status=SubmissionStatus.SUBMITTED).select_related("org")[:20]
    return render(request, "stats/filing_batch.html", {"pending": pending, "done": done, "today": timezone.localdate()})


@require_POST
@permission_required("worker.file")
def filing_return(request, pk):
    submission = get_object_or_404(selectors.submissions_visible_to(request.user), pk=pk)
    try:
        services.filing_return(by=request.user, submission=submission, reason=request.POST.get("reason", ""))
    except OutOfScope:
        raise
    except StaleVersion as exc:
        return HttpResponse(gettext("；").join(exc.messages), status=409)
    except ValidationError as exc:
        messages.error(request, gettext("；").join(exc.messages))
    else:
        messages.success(request, gettext("已退回报送单位"))
    return redirect("stats:filing_batch")


@require_POST
@permission_required("todo.view")
def todo_digest(request):
    enabled = request.POST.get("enabled") == "1"
    try:
        services.todo_digest_set(by=request.user, enabled=enabled, email=request.POST.get("email", ""))
    except ValidationError as exc:
        messages.error(request, gettext("；").join(exc.messages))
    else:
        messages.success(request, gettext("已订阅每日待办邮件") if enabled else gettext("已取消每日待办邮件"))
    return redirect("stats:todo")
