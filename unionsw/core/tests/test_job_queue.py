"""The job queue (issue 13): named registered functions with JSON arguments, run inline, in a thread (no
broker) or by a Celery worker; idempotent re-delivery, retries of transient errors, reported failure."""

from __future__ import annotations

import io

import pytest
from django.db import OperationalError
from django.urls import reverse

from unionsw.core import jobs
from unionsw.core.excel import xlsx_bytes
from unionsw.core.models import Job

CALLS: list[dict] = []


@jobs.register("tests.count")
def count_job(*, by, progress, n: int, fail: str = "") -> jobs.JobOutcome:
    CALLS.append({"by": by.username, "n": n})
    progress(n // 2, n, "export")
    if fail == "transient":
        raise OperationalError("database is locked")
    if fail == "bug":
        raise ZeroDivisionError("boom")
    return jobs.JobOutcome(
        status="done", message=f"数了 {n} 个", result={"n": n}, result_file=b"%PDF-1.4", result_name="结果.pdf"
    )


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    CALLS.clear()


def enqueue(user, **kw):
    args = kw.pop("args", {"n": 10})
    return jobs.job_enqueue(by=user, task="tests.count", args=args, kind="test", label="计数", total=10, **kw)


def test_a_small_job_runs_inline_and_keeps_its_name_arguments_and_result(world):
    job = enqueue(world.county_a_admin)
    assert (job.status, job.message, job.task, job.args, job.attempts) == ("done", "数了 10 个", "tests.count", {"n": 10}, 1)
    assert job.result == {"n": 10} and job.result_file.name.endswith(".pdf") and job.finished_at
    assert CALLS == [{"by": "county_a_admin", "n": 10}]


def test_arguments_must_be_json_and_the_name_must_be_registered(world):
    with pytest.raises(TypeError, match="JSON"):
        enqueue(world.county_a_admin, args={"n": world.county_a})
    with pytest.raises(LookupError):
        jobs.job_enqueue(by=world.county_a_admin, task="tests.nope", kind="t", label="t", total=1)
    assert not Job.objects.exists()


def test_a_redelivered_finished_job_is_not_run_twice(world):
    job = enqueue(world.county_a_admin)
    assert jobs.execute(job.pk) == "done"
    assert len(CALLS) == 1


def test_a_transient_error_is_retried_and_the_last_attempt_reports_failure(world):
    job = Job.objects.create(
        kind="test",
        label="计数",
        total=4,
        created_by=world.county_a_admin,
        task="tests.count",
        args={"n": 4, "fail": "transient"},
    )
    with pytest.raises(jobs._Retry):
        jobs.execute(job.pk)
    job.refresh_from_db()
    assert job.status == "running" and job.attempts == 1
    with pytest.raises(jobs._Retry):
        jobs.execute(job.pk)  # the second attempt is retried too
    job.refresh_from_db()
    assert job.attempts == 2 and job.status == "running"


def test_the_last_attempt_of_a_transient_error_and_any_bug_mark_the_job_failed(world):
    job = Job.objects.create(
        kind="test",
        label="计数",
        total=4,
        created_by=world.county_a_admin,
        task="tests.count",
        args={"n": 4, "fail": "transient"},
        attempts=jobs.MAX_ATTEMPTS - 1,
    )
    assert jobs.execute(job.pk) == "failed"
    job.refresh_from_db()
    assert job.status == "failed" and "未做任何修改" in job.message and job.finished_at
    bug = enqueue(world.county_a_admin, args={"n": 2, "fail": "bug"})
    assert bug.status == "failed" and bug.attempts == 1


def test_with_a_broker_a_large_job_goes_to_the_queue_after_commit(
    world, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.JOBS_SYNC = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/15"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    sent = []
    monkeypatch.setattr(jobs.run_job, "delay", lambda pk: sent.append(pk))
    with django_capture_on_commit_callbacks(execute=True):
        job = enqueue(world.county_a_admin, background=True)
    assert job.status == "running" and job.message == "排队中" and sent == [job.pk]
    assert CALLS == []  # nothing ran in the web process
    # what the worker does with the message: the task runs the job by id
    assert jobs.run_job.apply(args=[job.pk]).get() == "done"
    job.refresh_from_db()
    assert job.status == "done" and job.worker


def test_the_celery_task_retries_then_fails_the_job(world):
    job = Job.objects.create(
        kind="test",
        label="计数",
        total=4,
        created_by=world.county_a_admin,
        task="tests.count",
        args={"n": 4, "fail": "transient"},
    )
    result = jobs.run_job.apply(args=[job.pk])  # eager apply runs the retries in-process
    assert result.get(propagate=False) in ("failed", None) or result.failed()
    job.refresh_from_db()
    assert job.status == "failed" and job.attempts == jobs.MAX_ATTEMPTS


def test_without_a_broker_a_large_job_runs_in_a_thread_of_the_web_process(
    world, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.JOBS_SYNC = False
    started = []
    monkeypatch.setattr(jobs, "_start_thread", lambda pk: started.append(pk))
    with django_capture_on_commit_callbacks(execute=True):
        job = enqueue(world.county_a_admin, background=True)
    assert jobs.queue_mode() == "inline" and started == [job.pk] and job.status == "running"


def test_an_import_upload_is_stored_so_a_worker_can_read_it(
    world, settings, login, monkeypatch, django_capture_on_commit_callbacks
):
    """The import page sends the stored file's path, not the rows, through the queue."""
    settings.JOBS_SYNC = False
    settings.EXCEL_IMPORT_INLINE_MAX_ROWS = 0
    started = []
    monkeypatch.setattr(jobs, "_start_thread", lambda pk: started.append(pk))
    from unionsw.workers.excel import columns

    headers = [c.header + ("*" if c.required else "") for c in columns()]
    content = xlsx_bytes([headers, ["王五"] + [None] * (len(headers) - 1)])
    client = login(world.county_a_admin)
    upload = io.BytesIO(content)
    upload.name = "社工.xlsx"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("workers:import"), {"file": upload})
    assert response.status_code == 302, response.content.decode()[:500]
    job = Job.objects.get()
    assert started == [job.pk] and job.task == "core.excel_import" and job.source_file
    assert job.args["import_rows"] == "unionsw.workers.excel.import_worker_rows"
    assert jobs.execute(job.pk) in ("rejected", "done")  # the worker's side: reads the stored file
    job.refresh_from_db()
    assert job.finished
