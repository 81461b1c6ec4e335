"""Long imports and exports as jobs with progress (SPEC §5, issue 2: over 5 seconds shows progress).

`job_start` records a Job and runs `work(progress)`: inline when the job is small or when
settings.JOBS_SYNC is true (tests), else in a background thread while the page polls
`core:job_progress` every second. "Small" is what finishes within 5 seconds even on a busy machine,
measured on the demo province (SQLite, 2 shared cores): an import validates and writes 9-22 ms a
row, so at most settings.EXCEL_IMPORT_INLINE_MAX_ROWS (default 200); an export writes ~1.2 ms a
row, so at most settings.EXCEL_EXPORT_INLINE_MAX_ROWS (default 2,000). `work` returns a
JobOutcome; its files are stored under MEDIA_ROOT and downloaded only by the job's creator.

Progress goes to the Job row, except while an import writes inside its one transaction (the row
update would stay invisible until commit); then it goes to the cache, which the progress view reads
first. With a shared cache (REDIS_URL) that works across processes; with the default per-process
cache a poll served by another process shows the last committed figure until the job ends.

A job whose process dies (a restart) stays 进行中; `job_is_stale` marks it 中断 on the page.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import OperationalError, close_old_connections, connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from .excel import ImportResult, write_error_file
from .models import Job

logger = logging.getLogger(__name__)

PHASES = {"validate": "正在校验", "write": "正在写入", "export": "正在导出", "": "处理中"}
STALE_AFTER = timedelta(hours=2)
SHOWN_ERRORS = 200  # the page lists the first errors; the error file has all of them


INLINE_MAX_ROWS = {"import": 200, "export": 2000}


def inline_max_rows(direction: str = "import") -> int:
    return int(getattr(settings, f"EXCEL_{direction.upper()}_INLINE_MAX_ROWS", INLINE_MAX_ROWS[direction]))


def is_large(rows: int, direction: str = "import") -> bool:
    """Large work becomes a background job with a progress page instead of one long request."""
    return rows > inline_max_rows(direction)


def runs_in_background(rows: int, direction: str = "import") -> bool:
    return is_large(rows, direction) and not getattr(settings, "JOBS_SYNC", False)


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
    """Create the job and run it (inline or in a thread, see the module docstring). Returns the job
    as it stands: finished when it ran inline, running when it went to the background."""
    job = Job.objects.create(
        kind=kind,
        label=label,
        total=total,
        created_by=by,
        source_name=source_name[:200],
        back_url=back_url[:300],
        message=PHASES[""],
    )
    if runs_in_background(total, direction):
        thread = threading.Thread(target=_run_in_thread, args=(job.pk, work), name=f"job-{job.pk}", daemon=True)
        thread.start()
    else:
        _run(job, work)
    job.refresh_from_db()
    return job


def _run_in_thread(job_id: int, work) -> None:
    close_old_connections()
    try:
        _run(Job.objects.get(pk=job_id), work)
    finally:
        connection.close()


def _run(job: Job, work) -> None:
    try:
        outcome = work(Reporter(job))
    except Exception:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        job.status = Job.Status.FAILED
        job.message = "任务执行出错，未做任何修改。请稍后重试或联系系统管理员"
    else:
        job.status = outcome.status
        job.message = outcome.message[:500]
        job.result = outcome.result
        if outcome.result_file is not None:
            job.result_name = outcome.result_name[:200]
            job.result_file.save(f"job{job.pk}-result.xlsx", ContentFile(outcome.result_file), save=False)
        if outcome.error_file is not None:
            job.error_file.save(f"job{job.pk}-errors.xlsx", ContentFile(outcome.error_file), save=False)
    job.done = job.total
    job.finished_at = timezone.now()
    job.save()
    cache.delete(_progress_key(job.pk))


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
