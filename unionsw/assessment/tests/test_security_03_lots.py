"""Issue 11, finding 3 — the lots page and API listed every participant (names, counties, order) and
the judge groups to a worker or a township admin. Now: the organiser sees the draw; anyone else sees
the public parts and their own entries; nobody but the organiser sees the judge mapping before
scoring ends."""

from __future__ import annotations

import pytest
from django.urls import reverse

from unionsw.assessment.models import Entry, RoundStatus
from unionsw.careers.tests.test_api import bearer

pytestmark = pytest.mark.django_db


def page(login, user, rnd):
    r = login(user).get(reverse("assessment:lots", args=[rnd.pk]))
    assert r.status_code == 200
    return r.content.decode()


def test_a_worker_sees_only_their_own_order_and_no_judges(world, login, hebei, drawn_round):
    body = page(login, world.worker_a_user, drawn_round)
    others = [w.name for w in hebei.workers_a[1:] + hebei.workers_a2]
    assert world.worker_a.name in body
    assert not [n for n in others if n in body]
    assert not [j.username for j in hebei.judges if j.username in body]
    assert drawn_round.seed_hash in body and drawn_round.revealed_seed in body  # the public parts


def test_a_township_admin_sees_only_their_street(world, login, hebei, drawn_round):
    body = page(login, world.township_admin, drawn_round)
    assert world.worker_a.name in body  # worker_a works in the township admin's street
    assert not [w.name for w in hebei.workers_a2 if w.name in body]  # another county
    assert not [w.name for w in hebei.workers_a[1:] if w.name in body]  # another street of the county
    assert not [j.username for j in hebei.judges if j.username in body]


def test_the_organiser_sees_the_whole_draw(world, login, hebei, drawn_round):
    body = page(login, world.city_admin, drawn_round)
    assert all(w.name in body for w in hebei.workers_a + hebei.workers_a2)
    assert all(j.display_name in body or j.username in body for j in hebei.judges)


def test_judge_groups_are_public_once_scoring_has_ended(world, login, hebei, drawn_round):
    type(drawn_round).objects.filter(pk=drawn_round.pk).update(status=RoundStatus.PUBLISHED)
    body = page(login, world.worker_a_user, drawn_round)
    assert "由哪组评议" in body


def test_the_api_filters_the_same_way(world, client, hebei, drawn_round):
    url = f"/api/v1/assessment/rounds/{drawn_round.pk}/lots"
    mine = client.get(url, **bearer(world.worker_a_user)).json()
    assert mine["groups"] == {} and mine["order"] == [world.worker_a.pk] and mine["hash_matches"] is True
    township = client.get(url, **bearer(world.township_admin)).json()
    assert set(township["order"]) == set(
        Entry.objects.filter(round=drawn_round, org=world.street_a).values_list("worker_id", flat=True)
    )
    full = client.get(url, **bearer(world.city_admin)).json()
    assert len(full["order"]) == drawn_round.entries.count() and len(full["groups"]) == len(hebei.judges)
