import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import make_id, worker_data
from unionsw.workers import services
from unionsw.workers.models import Worker

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login(client, world):
    r = client.get("/workers/")
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]


def test_other_county_gets_404_for_detail_edit_reveal_file(world, login):
    c = login(world.county_b_admin)
    pk = world.worker_a.pk
    assert c.get(f"/workers/{pk}/").status_code == 404
    assert c.get(f"/workers/{pk}/edit/").status_code == 404
    assert c.post(f"/workers/{pk}/reveal/id_number/").status_code == 404


def test_read_only_user_gets_403_on_write_pages(world, login):
    c = login(world.township_admin)
    assert c.get(f"/workers/{world.worker_a.pk}/").status_code == 200
    assert c.get(f"/workers/{world.worker_a.pk}/edit/").status_code == 403
    assert c.get("/workers/new/").status_code == 403


def test_list_shows_masked_numbers_only(world, login):
    page = login(world.county_a_admin).get("/workers/").content.decode()
    assert "张三" in page and "李四" not in page
    assert world.worker_a.id_number not in page
    assert world.worker_a.id_number_masked in page


def test_create_with_a_bad_id_shows_the_reason_and_saves_nothing(world, login):
    c = login(world.county_a_admin)
    before = Worker.objects.count()
    r = c.post(
        "/workers/new/",
        {
            "name": "王五",
            "id_number": "370102199001011234",
            "political_status": "masses",
            "education": "bachelor",
            "employment_mode": "public_hire",
            "org": world.street_a.pk,
            "status": "active",
            "hired_on": "2023-01-01",
            "ethnicity": "汉族",
        },
    )
    assert r.status_code == 200 and "校验位不正确" in r.content.decode()
    assert Worker.objects.count() == before


def test_create_then_edit_happy_path(world, login):
    c = login(world.county_a_admin)
    number = make_id("370102")
    r = c.post(
        "/workers/new/",
        {
            "name": "王五",
            "id_number": number,
            "political_status": "cpc",
            "education": "master",
            "employment_mode": "public_hire",
            "org": world.street_a.pk,
            "status": "active",
            "hired_on": "2023-01-01",
            "ethnicity": "汉族",
            "rank": "见习干事",
        },
    )
    assert r.status_code == 302
    w = Worker.objects.get(name="王五")
    r = c.post(
        f"/workers/{w.pk}/edit/",
        {
            "name": "王五",
            "political_status": "cpc",
            "education": "master",
            "employment_mode": "public_hire",
            "org": world.street_a2.pk,
            "status": "active",
            "hired_on": "2023-01-01",
            "ethnicity": "汉族",
            "rank": "见习干事",
            "reason": "调整岗位所在单位",
            "version": w.version,
        },
    )
    assert r.status_code == 302
    w.refresh_from_db()
    assert w.org == world.street_a2 and w.phone == ""  # blank phone on edit keeps the (empty) stored value
    detail = c.get(f"/workers/{w.pk}/").content.decode()
    assert "调整岗位所在单位" in detail and "千佛山街道工会" in detail


def _edit_form(world, **changes) -> dict:
    """The edit form of 张三 as the page posts it."""
    return {
        "name": "张三",
        "political_status": "masses",
        "education": "bachelor",
        "employment_mode": "public_hire",
        "org": world.street_a.pk,
        "status": "active",
        "hired_on": "2022-03-01",
        "ethnicity": "汉族",
        "rank": "见习干事",
    } | changes


def test_a_stale_form_is_refused_with_a_clear_message(world, login):
    c = login(world.county_a_admin)
    w = world.worker_a
    form = _edit_form(world, reason="第一次", version=w.version)
    assert c.post(f"/workers/{w.pk}/edit/", form).status_code == 302
    r = c.post(f"/workers/{w.pk}/edit/", form | {"reason": "第二次", "major": "x"})
    assert r.status_code == 200 and "已被其他人修改" in r.content.decode()


def test_worker_lands_on_their_own_record(world, login):
    c = login(world.worker_a_user)
    r = c.get("/", follow=True)
    assert r.redirect_chain[-1][0] == f"/workers/{world.worker_a.pk}/"
    assert c.get(f"/workers/{world.worker_b.pk}/").status_code == 404
    assert c.get("/workers/").status_code == 403


