"""Issue 13: whole-round steps over a big round run as queued jobs (core/jobs.py), idempotently."""

from __future__ import annotations

import pytest
from django.urls import reverse

from unionsw.core import jobs
from unionsw.core.models import Job
from unionsw.recruitment.models import Application, RoundStatus

from .conftest import applicant, apply


@pytest.fixture
def big(settings, monkeypatch):
    """Every round counts as big; the job thread is captured instead of started."""
    settings.JOBS_SYNC = False
    settings.RECRUITMENT_INLINE_MAX_APPLICATIONS = 0
    started = []
    monkeypatch.setattr(jobs, "_start_thread", lambda pk: started.append(pk))
    return started


def test_closing_registration_of_a_big_round_is_a_job_that_a_worker_runs(
    world, open_round, big, login, django_capture_on_commit_callbacks
):
    for i in range(3):
        apply(applicant(name=f"考生{i}", phone=f"1390000000{i}"), open_round)
    client = login(world.county_a_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("recruitment:round_action", args=[open_round.pk, "close"]))
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == reverse("core:job", args=[job.pk])
    assert job.task == "recruitment.round_step" and job.args == {"round_id": open_round.pk, "step": "close"}
    assert job.total == 3 and big == [job.pk]
    open_round.refresh_from_db()
    assert open_round.status == RoundStatus.ANNOUNCED  # nothing ran in the request

    assert jobs.execute(job.pk) == "done"  # the worker's side
    open_round.refresh_from_db()
    job.refresh_from_db()
    assert open_round.status == RoundStatus.REVIEW and "自动审查完成" in job.message
    assert Application.objects.filter(round=open_round, auto_passed=True).count() == 3
    assert job.back_url == reverse("recruitment:round_detail", args=[open_round.pk])

    # a redelivered message after the step committed reports done instead of failing
    again = Job.objects.create(
        kind="recruitment_round",
        label="重试",
        total=3,
        created_by=world.county_a_admin,
        task="recruitment.round_step",
        args={"round_id": open_round.pk, "step": "close"},
    )
    assert jobs.execute(again.pk) == "done"
    again.refresh_from_db()
    assert "此前已完成" in again.message


def test_a_step_the_round_is_not_ready_for_fails_with_the_services_reason(world, open_round, big, login):
    apply(applicant(), open_round)
    client = login(world.county_a_admin)
    client.post(reverse("recruitment:round_action", args=[open_round.pk, "rank"]))
    job = Job.objects.get()
    assert jobs.execute(job.pk) == "failed"
    job.refresh_from_db()
    assert job.status == "failed" and job.message


def test_another_county_cannot_start_a_step_of_this_round(world, open_round, big, login):
    from conftest import make_user

    other = make_user("other_county", world.county_b, [world.roles["county_admin"]])
    response = login(other).post(reverse("recruitment:round_action", args=[open_round.pk, "close"]))
    assert response.status_code == 404 and not Job.objects.exists()


def test_the_round_page_statistics_and_count_are_cached_but_follow_every_review(world, open_round, login):
    from unionsw.recruitment import selectors, services

    for i in range(3):
        apply(applicant(name=f"考生{i}", phone=f"1390000000{i}"), open_round)
    services.round_close_registration(by=world.county_a_admin, round=open_round)
    open_round.refresh_from_db()
    assert selectors.round_stats(open_round)["totals"]["passed"] == 0
    services.review_accept_auto(by=world.county_a_admin, round=open_round)  # a bulk UPDATE, no signal
    assert selectors.round_stats(open_round)["totals"]["passed"] == 3
    client = login(world.county_a_admin)
    url = reverse("recruitment:round_detail", args=[open_round.pk])
    assert client.get(url + "?review=passed").context["page"].paginator.count == 3
    one = Application.objects.filter(round=open_round).first()
    services.application_review(by=world.county_a_admin, application=one, passed=False, reason="材料不全")
    assert selectors.round_stats(open_round)["totals"]["passed"] == 2
    assert client.get(url + "?review=passed").context["page"].paginator.count == 2
