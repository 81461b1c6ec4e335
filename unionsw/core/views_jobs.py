"""Pages of the import/export jobs: only the user who started a job sees it (404 for anyone else)."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from .audit import audit
from .jobs import job_is_stale, job_list_visible_to, live_progress


def _load(request, pk):
    return live_progress(get_object_or_404(job_list_visible_to(request.user), pk=pk))


def job_list(request):
    jobs = job_list_visible_to(request.user).only(
        "id", "kind", "label", "status", "done", "total", "message", "source_name", "created_at", "finished_at"
    )[:50]
    return render(request, "core/job_list.html", {"jobs": jobs})


def job_detail(request, pk):
    job = _load(request, pk)
    return render(request, "core/job_detail.html", {"job": job, "stale": job_is_stale(job)})


def job_progress(request, pk):
    """The htmx partial polled every second while the job runs; once finished it renders the result
    without the polling trigger, so the polling stops."""
    job = _load(request, pk)
    return render(request, "core/job_progress.html", {"job": job, "stale": job_is_stale(job)})


def job_download(request, pk, which):
    job = _load(request, pk)
    files = {
        "result": (job.result_file, job.result_name or f"导出结果-{job.pk}.xlsx"),
        "errors": (job.error_file, f"错误明细-{job.pk}.xlsx"),
    }
    if which not in files or not files[which][0]:
        raise Http404
    stored, filename = files[which]
    audit(by=request.user, action="job.download", target=job, detail={"file": filename, "kind": job.kind})
    return FileResponse(
        stored.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def excel_import_page(request, *, kind, label, what, action, read_rows, import_rows, back_url, template, refused=None):
    """The one upload page behind every all-or-nothing Excel import: validate the upload, read the rows
    (a wrong file is refused and audited), run the import as a job (inline or in the background with a
    progress page), and list the user's recent imports of this kind. `refused` is a reason to refuse
    a POST outright (e.g. a missing write permission)."""
    from django.shortcuts import redirect

    from .excel import ExcelFormatError, upload_error
    from .jobs import inline_max_rows, job_enqueue

    error = None
    if request.method == "POST":
        error = refused or upload_error(request)
        if error is None:
            upload = request.FILES["file"]
            try:
                rows = read_rows(upload)
            except ExcelFormatError as exc:
                error = exc.shown  # the page's language; the audit keeps the Chinese
                audit(by=request.user, action=action, result="failed", detail={"file": upload.name, "reason": exc.messages[0]})
            else:
                # the worker re-reads the stored upload: rows (dates, numbers) are not sent through the queue
                job = job_enqueue(
                    by=request.user,
                    task="core.excel_import",
                    args={
                        "read_rows": f"{read_rows.__module__}.{read_rows.__qualname__}",
                        "import_rows": f"{import_rows.__module__}.{import_rows.__qualname__}",
                        "what": what,
                        "filename": upload.name,
                    },
                    kind=kind,
                    label=label,
                    total=len(rows),
                    source_name=upload.name,
                    back_url=back_url,
                    upload=upload,
                )
                return redirect("core:job", pk=job.pk)
    recent = (
        job_list_visible_to(request.user)
        .filter(kind=kind)
        .only("id", "label", "status", "total", "message", "source_name", "created_at")[:5]
    )
    return render(
        request, template, {"error": error, "recent": recent, "inline_max": inline_max_rows()}, status=400 if error else 200
    )
