"""Long jobs on a real queue (issue 13): named, registered functions with JSON arguments, run by Celery.

THE API — write a job like this (any app; put it in `<app>/jobs.py`, which is imported on demand):

    from unionsw.core import jobs

    @jobs.register("workers.export")                       # a unique, stable name
    def worker_export(*, by, progress, filters: dict) -> jobs.JobOutcome:
        ...                                                # `by` is the user who started the job
        progress(done, total, "export")                    # phases: validate / write / export / ""
        return jobs.JobOutcome(status="done", message="已导出 …", result_file=b"…", result_name="x.xlsx")

    job = jobs.job_enqueue(by=request.user, task="workers.export", args={"filters": f},
                           kind="worker_export", label="导出社工", total=n, direction="export",
                           back_url=..., upload=None)      # → redirect("core:job", pk=job.pk)

- `args` must be JSON (ids, strings, numbers, dicts of them) — never model instances or closures: the job
  runs in another process, possibly after a restart. Pass an uploaded file as `upload=` (stored under
  MEDIA_ROOT; the function gets its path as `source_path`).
- Where it runs (`queue_mode()`): small jobs (`total` ≤ the inline threshold) and tests (JOBS_SYNC) run in
  the request. Otherwise, with a broker configured (CELERY_BROKER_URL or REDIS_URL) the job is sent to the
  Celery queue after the transaction commits and a worker (`make worker`) runs it; with no broker
  (`make run`) it runs in a background thread of the web process, so no extra process is needed.
- Progress is written to the Job row (and to the cache while an import writes inside its transaction), so
  any web process shows it. A worker that dies is redelivered (acks_late); a job that already finished is
  not run twice; a function must be safe to re-run after a crash (all-or-nothing imports are: their
  transaction rolled back). Transient database errors are retried (MAX_ATTEMPTS); any other error, or the
  last attempt, marks the job 失败 with a Chinese message and logs the traceback.
- An outcome's files are stored under MEDIA_ROOT and downloaded only by the job's creator.

COMPATIBILITY — `job_start(..., work=<closure>)` still works (closures cannot cross processes, so they run
inline or in a thread of the web process and do not survive a restart). Prefer `register` + `job_enqueue`.

"Small" is what finishes within 5 seconds even on a busy machine, measured on the demo province (SQLite,
2 shared cores): an import validates and writes 9-22 ms a row, so at most EXCEL_IMPORT_INLINE_MAX_ROWS
(default 200); an export writes ~1.2 ms a row, so at most EXCEL_EXPORT_INLINE_MAX_ROWS (default 2,000).
A job left 进行中 for STALE_AFTER shows as 中断.
"""

from __future__ import annotations

import importlib
import json
import logging
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import OperationalError, close_old_connections, connection, transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.module_loading import import_string

from .excel import ImportResult, write_error_file
from .models import Job

logger = logging.getLogger(__name__)

# stored in the Job row (and compared by the progress template): Chinese, like everything a job records
PHASES = {"validate": "正在校验", "write": "正在写入", "export": "正在导出", "": "处理中", "queued": "排队中"}
STALE_AFTER = timedelta(hours=2)
SHOWN_ERRORS = 200  # the page lists the first errors; the error file has all of them
MAX_ATTEMPTS = 3
FAILED_MESSAGE = "任务执行出错，未做任何修改。请稍后重试或联系系统管理员"

INLINE_MAX_ROWS = {"import": 200, "export": 2000}


def inline_max_rows(direction: str = "import") -> int:
    return int(getattr(settings, f"EXCEL_{direction.upper()}_INLINE_MAX_ROWS", INLINE_MAX_ROWS.get(direction, 200)))


def is_large(rows: int, direction: str = "import") -> bool:
    """Large work becomes a background job with a progress page instead of one long request."""
    return rows > inline_max_rows(direction)


def runs_in_background(rows: int, direction: str = "import") -> bool:
    return is_large(rows, direction) and not getattr(settings, "JOBS_SYNC", False)


