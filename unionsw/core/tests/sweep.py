"""Scope-sweep entries for core: an import/export job belongs to the user who started it, so any other
user — even one holding every permission — gets 404 on the job, its progress and its files."""


def prepare(world):
    from unionsw.core.models import Job

    job = Job(kind="worker_export", label="导出社工", status=Job.Status.DONE, total=1, created_by=world.county_a_admin)
    job.result_file.name = "jobs/sweep-result.xlsx"  # never opened: the intruder is stopped before the file
    job.error_file.name = "jobs/sweep-errors.xlsx"
    job.save()
    world.job_a = job


ROUTES = {
    "core:job": lambda w: {"pk": w.job_a.pk},
    "core:job_progress": lambda w: {"pk": w.job_a.pk},
    "core:job_download": lambda w: {"pk": w.job_a.pk, "which": "result"},
}

EXEMPT: dict[str, str] = {}
