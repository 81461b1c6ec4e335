"""issue 9: certificates on the worker page — add, edit (renew) and end. Thin: parse, call one service, render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from unionsw.core.decorators import permission_required
from unionsw.core.errors import OutOfScope, StaleVersion
from unionsw.core.paging import TwoEndedPaginator
from unionsw.core.view_errors import conflict

from . import selectors, services
from .forms import CertificateEndForm, CertificateForm, CertificateReviewForm, SelfCertificateForm
from .views import _attach, _load, no_worker_record


def _certificate(request, pk):
    return get_object_or_404(selectors.certificate_list_visible_to(request.user).select_related("worker__org"), pk=pk)


@permission_required("worker.change")
def certificate_new(request, pk):
    worker = _load(request, pk)
    form = CertificateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "scan"}
        try:
            services.certificate_add(by=request.user, worker=worker, scan=form.cleaned_data["scan"], **data)
        except OutOfScope:
            raise Http404 from None
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(request, gettext("证书已登记"))
            return redirect("workers:detail", pk=worker.pk)
    return render(request, "workers/certificate_form.html", {"form": form, "worker": worker, "title": gettext("新增证书")})


@permission_required("worker.change")
def certificate_edit(request, pk):
    cert = _certificate(request, pk)
    if request.method == "POST":
        form = CertificateForm(request.POST, request.FILES)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "scan"}
            try:
                services.certificate_update(by=request.user, certificate=cert, data=data, scan=form.cleaned_data["scan"])
            except OutOfScope:
                raise Http404 from None
            except ValidationError as exc:
                _attach(form, exc)
            else:
                messages.success(request, gettext("证书已修改，原记录保留在变更历史中"))
                return redirect("workers:detail", pk=cert.worker_id)
    else:
        form = CertificateForm(initial={f: getattr(cert, f) for f in services.CERTIFICATE_FIELDS})
    return render(
        request,
        "workers/certificate_form.html",
        {
            "form": form,
            "worker": cert.worker,
            "certificate": cert,
            "title": gettext("修改证书：%(certificate)s") % {"certificate": cert.shown_name},
            "end_form": CertificateEndForm(initial={"ended_on": timezone.localdate()}),
        },
    )


@require_POST
@permission_required("worker.change")
def certificate_end(request, pk):
    cert = _certificate(request, pk)
    form = CertificateEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(f"{form.fields[f].label}：{' '.join(e)}" for f, e in form.errors.items()))
        return redirect("workers:certificate_edit", pk=cert.pk)
    try:
        services.certificate_end(by=request.user, certificate=cert, **form.cleaned_data)
    except OutOfScope:
        raise Http404 from None
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("workers:certificate_edit", pk=cert.pk)
    messages.success(request, gettext("证书“%(certificate)s”已终止") % {"certificate": cert.shown_name})
    return redirect("workers:detail", pk=cert.worker_id)


# ---- certificates the worker enters (issue 9) -------------------------------------------------------------


@permission_required("certificate.self")
def me_certificate_new(request):
    """The worker's phone page: enter a certificate, 待审核 until the county confirms it."""
    worker = selectors.self_worker(request.user)
    if worker is None:
        return no_worker_record(request)
    form = SelfCertificateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.certificate_submit(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(request, gettext("证书已提交，待县级工会审核确认后生效"))
            return redirect("workers:me_certificates")
    return render(request, "workers/me_certificate_form.html", {"form": form, "worker": worker})


@permission_required("certificate.self")
def me_certificates(request):
    """The worker's own certificates with their review state (phone page)."""
    worker = selectors.self_worker(request.user)
    if worker is None:
        return no_worker_record(request)
    return render(
        request, "workers/me_certificates.html", {"worker": worker, "certificates": list(worker.certificates.order_by("-issued_on", "-pk"))}
    )


@permission_required("certificate.manage")
def certificate_review_list(request):
    """The county's queue of self-entered certificates awaiting review (a fixed number of queries)."""
    qs = selectors.certificate_list_visible_to(request.user).filter(status="pending").select_related("worker__org", "scan")
    page = TwoEndedPaginator(qs.order_by("pk"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "workers/certificate_review.html",
        {"rows": page.object_list, "page": page, "form": CertificateReviewForm(), "can_download": request.user.can("worker.document")},
    )


@require_POST
@permission_required("certificate.manage")
def certificate_review(request, pk):
    cert = _certificate(request, pk)
    form = CertificateReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("请选择确认或退回"))
        return redirect("workers:certificate_review_list")
    try:
        services.certificate_review(by=request.user, certificate=cert, **form.cleaned_data)
    except OutOfScope:
        raise Http404 from None
    except StaleVersion as exc:
        return conflict(exc)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("workers:certificate_review_list")
    if form.cleaned_data["decision"] == "confirm":
        done = gettext("已确认%(name)s的“%(certificate)s”")
    else:
        done = gettext("已退回%(name)s的“%(certificate)s”")
    messages.success(request, done % {"name": cert.worker.name, "certificate": cert.shown_name})
    return redirect("workers:certificate_review_list")