def queue_mode() -> str:
    """'celery' when a broker is configured (jobs go to worker processes), else 'inline' (in-process)."""
    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", True) or not getattr(settings, "CELERY_BROKER_URL", ""):
        return "inline"
    return "celery"


@dataclass
class JobOutcome:
    status: str
    message: str
    result: dict = field(default_factory=dict)
    result_file: bytes | None = None
    result_name: str = ""
    error_file: bytes | None = None


def import_outcome(result: ImportResult, *, what: str) -> JobOutcome:
    """The outcome of an all-or-nothing import: created count, or the errors and their file."""
    if result.errors:
        return JobOutcome(
            status=Job.Status.REJECTED,
            message=f"发现 {len(result.errors)} 处错误，整个文件未导入（全部正确才导入）。请按错误明细修改后重新上传",
            result={
                "created": 0,
                "error_count": len(result.errors),
                "errors": [{"row": e.row, "column": e.column, "message": e.message} for e in result.errors[:SHOWN_ERRORS]],
            },
            error_file=write_error_file(result.errors),
        )
    return JobOutcome(status=Job.Status.DONE, message=f"已导入 {result.created} 条{what}", result={"created": result.created})


# ---------------------------------------------------------------------------------------------
# the registry of named job functions

_REGISTRY: dict[str, Callable[..., JobOutcome]] = {}


def register(name: str):
    """Register `fn(*, by, progress, **args) -> JobOutcome` under a unique name."""

    def decorate(fn):
        if name in _REGISTRY and _REGISTRY[name] is not fn:
            raise ValueError(f"job {name!r} registered twice")
        _REGISTRY[name] = fn
        return fn

    return decorate


def registered(name: str) -> Callable[..., JobOutcome]:
    """The function of a job name; imports every app's `jobs` module once if the name is not known yet
    (a worker process starts with an empty registry)."""
    if name not in _REGISTRY:
        for app in settings.INSTALLED_APPS:
            if app.startswith("unionsw."):
                try:
                    importlib.import_module(f"{app}.jobs")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{app}.jobs":
                        raise
    if name not in _REGISTRY:
        raise LookupError(f"no job registered as {name!r}")
    return _REGISTRY[name]


# ---------------------------------------------------------------------------------------------
# progress


def _progress_key(job_id: int) -> str:
    return f"job-progress:{job_id}"


class Reporter:
    """The `progress(done, total, phase)` callback handed to the work function."""

    def __init__(self, job: Job):
        self.job = job

    def __call__(self, done: int, total: int, phase: str = "") -> None:
        cache.set(_progress_key(self.job.pk), {"done": done, "total": total, "phase": phase}, 3600)
        if phase == "write" and connection.in_atomic_block:
            return  # inside the import's transaction a row update would not be seen before commit
        try:
            with transaction.atomic():
                Job.objects.filter(pk=self.job.pk).update(done=done, total=total, message=PHASES.get(phase, phase))
        except OperationalError:  # progress is best effort: a busy SQLite must not fail the import itself
            logger.warning("job %s: progress not saved (database busy)", self.job.pk)


# ---------------------------------------------------------------------------------------------
# starting jobs


def _create(*, by, kind, label, total, source_name, back_url, task="", args=None) -> Job:
    return Job.objects.create(
        kind=kind,
        label=label,
        total=total,
        created_by=by,
        source_name=source_name[:200],
        back_url=back_url[:300],
        message=PHASES[""],
        task=task,
        args=args or {},
    )


