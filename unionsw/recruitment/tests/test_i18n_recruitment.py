"""Issue 12: recruitment's refusals, flash messages and the applicant's steps follow the chosen language; what is
stored (the plan's log) stays Chinese."""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from unionsw.recruitment import portal, rules, services
from unionsw.recruitment.models import RecruitmentEvent

from .conftest import applicant, apply, draft_plan


def _draft_plan(world):
    return draft_plan(world, title="2026年历下区招录计划", exam_month=6)


def _english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_a_service_refusal_is_in_the_chosen_language(world):
    plan = _draft_plan(world)
    with translation.override("en"), pytest.raises(ValidationError) as english:
        services.plan_approve(by=world.city_admin, plan=plan)
    assert english.value.messages == ["Only a submitted plan can be approved"]
    with translation.override("zh-hans"), pytest.raises(ValidationError) as chinese:
        services.plan_approve(by=world.city_admin, plan=plan)
    assert chinese.value.messages == ["只能审批已报送的计划"]


def test_a_refusal_with_values_keeps_them_in_english(world):
    with translation.override("en"):
        with pytest.raises(ValueError, match="Score 120 is outside 0–100"):
            rules.parse_score("120")
        assert rules.publicity_error(date(2026, 5, 1), date(2026, 5, 10), date(2026, 5, 20), 2) == (
            "2 objection(s) to the public notice still open"
        )
    assert rules.publicity_error(None, None, date(2026, 5, 20), 0) == "尚未公示"


def test_a_page_shows_the_refusal_as_an_english_flash_message(world, login):
    plan = _draft_plan(world)
    client = _english(login(world.city_admin))
    r = client.post(f"/recruitment/plans/{plan.pk}/approve/", {"next": f"/recruitment/plans/{plan.pk}/"}, follow=True)
    page = r.content.decode()
    assert "Only a submitted plan can be approved" in page and "只能审批已报送的计划" not in page
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME)  # zh-hans, the default
    r = client.post(f"/recruitment/plans/{plan.pk}/approve/", {"next": f"/recruitment/plans/{plan.pk}/"}, follow=True)
    assert "只能审批已报送的计划" in r.content.decode()


def test_the_portal_speaks_english_but_the_plans_log_stays_chinese(open_round):
    person = applicant()
    app = apply(person, open_round)
    c = _english(Client())
    s = c.session
    s[portal.SESSION_KEY] = person.pk
    s.save()
    page = c.get("/portal/me/").content.decode()
    assert "Online application" in page and "Applied: " in page and "已报名：" not in page
    # a correction made on an English page: the log entry (stored) names the fields in Chinese
    with translation.override("en"):
        services.application_correct(
            applicant=person,
            application=app,
            data={"post": app.post, "education": "master", "school": "山东大学", "major": "社会工作"},
        )
    assert RecruitmentEvent.objects.filter(action="correct").get().label == "报名人员修改报名信息：学历"
    r = _english(Client()).post("/portal/login/", {"id_number": person.id_number, "password": "wrong", "captcha": "0"})
    assert "The verification code is wrong" in r.content.decode()


def test_the_funnel_title_is_translated_on_the_page_and_chinese_in_the_report():
    from django.utils.translation import gettext_noop

    from unionsw.core.i18n import ShownText, choice_label


    note = ShownText(
        gettext_noop("计划招录 %(places)s 人，报录比（报名人数∶计划招录人数）%(ratio)s。占比为各环节人数占报名人数的比例"),
        places=0,
        ratio=choice_label("未设招录人数"),
    )
    with translation.override("en"):
        title = ShownText(gettext_noop("公开招聘（%(year)s年启动的批次）"), year=2026)
        assert str(title) == "Public recruitment (rounds opened in 2026)"
        assert str(note).startswith("0 places planned; applicants per place no places planned.")
        assert f"表1　{title}" == "表1　公开招聘（2026年启动的批次）"  # the report's f-strings keep the Chinese
    assert title == "公开招聘（2026年启动的批次）" and "未设招录人数" in note
