"""Long imports/exports as jobs: inline or background, progress, results, and only the creator sees them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from unionsw.core import jobs
from unionsw.core.excel import ImportResult, RowError
from unionsw.core.models import Job


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.JOBS_SYNC = True


def export_work(seen=None):
    def work(progress):
        progress(50, 200, "validate")
        if seen is not None:
            seen.append(Job.objects.values_list("done", "total", "message").get())
        progress(150, 200, "write")
        if seen is not None:
            seen.append(Job.objects.values_list("done", "total", "message").get())
        return jobs.JobOutcome(status="done", message="已导出 200 名社工", result_file=b"PK\x03\x04data", result_name="名单.xlsx")

    return work


def start(user, work=None, total=200, **kw):
    return jobs.job_start(
        by=user, kind="worker_export", label="导出社工", total=total, work=work or export_work(), direction="export", **kw
    )


# --- runner ------------------------------------------------------------------------------------


def test_a_job_records_progress_then_its_result(world):
    seen = []
    job = start(world.county_a_admin, export_work(seen))
    assert seen[0] == (50, 200, "正在校验")
    # inside an import's write transaction progress goes to the cache only, so the row keeps its last figure
    assert seen[1] == (50, 200, "正在校验")
    assert (job.status, job.done, job.total, job.message) == ("done", 200, 200, "已导出 200 名社工")
    assert job.finished_at is not None
    assert job.result_file.read() == b"PK\x03\x04data" and job.result_name == "名单.xlsx"
    assert not job.error_file


def test_live_progress_shows_the_cached_figure_while_an_import_writes(world):
    job = Job.objects.create(kind="worker_import", label="导入社工", total=300, done=100, created_by=world.county_a_admin)
    jobs.Reporter(job)(250, 300, "write")
    job.refresh_from_db()
    assert job.done == 100
    live = jobs.live_progress(job)
    assert (live.done, live.message, live.percent) == (250, "正在写入", 83)


def test_a_job_that_crashes_is_marked_failed_with_a_chinese_message(world):
    def work(progress):
        raise RuntimeError("boom")

    job = start(world.county_a_admin, work)
    assert job.status == "failed" and "未做任何修改" in job.message


def test_a_rejected_import_keeps_its_errors_and_an_error_file(world):
    errors = [RowError(2, "姓名", "请填写姓名")] * (jobs.SHOWN_ERRORS + 1)
    job = start(world.county_a_admin, lambda progress: jobs.import_outcome(ImportResult(0, errors), what="社工信息"), total=3)
    assert job.status == "rejected" and job.result["error_count"] == jobs.SHOWN_ERRORS + 1
    assert len(job.result["errors"]) == jobs.SHOWN_ERRORS
    assert job.error_file.read().startswith(b"PK")
    assert f"发现 {jobs.SHOWN_ERRORS + 1} 处错误" in job.message


def test_a_successful_import_reports_the_count(world):
    job = start(world.county_a_admin, lambda progress: jobs.import_outcome(ImportResult(7), what="组织"), total=7)
    assert (job.status, job.message, job.result) == ("done", "已导入 7 条组织", {"created": 7})


def test_jobs_above_the_threshold_go_to_the_background_unless_sync(settings):
    settings.JOBS_SYNC = False
    assert not jobs.runs_in_background(200, "import") and jobs.runs_in_background(201, "import")
    assert not jobs.runs_in_background(2000, "export") and jobs.runs_in_background(2001, "export")
    settings.EXCEL_IMPORT_INLINE_MAX_ROWS = 10
    assert not jobs.runs_in_background(10) and jobs.runs_in_background(11)
    settings.JOBS_SYNC = True
    assert jobs.is_large(11) and not jobs.runs_in_background(11)


class FakeThread:
    started: list = []

    def __init__(self, target, args, name, daemon):
        self.target, self.args, self.name, self.daemon = target, args, name, daemon

    def start(self):
        FakeThread.started.append(self)


def test_a_large_job_runs_in_a_thread_and_the_page_polls_until_it_is_done(world, settings, monkeypatch, login):
    settings.JOBS_SYNC = False
    settings.EXCEL_EXPORT_INLINE_MAX_ROWS = 100
    FakeThread.started = []
    monkeypatch.setattr(jobs.threading, "Thread", FakeThread)
    job = start(world.county_a_admin, total=200)
    assert job.status == "running" and len(FakeThread.started) == 1
    thread = FakeThread.started[0]
    assert thread.daemon and thread.args[0] == job.pk

    client = login(world.county_a_admin)
    page = client.get(reverse("core:job", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page and 'value="0"' in page
    Job.objects.filter(pk=job.pk).update(done=50)
    partial = client.get(reverse("core:job_progress", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in partial and "50 / 200" in partial and 'value="25"' in partial

    jobs._run(Job.objects.get(pk=job.pk), thread.args[1])  # what the thread does, minus closing the test's connection
    partial = client.get(reverse("core:job_progress", args=[job.pk])).content.decode()
    assert "hx-trigger" not in partial  # polling stops
    assert "已导出 200 名社工" in partial and reverse("core:job_download", args=[job.pk, "result"]) in partial


def test_a_job_left_running_for_hours_shows_as_interrupted(world, login):
    job = Job.objects.create(kind="worker_import", label="导入社工", total=10, created_by=world.county_a_admin)
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - jobs.STALE_AFTER - timedelta(minutes=1))
    page = login(world.county_a_admin).get(reverse("core:job", args=[job.pk])).content.decode()
    content = page.split("<main", 1)[1]  # the top bar polls the to-do badge; the job page itself must not poll
    assert "已中断" in content and "hx-trigger" not in content


# --- pages: only the creator -------------------------------------------------------------------


@pytest.fixture
def job_a(world):
    return start(world.county_a_admin)


@pytest.mark.parametrize("name", ["core:job", "core:job_progress"])
def test_anonymous_users_are_sent_to_login(client, job_a, name):
    response = client.get(reverse(name, args=[job_a.pk]))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("actor", ["county_b_admin", "city_admin", "province_admin"])
@pytest.mark.parametrize("name, args", [("core:job", ()), ("core:job_progress", ()), ("core:job_download", ("result",))])
def test_nobody_but_the_creator_sees_a_job_not_even_their_superiors(world, job_a, login, actor, name, args):
    assert login(getattr(world, actor)).get(reverse(name, args=[job_a.pk, *args])).status_code == 404


def test_the_creator_sees_the_job_and_downloads_its_file(world, job_a, login):
    from unionsw.core.models import AuditEvent

    client = login(world.county_a_admin)
    page = client.get(reverse("core:job", args=[job_a.pk]))
    assert page.status_code == 200 and "已导出 200 名社工" in page.content.decode()
    download = client.get(reverse("core:job_download", args=[job_a.pk, "result"]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"PK\x03\x04data"
    assert "filename*=utf-8''" in download["Content-Disposition"]
    event = AuditEvent.objects.get(action="job.download")
    assert event.actor == world.county_a_admin and event.target_id == str(job_a.pk)


@pytest.mark.parametrize("which", ["errors", "other", "..%2F..%2Fetc"])
def test_a_file_the_job_does_not_have_is_404(world, job_a, login, which):
    assert login(world.county_a_admin).get(f"/jobs/{job_a.pk}/download/{which}/").status_code == 404


def test_the_job_list_shows_only_my_jobs(world, job_a, login):
    start(world.county_b_admin, total=5)
    page = login(world.county_a_admin).get(reverse("core:jobs")).content.decode()
    assert page.count(reverse("core:job", args=[job_a.pk])) == 2
    assert page.count("导出社工") == 1


def test_the_job_list_runs_a_constant_number_of_queries(world, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(world.county_a_admin)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("core:jobs")).status_code == 200
        return len(ctx)

    start(world.county_a_admin)
    queries()  # the first request after force_login renews the session's idle expiry (one write)
    few = queries()
    for _ in range(10):
        start(world.county_a_admin)
    assert queries() == few
