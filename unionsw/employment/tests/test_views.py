"""Pages: anonymous → login, other county → 404, read-only → 403, happy paths with the database checked."""

from datetime import date
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from conftest import make_id, worker_data
from unionsw.employment import services
from unionsw.employment.models import Contract, Post, PostHolding
from unionsw.workers.services import worker_create

pytestmark = pytest.mark.django_db

LIST_PAGES = [
    "/employment/posts/",
    "/employment/staffing/",
    "/employment/contracts/",
    "/employment/alerts/",
    "/employment/providers/",
]


@pytest.mark.parametrize("url", [*LIST_PAGES, "/employment/staffing/export/"])
def test_anonymous_is_sent_to_login(client, world, url):
    r = client.get(url)
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]


@pytest.mark.parametrize("url", LIST_PAGES)
def test_list_pages_open_for_county_city_and_province(world, login, url, filled_a, contract_a):
    for user in (world.county_a_admin, world.city_admin, world.province_admin):
        assert login(user).get(url).status_code == 200


def test_a_worker_account_cannot_open_the_management_pages(world, login):
    c = login(world.worker_a_user)
    for url in LIST_PAGES:
        assert c.get(url).status_code == 403


def test_other_county_gets_404_on_objects(world, login, post_a, contract_a):
    c = login(world.county_b_admin)
    assert c.get(f"/employment/posts/{post_a.pk}/").status_code == 404
    assert c.get(f"/employment/workers/{world.worker_a.pk}/").status_code == 404
    assert c.get(f"/employment/contracts/{contract_a.pk}/pdf/").status_code == 404
    assert (
        c.post(
            f"/employment/contracts/{contract_a.pk}/dissolve/", {"on": "2024-01-01", "ground": "art36", "reason": "x"}
        ).status_code
        == 404
    )
    contract_a.refresh_from_db()
    assert contract_a.status == "active"


def test_read_only_users_get_403_on_writes(world, login, post_a, contract_a):
    c = login(world.city_admin)
    assert c.get(f"/employment/posts/{post_a.pk}/").status_code == 200
    assert c.get("/employment/posts/new/").status_code == 403
    assert c.post(f"/employment/posts/{post_a.pk}/fill/", {"worker": world.worker_a.pk}).status_code == 403
    assert c.post(f"/employment/contracts/{contract_a.pk}/dissolve/", {}).status_code == 403
    assert c.get(f"/employment/workers/{world.worker_a.pk}/exit/").status_code == 403
    page = c.get(f"/employment/workers/{world.worker_a.pk}/").content.decode()
    assert "拟订新合同" not in page and "办理离岗" not in page


def test_posts_list_shows_vacancies_and_stays_in_scope(world, login, post_a, post_b):
    page = login(world.county_a_admin).get("/employment/posts/?vacant=1").content.decode()
    assert "解放路街道工会" in page and "八大关街道工会" not in page and "空缺" in page


def test_create_a_post_and_fill_it_in_the_browser(world, login, kinds):
    c = login(world.county_a_admin)
    r = c.post("/employment/posts/new/", {"unit": world.street_a.pk, "kind": kinds["职工频道岗"].pk, "rank_band": "见习干事"})
    post = Post.objects.get(unit=world.street_a, kind=kinds["职工频道岗"])
    assert r.status_code == 302
    r = c.post(
        f"/employment/posts/{post.pk}/fill/",
        {"worker": world.worker_a.pk, "on": "2022-03-01", "reason": "公开招聘录用"},
        follow=True,
    )
    assert "已到岗" in r.content.decode()
    assert Post.objects.get(pk=post.pk).holder == world.worker_a


def test_a_role_with_post_manage_alone_opens_the_post_and_fills_it(world, login, post_a):
    from conftest import make_user
    from unionsw.accounts.models import DataScope, Role

    role = Role.objects.create(code="post_clerk", name="岗位管理员", data_scope=DataScope.ORG_AND_BELOW, permissions=["post.manage"])
    c = login(make_user("post_clerk", world.county_a, [role]))
    assert c.get("/employment/posts/").status_code == 200
    r = c.post(
        f"/employment/posts/{post_a.pk}/fill/",
        {"worker": world.worker_a.pk, "on": "2022-03-01", "reason": "公开招聘录用"},
        follow=True,
    )
    assert r.status_code == 200 and "已到岗" in r.content.decode()
    assert Post.objects.get(pk=post_a.pk).holder == world.worker_a