def _count_list_queries(client):
    from django.core.cache import cache

    from unionsw.core import counts

    counts.reset()  # every measurement with a cold list count (core/counts.py caches it)
    cache.clear()  # and a cold org tree and policy (cached until an org changes): every query the page can do
    with CaptureQueriesContext(connection) as ctx:
        r = client.get("/workers/?page=1")
    assert r.status_code == 200
    return len(ctx.captured_queries), r


def test_the_list_does_the_same_number_of_queries_for_10_and_500_rows(world, login):
    c = login(world.province_admin)
    for i in range(8):
        services.worker_create(by=world.province_admin, data=worker_data(world.street_a, name=f"甲{i}", id_number=make_id()))
    small, _ = _count_list_queries(c)
    rows = []
    for i in range(490):
        number = make_id("370102")
        rows.append(
            Worker(
                name=f"乙{i}",
                id_number_enc="",
                id_number_index=number,
                id_number_masked=number,
                birth_date=world.worker_a.birth_date,
                gender="M",
                political_status="masses",
                education="bachelor",
                employment_mode="public_hire",
                org=world.street_a2,
                hired_on=world.worker_a.hired_on,
            )
        )
    Worker.objects.bulk_create(rows)
    large, r = _count_list_queries(c)
    assert Worker.objects.count() >= 500
    assert re.search(r"共 \d{3} 条", r.content.decode())
    assert small == large, f"{small} queries for 10 rows, {large} for 500"


def test_the_list_does_the_same_number_of_queries_however_many_orgs_the_tree_shows(world, login):
    from unionsw.orgs.models import OrgLevel
    from unionsw.orgs.services import org_create

    c = login(world.province_admin)
    _count_list_queries(c)  # warm the per-process caches (demo flag)
    few, _ = _count_list_queries(c)
    for i in range(12):
        org_create(
            by=None,
            parent=world.county_a,
            level=OrgLevel.TOWNSHIP,
            skip_scope=True,
            data={"name": f"新街道{i}", "kind": "street", "sort": i},
        )
    many, _ = _count_list_queries(c)
    assert few == many, f"{few} queries with the small tree, {many} with 12 more orgs"


def test_the_new_worker_form_preselects_no_political_status_and_says_未定级(world, login):
    from django.urls import reverse

    body = login(world.county_a_admin).get(reverse("workers:create")).content.decode()
    select = body.split('name="political_status"', 1)[1].split("</select>", 1)[0]
    assert re.search(r'<option value="" selected>请选择</option>', select)
    assert "未定级" in body.split('name="rank"', 1)[1].split("</select>", 1)[0]


def test_a_tampered_version_is_refused_with_a_message_not_ignored(world, login):
    """Issue 11: a hidden `version` that is not a number used to be dropped silently (no check, no message)."""
    from unionsw.core.parsing import VERSION_INVALID

    c = login(world.county_a_admin)
    w = world.worker_a
    form = _edit_form(world, reason="改专业", major="篡改后的专业")
    for tampered in ("abc", "-1", "1e3", "99999999999"):
        r = c.post(f"/workers/{w.pk}/edit/", form | {"version": tampered})
        assert r.status_code == 200 and VERSION_INVALID in r.content.decode(), tampered
    w.refresh_from_db()
    assert w.major != "篡改后的专业"


# --- 岗位 chosen from 岗位与空缺 (issue 12) -------------------------------------------------------


def _new_worker_form(world, **changes) -> dict:
    return {
        "name": "王五",
        "id_number": make_id("370102"),
        "political_status": "cpc",
        "education": "master",
        "employment_mode": "public_hire",
        "org": world.street_a.pk,
        "status": "active",
        "hired_on": "2023-01-01",
        "ethnicity": "汉族",
        "rank": "见习干事",
    } | changes


@pytest.fixture
def vacant(world):
    from unionsw.employment.models import PostKind
    from unionsw.employment.services import post_create

    kinds = {k.name: k for k in PostKind.objects.all()}
    return (
        post_create(by=world.county_a_admin, unit=world.street_a, kind=kinds["组建指导岗"]),
        post_create(by=world.county_a_admin, unit=world.street_a, kind=kinds["维权服务岗"]),
        post_create(by=world.county_b_admin, unit=world.street_b, kind=kinds["组建指导岗"]),
    )


