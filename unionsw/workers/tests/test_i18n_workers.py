"""issue 12: the registry's refusals, form errors and flash messages follow the chosen language; the Chinese
is the default and what is stored."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from conftest import make_id, worker_data
from unionsw.workers import services

from .test_views import _new_worker_form

pytestmark = pytest.mark.django_db


def _refusal(world, **overrides):
    data = worker_data(world.street_a, id_number=make_id("370102"), **overrides)
    with pytest.raises(ValidationError) as exc:
        services.validate_worker_input(by=world.county_a_admin, data=data)
    return exc.value.message_dict


def test_a_service_refusal_is_english_when_english_is_chosen_and_chinese_by_default(world):
    with translation.override("en"):
        errors = _refusal(world, phone="12345", name="")
    assert errors["phone"] == ["The mobile number must be 11 digits starting with 1"]
    assert errors["name"] == ["Please enter the name"]
    errors = _refusal(world, phone="12345", name="")
    assert errors["phone"] == ["手机号应为11位数字，以1开头"]
    assert errors["name"] == ["请填写姓名"]


def test_the_form_error_and_the_flash_message_on_an_english_page(world, login):
    c = login(world.county_a_admin)
    post = _new_worker_form(world, phone="12345")
    assert "手机号应为11位数字，以1开头" in c.post("/workers/new/", post).content.decode()
    c.cookies["django_language"] = "en"
    page = c.post("/workers/new/", post).content.decode()
    assert "The mobile number must be 11 digits starting with 1" in page and "手机号应为11位数字" not in page
    r = c.post("/workers/new/", {**post, "phone": "13812345678"}, follow=True)
    assert "Social worker 王五 added" in r.content.decode()


def test_the_history_keeps_the_chinese_reason_whatever_the_language(world):
    with translation.override("en"):
        worker = services.worker_create(by=world.county_a_admin, data=worker_data(world.street_a, id_number=make_id("370102")))
    assert worker.history.first().history_change_reason == "新增"