def test_a_post_of_another_county_cannot_be_created(world, login, kinds):
    r = login(world.county_a_admin).post(
        "/employment/posts/new/", {"unit": world.street_b.pk, "kind": kinds["职工频道岗"].pk}, follow=True
    )
    assert "管理范围" in r.content.decode() and not Post.objects.exists()


def test_filling_an_already_filled_post_shows_the_conflict_message(world, login, filled_a, another_worker):
    r = login(world.county_a_admin).post(
        f"/employment/posts/{filled_a.pk}/fill/", {"worker": another_worker.pk, "on": "2023-01-01", "reason": "录用"}, follow=True
    )
    assert "其他管理员" in r.content.decode()
    assert PostHolding.objects.filter(post=filled_a, ended_on__isnull=True).get().worker == world.worker_a


def test_contract_lifecycle_in_the_browser(world, login):
    c = login(world.county_a_admin)
    url = f"/employment/workers/{world.worker_a.pk}/"
    c.post(f"{url}contracts/new/", {"kind": "labour", "term_type": "fixed", "starts_on": "2022-03-01", "ends_on": "2025-02-28"})
    contract = Contract.objects.get(worker=world.worker_a)
    assert contract.status == "draft"
    c.post(f"/employment/contracts/{contract.pk}/sign/", {"signed_on": "2022-03-01"})
    contract.refresh_from_db()
    assert contract.status == "active" and contract.signed_on == date(2022, 3, 1)
    r = c.post(f"/employment/contracts/{contract.pk}/dissolve/", {"on": "2024-01-01", "ground": "", "reason": "x"}, follow=True)
    assert "请从列表中选择法定事由" in r.content.decode()
    c.post(f"/employment/contracts/{contract.pk}/dissolve/", {"on": "2024-01-01", "ground": "art36", "reason": "协商一致"})
    contract.refresh_from_db()
    assert contract.status == "dissolved"
    page = c.get(url).content.decode()
    assert "第三十六条" in page and "已解除" in page


def test_bad_contract_dates_show_a_chinese_message_and_save_nothing(world, login):
    r = login(world.county_a_admin).post(
        f"/employment/workers/{world.worker_a.pk}/contracts/new/",
        {"kind": "labour", "term_type": "fixed", "starts_on": "2024-05-01", "ends_on": "2024-04-01"},
        follow=True,
    )
    assert "终止日期须晚于起始日期" in r.content.decode() and not Contract.objects.exists()
    r = login(world.county_a_admin).post(
        f"/employment/workers/{world.worker_a.pk}/contracts/new/",
        {"kind": "labour", "term_type": "fixed", "starts_on": "2024-13-45"},
        follow=True,
    )
    assert "日期不存在" in r.content.decode() and not Contract.objects.exists()


def test_exit_page_resigns_the_worker(world, login, filled_a, contract_a):
    c = login(world.county_a_admin)
    assert c.get(f"/employment/workers/{world.worker_a.pk}/exit/").status_code == 200
    r = c.post(
        f"/employment/workers/{world.worker_a.pk}/exit/", {"kind": "resignation", "on": "2024-06-30", "reason": "个人原因"}
    )
    assert r.status_code == 302
    world.worker_a.refresh_from_db()
    assert world.worker_a.status == "resigned" and Post.objects.get(pk=filled_a.pk).holder is None


def test_exit_with_a_missing_reason_keeps_the_form_and_changes_nothing(world, login, contract_a):
    r = login(world.county_a_admin).post(
        f"/employment/workers/{world.worker_a.pk}/exit/", {"kind": "resignation", "on": "2024-06-30", "reason": ""}
    )
    assert r.status_code == 200 and "请填写离岗原因" in r.content.decode()
    world.worker_a.refresh_from_db()
    assert world.worker_a.status == "active"


def test_contract_pdf_is_a_pdf_and_is_audited(world, login, contract_a):
    from unionsw.core.models import AuditEvent

    r = login(world.city_admin).get(f"/employment/contracts/{contract_a.pk}/pdf/")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf" and r.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="contract.document", target_id=str(contract_a.pk)).exists()


def test_staffing_page_shows_required_optional_and_unset(world, login, settings):
    from unionsw.orgs.models import PolicyOverride

    c = login(world.county_a_admin)
    assert "未规定" in c.get("/employment/staffing/").content.decode()  # Shandong sets no norm
    PolicyOverride.objects.create(
        org=world.province,
        key="staffing_norm",
        value={"required_from_unions": 200, "required_from_members": 5000, "optional_max": 1, "required_max": 5},
        effective_from=date(2018, 1, 1),
        source="test",
    )
    page = c.get("/employment/staffing/?sort=gap").content.decode()
    assert "应当配备" in page and "可选配" in page  # 千佛山 230 unions; 解放路 120 unions
    assert "缺 1" in page  # 千佛山 has nobody