def test_the_form_offers_the_vacant_posts_in_scope_instead_of_free_text(world, login, vacant):
    from unionsw.employment.services import post_fill

    post_fill(by=world.county_a_admin, post=vacant[1], worker=world.worker_a, on=date(2022, 3, 1), reason="录用")
    page = login(world.county_a_admin).get("/workers/new/").content.decode()
    assert 'name="post_title"' not in page and 'name="post"' in page
    assert f'value="{vacant[0].pk}">解放路街道工会·组建指导岗' in page
    assert f'value="{vacant[1].pk}"' not in page  # held
    assert f'value="{vacant[2].pk}"' not in page  # another county


def test_saving_a_new_worker_with_a_post_fills_it_through_the_post_service(world, login, vacant):
    from unionsw.core.models import AuditEvent
    from unionsw.employment.models import PostHolding

    r = login(world.county_a_admin).post("/workers/new/", _new_worker_form(world, post=vacant[0].pk))
    assert r.status_code == 302
    w = Worker.objects.get(name="王五")
    assert w.post_title == "组建指导岗"
    holding = PostHolding.objects.get(post=vacant[0])
    assert (holding.worker, holding.started_on, holding.ended_on) == (w, date(2023, 1, 1), None)
    assert AuditEvent.objects.filter(action="post.fill", target_id=str(vacant[0].pk)).exists()


def test_a_post_of_another_unit_or_one_taken_meanwhile_saves_nothing(world, login, vacant):
    from unionsw.employment.services import post_fill

    c = login(world.county_a_admin)
    before = Worker.objects.count()
    r = c.post("/workers/new/", _new_worker_form(world, post=vacant[0].pk, org=world.street_a2.pk))
    assert r.status_code == 200 and "所选岗位属于解放路街道工会" in r.content.decode()
    r = c.post("/workers/new/", _new_worker_form(world, post=vacant[0].pk, post_on="2022-01-01"))
    assert r.status_code == 200 and "不能早于入职日期" in r.content.decode()
    form = _new_worker_form(world, post=vacant[0].pk)
    c.get("/workers/new/")
    post_fill(by=world.county_a_admin, post=vacant[0], worker=world.worker_a, on=date(2022, 3, 1), reason="另一管理员")
    r = c.post("/workers/new/", form)
    assert r.status_code == 200 and "已不是您管理范围内的空缺岗位" in r.content.decode()
    assert Worker.objects.count() == before


def test_editing_moves_the_worker_to_the_chosen_post_and_keeps_the_old_free_text_readable(world, login, vacant):
    from unionsw.employment.models import PostHolding

    c = login(world.county_a_admin)
    w = world.worker_a
    assert w.post_title == "组建指导岗"  # typed as free text, no post behind it
    page = c.get(f"/workers/{w.pk}/edit/").content.decode()
    assert "现登记岗位：组建指导岗" in page
    form = _edit_form(world, reason="安排到岗位", version=w.version, post=vacant[1].pk, post_on="2024-05-01")
    assert c.post(f"/workers/{w.pk}/edit/", form).status_code == 302
    w.refresh_from_db()
    assert w.post_title == "维权服务岗" and PostHolding.objects.get(worker=w).started_on == date(2024, 5, 1)
    history = [h.post_title for h in w.history.order_by("history_id")]
    assert history[0] == "组建指导岗" and history[-1] == "维权服务岗"  # the free text stays in the history
    # the current post is offered (selected) on the next edit, and saving it again changes nothing
    page = c.get(f"/workers/{w.pk}/edit/").content.decode()
    assert f'value="{vacant[1].pk}" selected' in page
    w.refresh_from_db()
    form = _edit_form(world, reason="无变化", version=w.version, post=vacant[1].pk)
    assert c.post(f"/workers/{w.pk}/edit/", form).status_code == 302
    assert PostHolding.objects.filter(worker=w).count() == 1


def test_without_post_manage_the_free_text_field_stays(world, login):
    from conftest import make_user
    from unionsw.accounts.models import DataScope, Role

    role = Role.objects.create(code="registrar", name="登记员", data_scope=DataScope.ORG_AND_BELOW, permissions=["worker.view", "worker.change"])
    page = login(make_user("registrar", world.county_a, [role])).get("/workers/new/").content.decode()
    assert 'name="post_title"' in page and 'name="post"' not in page
