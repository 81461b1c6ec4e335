"""Queued jobs of recruitment (core/jobs.py): whole-round steps and the admission-ticket PDF.

A round of 100,000 applications (issue 13: 1,000,000 a year) is too big for a request: closing
registration (with the automatic review of every application), the bulk review and the ranking run as
jobs in a worker, with the job page showing progress and the round page as the way back. Each step is
idempotent: a step that a previous attempt already completed (the round moved on) reports done.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import translation

from unionsw.core import jobs

from . import services
from .models import Round, RoundStatus

# step -> (service, the status the round must have, the success message). The job's label and outcome message
# are stored with the job, so they are written in Chinese (like the plan's log), whatever language queued it.
STEPS = {
    "close": (services.round_close_registration, RoundStatus.ANNOUNCED, "报名已截止，自动审查完成"),
    "review_auto": (services.review_accept_auto, RoundStatus.REVIEW, "已按自动审查结果完成审查"),
    "rank": (services.round_rank, RoundStatus.INTERVIEW, "已计算总成绩和排名，确定体检人选"),
}
LABELS = {"close": "截止报名并自动审查", "review_auto": "按自动审查结果审查", "rank": "计算总成绩和排名"}


def inline_max_applications() -> int:
    """Above this many applications a whole-round step runs as a queued job instead of in the request."""
    return int(getattr(settings, "RECRUITMENT_INLINE_MAX_APPLICATIONS", 2000))


@jobs.register("recruitment.round_step")
def round_step(*, by, progress, round_id: int, step: str) -> jobs.JobOutcome:
    service, needs, message = STEPS[step]
    rnd = Round.objects.select_related("org", "plan").get(pk=round_id)
    # a retried attempt after the step committed: the round has moved past the status the step needs
    # (the bulk review keeps the status, and re-running it finds nothing pending: idempotent by itself)
    if rnd.status != needs and rnd.reached(needs):
        return jobs.JobOutcome(status="done", message=message + "（此前已完成）")
    total = rnd.applications.count()
    progress(0, total, "write")
    try:
        with translation.override(settings.LANGUAGE_CODE):  # a refusal's text is stored as the outcome: Chinese
            result = service(by=by, round=rnd)
    except ValidationError as exc:
        return jobs.JobOutcome(status="failed", message="；".join(exc.messages)[:500])
    count = result if isinstance(result, int) else total
    return jobs.JobOutcome(status="done", message=f"{message}（{count} 份报名）", result={"applications": count})


def round_step_start(*, by, round: Round, step: str, back_url: str):
    """Run a step inline for a small round (as before), queue it for a big one. Returns the Job when queued."""
    total = round.applications.count()
    if total <= inline_max_applications() or getattr(settings, "JOBS_SYNC", False):
        return None
    return jobs.job_enqueue(
        by=by,
        task="recruitment.round_step",
        args={"round_id": round.pk, "step": step},
        kind="recruitment_round",
        label=f"{LABELS[step]}：{round.title}"[:100],
        total=total,
        back_url=back_url,
        background=True,
    )


@jobs.register("recruitment.tickets")
def tickets(*, by, progress, round_id: int) -> jobs.JobOutcome:
    from . import pdf

    rnd = Round.objects.get(pk=round_id)
    key = pdf._key(rnd)

    def report(done, total):
        cache.set(key, {"done": done, "total": total, "running": True}, 3600)
        progress(done, total, "export")

    try:
        n = pdf.render_tickets(rnd, pdf._path(rnd), progress=report)
    finally:
        p = pdf.tickets_progress(rnd)
        cache.set(key, {**p, "running": False}, 3600)
    return jobs.JobOutcome(status="done", message=f"已生成 {n} 张准考证", result={"tickets": n})