def test_staffing_export_is_an_excel_file_with_totals(world, login):
    r = login(world.city_admin).get(f"/employment/staffing/export/?org={world.county_a.pk}")
    wb = load_workbook(BytesIO(r.content))
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[1][0] == "单位" and rows[-1][0] == "合计"
    assert {r[0] for r in rows[2:-1]} == {"解放路街道工会", "千佛山街道工会"}


def test_province_sees_the_total_against_the_target(world, login):
    page = login(world.province_admin).get(f"/employment/staffing/?org={world.province.pk}").content.decode()
    assert "全省在岗社工" in page and "未规定" in page


def _many(world, n):
    for i in range(n):
        w = worker_create(by=world.county_a_admin, data=worker_data(world.street_a, name=f"社工{i}", id_number=make_id("370102")))
        p = services.post_create(by=world.county_a_admin, unit=world.street_a, kind=services.PostKind.objects.first())
        services.post_fill(by=world.county_a_admin, post=p, worker=w, on=date(2022, 3, 1), reason="录用")
        services.contract_draft_create(
            by=world.county_a_admin, worker=w, kind="labour", start=date(2022, 3, 1), end=date(2025, 2, 28)
        )


@pytest.mark.parametrize("url", LIST_PAGES)
def test_list_pages_do_a_constant_number_of_queries(world, login, url):
    c = login(world.county_a_admin)
    _many(world, 2)
    c.get(url)
    with CaptureQueriesContext(connection) as few:
        c.get(url)
    _many(world, 8)
    with CaptureQueriesContext(connection) as many:
        c.get(url)
    assert len(many) == len(few), url


def test_moving_a_worker_from_the_contract_page(world, login, filled_a, post_a2):
    c = login(world.county_a_admin)
    assert "调动 / 轮岗交流" in c.get(f"/employment/workers/{world.worker_a.pk}/").content.decode()
    r = c.post(
        f"/employment/workers/{world.worker_a.pk}/move/",
        {"post": post_a2.pk, "kind": "rotation", "on": "2024-01-01", "reason": ""},
        follow=True,
    )
    assert "请填写调动原因" in r.content.decode() and Post.objects.get(pk=post_a2.pk).holder is None
    c.post(
        f"/employment/workers/{world.worker_a.pk}/move/",
        {"post": post_a2.pk, "kind": "rotation", "on": "2024-01-01", "reason": "年度轮岗"},
    )
    assert Post.objects.get(pk=post_a2.pk).holder == world.worker_a and Post.objects.get(pk=filled_a.pk).holder is None


def test_a_rehired_post_cannot_carry_a_rank(world, kinds):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        services.post_create(
            by=world.county_a_admin, unit=world.street_a, kind=kinds["组建指导岗"], rank_band="见习干事", funding="返聘"
        )
    assert "返聘岗位不定级" in exc.value.messages[0]


def test_the_province_maintains_post_kinds_and_counties_cannot(world, login):
    from unionsw.employment.models import PostKind

    assert login(world.county_a_admin).get("/employment/kinds/").status_code == 403
    c = login(world.province_admin)
    c.post("/employment/kinds/", {"name": "心理服务岗", "description": "职工心理疏导"})
    kind = PostKind.objects.get(name="心理服务岗")
    r = c.post("/employment/kinds/", {"name": "心理服务岗"}, follow=True)
    assert "已存在" in r.content.decode() and PostKind.objects.filter(name="心理服务岗").count() == 1
    c.post(f"/employment/kinds/{kind.pk}/toggle/")
    kind.refresh_from_db()
    assert not kind.is_active
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.post_create(by=world.county_a_admin, unit=world.street_a, kind=kind)


def test_a_township_admin_sees_its_own_unit_read_only(world, login, post_a, post_b, contract_a):
    c = login(world.township_admin)
    page = c.get("/employment/staffing/").content.decode()
    assert "解放路街道工会" in page and "千佛山街道工会" not in page
    assert "解放路街道工会" in c.get("/employment/posts/").content.decode()
    assert "张三" in c.get("/employment/contracts/").content.decode()
    assert c.get(f"/employment/posts/{post_b.pk}/").status_code == 404
    assert c.post(f"/employment/posts/{post_a.pk}/fill/", {}).status_code == 403


