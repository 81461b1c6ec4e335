"""Pages used after the written exam: ticket PDF progress, waiting list, judge role."""

from django.urls import reverse

from unionsw.accounts.models import DataScope
from unionsw.recruitment import pdf, services
from unionsw.recruitment.models import Application

from .test_services import ranked_and_checked, reviewed_round


def test_the_ticket_page_shows_progress_then_the_download(world, login):
    rnd, _ = reviewed_round(world, n=3)
    services.round_start_written(by=world.county_a_admin, round=rnd, rooms=[{"name": "第1考场", "capacity": 10}])
    c = login(world.county_a_admin)
    assert "尚未生成" in c.get(reverse("recruitment:tickets", args=[rnd.pk])).content.decode()
    assert c.post(reverse("recruitment:round_action", args=[rnd.pk, "tickets"])).status_code == 302
    page = c.get(reverse("recruitment:tickets", args=[rnd.pk])).content.decode()
    assert "已生成 3 张准考证" in page
    assert pdf.tickets_progress(rnd) == {"done": 3, "total": 3, "running": False}


def test_a_running_job_polls_with_a_progress_bar(world, login):
    rnd, _ = reviewed_round(world, n=1)
    services.round_start_written(by=world.county_a_admin, round=rnd, rooms=[{"name": "1", "capacity": 10}])
    from django.core.cache import cache

    cache.set(pdf._key(rnd), {"done": 200, "total": 1000, "running": True})
    page = login(world.county_a_admin).get(reverse("recruitment:tickets", args=[rnd.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "<progress" in page and 'value="200"' in page and "hx-get" in page


def test_tickets_before_seating_are_refused(open_round, world, login):
    r = login(world.county_a_admin).post(reverse("recruitment:round_action", args=[open_round.pk, "tickets"]), follow=True)
    assert "编排考场后" in r.content.decode()


def test_the_waiting_list_page_offers_the_next_candidate(world, login):
    rnd, first = ranked_and_checked(world)
    c = login(world.county_a_admin)
    page = c.get(reverse("recruitment:waiting", args=[rnd.pk])).content.decode()
    assert "考生1" in page and "有效" in page and "未规定" in page  # Shandong sets no validity: the round's own
    r = c.post(reverse("recruitment:waiting", args=[rnd.pk]), {"kind": "组建指导岗", "unit": world.street_a2.pk})
    offered = Application.objects.get(name="考生1")
    assert r.status_code == 302 and offered.selected and offered.from_waiting_list and offered.hire_unit == world.street_a2


def test_the_city_cannot_offer_from_the_waiting_list(world, login):
    rnd, first = ranked_and_checked(world)
    r = login(world.city_admin).post(
        reverse("recruitment:waiting", args=[rnd.pk]), {"kind": "组建指导岗", "unit": world.street_a2.pk}
    )
    assert r.status_code == 403 and not Application.objects.filter(from_waiting_list=True).exists()


def test_assigning_a_judge_gives_the_self_scoped_judge_role(open_round, world, judges):
    services.judge_assign(by=world.county_a_admin, round=open_round, user=judges[0])
    role = judges[0].roles.get()
    assert role.code == "judge" and role.data_scope == DataScope.SELF and role.permissions == ["recruitment.score"]


def test_a_judge_outside_the_county_is_refused(open_round, world):
    import pytest
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.judge_assign(by=world.county_a_admin, round=open_round, user=world.county_b_admin)
