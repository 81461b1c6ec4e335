"""Recruitment fixtures, built through the real services."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from conftest import make_id
from unionsw.recruitment import services

PASSWORD = "Apply2026x"


def round_data(**overrides) -> dict:
    today = timezone.localdate()
    data = {
        "title": "历下区总工会公开招聘工会社会工作专业人才公告",
        "body": "面向社会公开招聘。",
        "reference_date": today,
        "registration_start": today - timedelta(days=5),
        "registration_end": today + timedelta(days=5),
        "exam_date": today + timedelta(days=20),
        "interview_date": today + timedelta(days=30),
        "written_weight": "0.5",
        "interview_ratio": 3,
        "drop_high_low": True,
        "second_tie_key": "written",
        "waiting_list_months": 12,
    }
    data.update(overrides)
    return data


def draft_plan(world, posts=None, **data):
    """A county's draft recruitment plan for next year (one 组建指导岗 at street A unless `posts`)."""
    return services.plan_create(
        by=world.county_a_admin,
        org=world.county_a,
        data={"title": "计划", "exam_year": date.today().year + 1, "exam_month": 5, **data},
        posts=posts or [{"unit": world.street_a, "kind": "组建指导岗", "count": 1}],
    )


def filed_plan(world, posts=None):
    plan = draft_plan(world, posts, title="2026年历下区招录计划", exam_month=6, reason_gap="缺口8人")
    services.plan_propose(by=world.county_a_admin, plan=plan)
    services.plan_approve(by=world.city_admin, plan=plan)
    services.plan_file(by=world.province_admin, plan=plan)
    return plan


def applicant(name="王小明", born=date(1995, 3, 1), phone="13900000001"):
    return services.applicant_register(
        id_number=make_id("370102", born), name=name, phone=phone, password=PASSWORD, accept_privacy=True
    )


def apply(app_user, rnd, **overrides):
    data = {"post": rnd.plan.posts.first(), "education": "bachelor", "school": "山东大学", "major": "社会工作"}
    data.update(overrides)
    return services.application_submit(applicant=app_user, round=rnd, data=data)


@pytest.fixture
def open_round(world):
    plan = filed_plan(world)
    return services.round_announce(by=world.county_a_admin, plan=plan, data=round_data())


@pytest.fixture
def judges(world):
    from conftest import make_user

    return [make_user(f"judge{i}", world.county_a, []) for i in range(3)]


def portal_mounted() -> bool:
    from django.urls import NoReverseMatch, reverse

    try:
        reverse("portal:home")
    except NoReverseMatch:
        return False
    return True


@pytest.fixture(autouse=True)
def _portal_urls_and_sync_pdf(settings, tmp_path, monkeypatch):
    """Mount the portal when config/urls.py does not yet, keep uploads in a temp dir, build PDFs inline."""
    from django.core.cache import cache

    from unionsw.recruitment import pdf

    if not portal_mounted():
        settings.ROOT_URLCONF = "unionsw.recruitment.tests.urls"
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(pdf, "RUN_IN_THREAD", False)
    cache.clear()
