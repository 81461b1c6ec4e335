"""The Python side of the activity app in English (issue 12): refusals and flash messages follow the chosen
language; zh-hans, the default, still reads the Chinese; texts that other pages show keep the Chinese in code."""

from datetime import date

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation

from unionsw.activity import services
from unionsw.core.errors import NotAllowed
from unionsw.core.i18n import ShownText

pytestmark = pytest.mark.django_db
TODAY = date.today()


def _entry(world):
    return services.worklog_add(by=world.worker_a_user, data={"category": "组建指导", "day": TODAY, "description": "指导", "beneficiaries": 3})


def test_a_refusal_from_the_service_is_in_the_chosen_language(world):
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.worklog_add(by=world.worker_a_user, data={"category": "打牌", "day": TODAY, "description": ""})
    errors = exc.value.message_dict
    assert errors["description"] == ["Work done is required"]
    assert errors["category"][0].startswith("The category must be one of: ")
    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        services.worklog_add(by=world.worker_a_user, data={"category": "组建指导", "day": TODAY, "description": ""})
    assert exc.value.message_dict["description"] == ["请填写工作内容"]


def test_confirming_ones_own_log_is_refused_in_english(world):
    entry = _entry(world)
    world.worker_a_user.roles.add(world.roles["county_admin"])
    world.worker_a_user.__dict__.pop("role_list", None)
    world.worker_a_user.__dict__.pop("held_codes", None)
    world.worker_a_user.__dict__.pop("permission_codes", None)
    with translation.override("en"), pytest.raises(NotAllowed) as exc:
        services.worklog_review(by=world.worker_a_user, entries=[entry], confirm=True)
    assert exc.value.messages == ["You cannot confirm your own work log"]


def test_the_flash_message_of_a_review_follows_the_language_cookie(world, host_daily, login):
    c = login(world.township_admin)
    e = _entry(world)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    r = c.post("/activity/worklog/review/", {"entry": e.pk, "action": "confirm"}, follow=True)
    assert "1 work log entries handled" in r.content.decode()
    e2 = _entry(world)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    r = c.post("/activity/worklog/review/", {"entry": e2.pk, "action": "confirm"}, follow=True)
    assert "已处理 1 条工作日志" in r.content.decode()


def test_a_shown_text_is_chinese_in_code_and_translated_when_printed():
    text = ShownText("志愿服务时长（%(year)s年，已确认）", year=2026)
    assert text == "志愿服务时长（2026年，已确认）" and f"表1　{text}" == "表1　志愿服务时长（2026年，已确认）"
    with translation.override("en"):
        assert str(text) == "Volunteer hours (2026, confirmed)"
        assert f"{text}" == "志愿服务时长（2026年，已确认）"  # the report's and the to-do's texts keep the Chinese