def test_staffing_counts_posts_placed_at_a_county_level_union(world, login):
    """Posts at 历下区总工会 itself (or a county-level zone) are counted, not only those at streets."""
    kind = services.PostKind.objects.first()
    services.post_create(by=world.county_a_admin, unit=world.street_a, kind=kind)
    services.post_create(by=world.county_a_admin, unit=world.county_a, kind=kind)
    services.post_create(by=world.county_a_admin, unit=world.county_a, kind=kind)
    r = login(world.city_admin).get("/employment/staffing/")
    totals = r.context["totals"]
    assert totals["posts"] == 3 and totals["vacant"] == 3
    assert "历下区总工会" in {row.unit.name for row in r.context["rows"]}
    county_b = login(world.county_b_admin).get("/employment/staffing/").context["totals"]
    assert county_b["posts"] == 0


def _pdf_text(data: bytes) -> str:
    import subprocess
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        return subprocess.run(["pdftotext", "-enc", "UTF-8", f.name, "-"], capture_output=True, text=True, check=True).stdout


def test_the_contract_pdf_carries_the_full_id_number_as_an_audited_reveal_and_the_agreed_pay(world, login):
    import os
    import shutil

    from unionsw.core.models import AuditEvent

    c = services.contract_draft_create(
        by=world.county_a_admin,
        worker=world.worker_a,
        kind="labour",
        start=date(2025, 3, 1),
        end=date(2028, 2, 28),
        agreed_pay="4,650.50",
    )
    assert str(c.agreed_pay) == "4650.50"
    r = login(world.county_a_admin).get(f"/employment/contracts/{c.pk}/pdf/")
    assert r.status_code == 200
    reveal = AuditEvent.objects.filter(action="worker.reveal", target_id=str(world.worker_a.pk)).latest("id")
    assert reveal.detail == {"field": "id_number"} and reveal.result == "ok"
    assert AuditEvent.objects.filter(action="contract.document").latest("id").detail["full_id_number"] is True
    if shutil.which("pdftotext") or os.environ.get("CI") == "true":  # CI installs poppler-utils (.ci/run)
        text = _pdf_text(r.content)
        assert world.worker_a.id_number in text.replace(" ", "") and "4,650.50" in text


def test_a_bad_agreed_pay_is_a_chinese_error_and_creates_nothing(world):
    from unionsw.employment.models import Contract

    for bad in ("四千", "-1", "1.234", "1e9", "NaN"):
        with pytest.raises(ValidationError) as exc:
            services.contract_draft_create(
                by=world.county_a_admin, worker=world.worker_a, kind="labour", start=date(2025, 3, 1), agreed_pay=bad
            )
        assert "agreed_pay" in exc.value.message_dict
    assert not Contract.objects.exists()


def test_劳动合同法第五十条_certificate_and_the_15_day_transfer_to_do(world, login, contract_a):
    from unionsw.core.models import AuditEvent
    from unionsw.employment import alerts

    c = login(world.county_a_admin)
    assert c.get(f"/employment/contracts/{contract_a.pk}/certificate/").status_code == 404  # still in force
    services.contract_terminate(by=world.county_a_admin, contract=contract_a, on=date(2025, 2, 28), ground="art44_1", reason="期满")
    r = c.get(f"/employment/contracts/{contract_a.pk}/certificate/")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="contract.certificate").latest("id").detail["full_id_number"] is True
    due = [a for a in alerts.collect(world.county_a_admin, date(2025, 3, 10)) if a.kind == "contract.transfer"]
    assert len(due) == 1 and due[0].level == "warn" and due[0].due == date(2025, 3, 15)
    late = [a for a in alerts.collect(world.county_a_admin, date(2025, 3, 20)) if a.kind == "contract.transfer"]
    assert late[0].level == "bad"
    assert [a for a in alerts.collect(world.county_b_admin, date(2025, 3, 10)) if a.kind == "contract.transfer"] == []
    with pytest.raises(ValidationError):
        services.contract_transfer_done(by=world.county_a_admin, contract=contract_a, on=date(2025, 2, 1))
    services.contract_transfer_done(by=world.county_a_admin, contract=contract_a, on=date(2025, 3, 12))
    assert [a for a in alerts.collect(world.county_a_admin, date(2025, 3, 20)) if a.kind == "contract.transfer"] == []
