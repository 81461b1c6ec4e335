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
