"""Issue 12: the employment app's refusals, flash messages and drop-down labels follow the chosen language;
zh-hans (the default) still gives the Chinese, and texts that are stored keep it."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from unionsw.core.errors import StaleVersion
from unionsw.employment import rules, services
from unionsw.employment.models import ContractEvent

pytestmark = pytest.mark.django_db


def test_a_service_refusal_is_english_on_an_english_request_and_chinese_by_default(world):
    def refusal():
        with pytest.raises(ValidationError) as exc:
            services.contract_draft_create(by=world.county_a_admin, worker=world.worker_a, kind="service", start=date(2024, 1, 1))
        return exc.value.message_dict["kind"][0]

    with translation.override("en"):
        assert refusal() == "Workers from public recruitment, purchased service or public-welfare posts sign a labour contract"
    with translation.override("zh-hans"):
        assert refusal() == "公开招聘、购买服务、公益性岗位人员签订劳动合同"


def test_the_lost_race_message_is_translated(world, filled_a, another_worker):
    with translation.override("en"), pytest.raises(StaleVersion) as exc:
        services.post_fill(by=world.county_a_admin, post=filled_a, worker=another_worker, on=date(2023, 1, 1), reason="录用")
    assert exc.value.messages == ["Another administrator has just filled this post. Your change was not saved; refresh the page to see it"]


def test_grounds_show_in_english_but_the_stored_event_keeps_the_chinese(world, contract_a):
    ground = rules.TERMINATE_GROUNDS["art44_1"]
    with translation.override("en"):
        assert str(ground) == "Art. 44(1): the labour contract has expired"
        services.contract_terminate(by=world.county_a_admin, contract=contract_a, on=contract_a.ends_on, ground="art44_1")
    assert ContractEvent.objects.filter(contract=contract_a, kind="terminate").get().detail == "终止：第四十四条（一）劳动合同期满"


def test_the_post_pages_flash_and_options_are_english_with_the_language_cookie(world, login, post_a, post_a2):
    c = login(world.county_a_admin)
    c.cookies["django_language"] = "en"
    r = c.post(f"/employment/posts/{post_a.pk}/fill/", {"worker": world.worker_a.pk, "on": "2022-03-01", "reason": "公开招聘录用"}, follow=True)
    page = r.content.decode()
    assert f"{world.worker_a.name} is placed in the post" in page and "已到岗" not in page
    page = c.get(f"/employment/posts/{post_a2.pk}/").content.decode()
    assert '<option value="transfer">Transfer</option>' in page
    c.cookies["django_language"] = "zh-hans"
    assert '<option value="transfer">调动</option>' in c.get(f"/employment/posts/{post_a2.pk}/").content.decode()