def job_enqueue(
    *,
    by,
    task: str,
    args: dict | None = None,
    kind: str,
    label: str,
    total: int,
    source_name: str = "",
    back_url: str = "",
    direction: str = "import",
    upload=None,
    background: bool | None = None,
) -> Job:
    """Record a job for the registered function `task` and run it where `queue_mode()` says (see the module
    docstring). `background` forces (True) or forbids (False) the queue whatever the size. Returns the job
    as it stands: finished when it ran inline, 排队中/进行中 otherwise."""
    registered(task)  # fail now, in the request, for an unknown name
    args = dict(args or {})
    try:
        json.dumps(args)
    except TypeError as exc:
        raise TypeError(f"job {task!r}: arguments must be JSON-serialisable ({exc})") from None
    job = _create(by=by, kind=kind, label=label, total=total, source_name=source_name, back_url=back_url, task=task, args=args)
    if upload is not None:
        upload.seek(0)
        job.source_file.save(f"job{job.pk}-source{_suffix(getattr(upload, 'name', ''))}", upload, save=False)
        Job.objects.filter(pk=job.pk).update(source_file=job.source_file.name)
    in_background = runs_in_background(total, direction) if background is None else background
    if getattr(settings, "JOBS_SYNC", False):
        in_background = False
    if not in_background:
        execute(job.pk)
    elif queue_mode() == "celery":
        Job.objects.filter(pk=job.pk).update(message=PHASES["queued"])
        job_pk = job.pk
        transaction.on_commit(lambda: run_job.delay(job_pk))
    else:
        transaction.on_commit(lambda: _start_thread(job.pk))
    job.refresh_from_db()
    return job


def _suffix(name: str) -> str:
    dot = name.rfind(".")
    suffix = name[dot:].lower() if dot >= 0 else ""
    return suffix if suffix in {".xlsx", ".xls", ".csv", ".pdf", ".zip"} else ""


def _start_thread(job_id: int) -> None:
    threading.Thread(target=_thread_main, args=(job_id,), name=f"job-{job_id}", daemon=True).start()


def _thread_main(job_id: int) -> None:
    close_old_connections()
    try:
        execute(job_id)
    finally:
        connection.close()


def job_start(
    *,
    by,
    kind: str,
    label: str,
    total: int,
    work: Callable[[Reporter], JobOutcome],
    source_name: str = "",
    back_url: str = "",
    direction: str = "import",
) -> Job:
    """COMPATIBILITY: run a closure `work(progress)` as a job — inline when small (or JOBS_SYNC), else in a
    thread of this web process (a closure cannot be sent to a worker; it does not survive a restart).
    New code: `register` a function and call `job_enqueue`."""
    job = _create(by=by, kind=kind, label=label, total=total, source_name=source_name, back_url=back_url)
    if runs_in_background(total, direction):
        thread = threading.Thread(target=_run_closure_in_thread, args=(job.pk, work), name=f"job-{job.pk}", daemon=True)
        thread.start()
    else:
        _finish(job, lambda: work(Reporter(job)))
    job.refresh_from_db()
    return job


def _run(job: Job, work) -> None:
    """What the compatibility thread does with a closure (kept for callers and tests of the old API)."""
    _finish(job, lambda: work(Reporter(job)))


def _run_closure_in_thread(job_id: int, work) -> None:
    close_old_connections()
    try:
        job = Job.objects.get(pk=job_id)
        _finish(job, lambda: work(Reporter(job)))
    finally:
        connection.close()


# ---------------------------------------------------------------------------------------------
# running jobs


class _Retry(Exception):
    pass


def execute(job_id: int, *, attempt_limit: int = MAX_ATTEMPTS) -> str:
    """Run the job's registered function once (any process). Idempotent: a finished job is left alone.
    Returns the job's status; raises _Retry when a transient error should be retried."""
    job = Job.objects.select_related("created_by").filter(pk=job_id).first()
    if job is None:
        logger.warning("job %s vanished before it ran", job_id)
        return "missing"
    if job.finished:
        return job.status
    job.attempts, job.started_at, job.worker, job.message = job.attempts + 1, timezone.now(), _worker_name()[:100], PHASES[""]
    job.save(update_fields=["attempts", "started_at", "worker", "message"])
    attempts = job.attempts
    fn = registered(job.task)
    kwargs = dict(job.args)
    if job.source_file:
        kwargs["source_path"] = job.source_file.path

    def work():
        return fn(by=job.created_by, progress=Reporter(job), **kwargs)

    return _finish(job, work, retry_transient=attempts < attempt_limit)


def _worker_name() -> str:
    return f"{socket.gethostname()}:{threading.current_thread().name}"


def _finish(job: Job, work: Callable[[], JobOutcome], *, retry_transient: bool = False) -> str:
    try:
        # issue 12: a job stores what it reports (its message, the row errors, the error file): always in Chinese,
        # whether it runs in an English request, a thread or a worker; the page shows the stored text as it is
        with translation.override(settings.LANGUAGE_CODE):
            outcome = work()
    except OperationalError:
        if retry_transient:
            logger.warning("job %s (%s): transient database error, will retry", job.pk, job.kind, exc_info=True)
            raise _Retry() from None
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        _save_failure(job)
    except Exception:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        _save_failure(job)
    else:
        job.status = outcome.status
        job.message = outcome.message[:500]
        job.result = outcome.result
        if outcome.result_file is not None:
            job.result_name = outcome.result_name[:200]
            suffix = _suffix(outcome.result_name) or ".xlsx"
            job.result_file.save(f"job{job.pk}-result{suffix}", ContentFile(outcome.result_file), save=False)
        if outcome.error_file is not None:
            job.error_file.save(f"job{job.pk}-errors.xlsx", ContentFile(outcome.error_file), save=False)
        job.done = job.total
        job.finished_at = timezone.now()
        job.save()
    cache.delete(_progress_key(job.pk))
    return job.status


def _save_failure(job: Job) -> None:
    job.status = Job.Status.FAILED
    job.message = FAILED_MESSAGE
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "message", "finished_at"])


def fail_job(job_id: int) -> None:
    """The last attempt could not even start (e.g. the worker kept dying): report failure."""
    job = Job.objects.filter(pk=job_id, status=Job.Status.RUNNING).first()
    if job is not None:
        _save_failure(job)


# The Celery task: the only thing sent through the broker is the job id.
from config.celery import app as _celery_app  # noqa: E402


@_celery_app.task(name="unionsw.run_job", bind=True, max_retries=MAX_ATTEMPTS - 1, acks_late=True)
def run_job(self, job_id: int) -> str:
    _tidy_connections()
    try:
        return execute(job_id)
    except _Retry:
        try:
            raise self.retry(countdown=2**self.request.retries)
        except self.MaxRetriesExceededError:
            fail_job(job_id)
            return "failed"
    finally:
        _tidy_connections()


def _tidy_connections() -> None:
    """A worker drops stale connections around each job; never inside a transaction (eager runs, tests)."""
    if not connection.in_atomic_block:
        close_old_connections()


# ---------------------------------------------------------------------------------------------
# the shared Excel import job: every all-or-nothing import page (core.views_jobs.excel_import_page)


@register("core.excel_import")
def excel_import(*, by, progress, source_path: str, read_rows: str, import_rows: str, what: str, filename: str) -> JobOutcome:
    """Re-read the stored upload in the worker and import it. `read_rows` / `import_rows` are dotted paths
    of the app's functions (only unionsw.* code)."""
    if not (read_rows.startswith("unionsw.") and import_rows.startswith("unionsw.")):
        raise ValueError("importers must be unionsw functions")
    reader, importer = import_string(read_rows), import_string(import_rows)
    with open(source_path, "rb") as fileobj:
        rows = reader(fileobj)
    return import_outcome(importer(by=by, rows=rows, filename=filename, progress=progress), what=what)


# ---------------------------------------------------------------------------------------------
# reads


def job_list_visible_to(user) -> QuerySet[Job]:
    """A job, its results and its error file belong to the user who started it, whatever their role."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Job.objects.none()
    return Job.objects.filter(created_by=user)


def live_progress(job: Job) -> Job:
    """Overlay the cached figures of a running job (newer than the row while an import writes)."""
    if not job.finished:
        live = cache.get(_progress_key(job.pk))
        if live:
            job.done, job.total = live["done"], live["total"]
            job.message = PHASES.get(live["phase"], job.message)
    return job


def job_is_stale(job: Job) -> bool:
    return not job.finished and job.created_at < timezone.now() - STALE_AFTER
