"""One full recruitment round from plan to hire with two applicants, in a real browser.

The same flow as recruitment/tests/test_full_round.py (Django test client), driven through the pages:
county admin, city admin and province admin each in their own logged-in browser, three judges scoring on
their own page, and two applicants registering, logging in and applying with uploads on the public portal.
The portal CAPTCHA is answered from the browser's own Django session (the answer is kept there), never
by switching it off.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from conftest import make_id, make_user
from unionsw.recruitment.models import Application, Plan, PlanStatus, Round, RoundStatus
from unionsw.recruitment.portal import CAPTCHA_KEY
from unionsw.workers.models import FilingStatus, Worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

APPLICANT_PASSWORD = "Apply2026x"


@pytest.fixture(autouse=True)
def _post_kinds(db):
    """The default post kinds the hire fills a post of (seeded by employment migration 0002): an earlier
    transactional test in the same process flushes migration data, so re-create them as
    employment/tests/conftest.py does."""
    from unionsw.employment.services import ensure_default_post_kinds

    ensure_default_post_kinds()


@pytest.fixture(autouse=True)
def _media_and_inline_pdf(settings, tmp_path, monkeypatch):
    """Uploads and the ticket PDF in a temp dir; the PDF is built inside the request (as the recruitment
    tests do) so no background thread writes to the test database while the browser moves on. The
    portal's rate-limit counters live in the cache: start from an empty one."""
    from django.core.cache import cache

    from unionsw.recruitment import pdf

    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr(pdf, "RUN_IN_THREAD", False)
    cache.clear()


def _jpg(path):
    from PIL import Image

    Image.new("RGB", (30, 40), (200, 120, 120)).save(path, "JPEG")
    return str(path)


def _pdf(path):
    path.write_bytes(
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )
    return str(path)


def _xlsx(path, rows):
    from unionsw.core.excel import xlsx_bytes

    path.write_bytes(xlsx_bytes(rows))
    return str(path)


def _captcha(page) -> str:
    """The CAPTCHA answer the server put in this browser's session (the page shows it only as an image)."""
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore

    from unionsw.recruitment.portal import captcha_answer

    key = next(c["value"] for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    return captcha_answer(SessionStore(session_key=key)[CAPTCHA_KEY])


def _submit(page, action: str):
    """Clicks the button of the form posting to .../<action>/ and waits for the page it leads to."""
    with page.expect_navigation():
        page.locator(f"form[action$='/{action}/'] button").first.click()


def _messages(page) -> str:
    return page.locator(".messages").inner_text() if page.locator(".messages").count() else ""


def _register_login_apply(page, *, name, id_number, cert, rnd, photo, diploma):
    page.goto("/portal/")
    with page.expect_navigation():  # content() read while the click's navigation is under way can be empty
        page.click(f"a:has-text('{rnd.title}')")
    assert "历下区公开招聘公告" in page.content()

    page.goto("/portal/register/")
    page.fill("#id_name", name)
    page.fill("#id_id_number", id_number)
    page.fill("#id_phone", "13900001111")
    page.fill("#id_password", APPLICANT_PASSWORD)
    page.fill("#id_password2", APPLICANT_PASSWORD)
    page.check("#id_accept_privacy")
    page.fill("#id_captcha", _captcha(page))
    with page.expect_navigation():
        page.click("button:has-text('注册')")
    assert "注册成功" in _messages(page), page.content()[:3000]

    # registration leads to the login form (its own CAPTCHA)
    page.goto("/portal/login/")
    page.fill("#id_id_number", id_number)
    page.fill("#id_password", APPLICANT_PASSWORD)
    page.fill("#id_captcha", _captcha(page))
    with page.expect_navigation():
        page.click("form button:has-text('登录')")
    assert name in page.locator("header").inner_text()

    page.click(f"a[href='/portal/rounds/{rnd.pk}/apply/']")
    page.select_option("#id_post", str(rnd.plan.posts.get().pk))
    page.select_option("#id_education", "bachelor")
    page.fill("#id_school", "山东大学")
    page.fill("#id_major", "社会工作")
    page.select_option("#id_political_status", "masses")
    page.fill("#id_ethnicity", "汉族")
    page.select_option("#id_certificate", cert)
    page.fill("#id_certificate_number", "A1" if cert else "")
    page.set_input_files("#id_photo", photo)
    page.set_input_files("#id_diploma", diploma)
    with page.expect_navigation():
        page.click("button:has-text('提交报名')")
    assert page.url.endswith("/portal/me/"), page.content()[:3000]
    materials = page.locator(".card").inner_text()
    assert "证件照" in materials or "照片" in materials
    assert "未上传" not in materials


def test_one_round_from_plan_to_hire_with_two_applicants(world, page_as, anon_page, _pages, tmp_path):
    today = timezone.localdate()
    county = page_as(world.county_a_admin)
    city = page_as(world.city_admin)
    province = page_as(world.province_admin)

    # 1. plan: county proposes, city returns, county re-proposes, city approves, province files
    county.goto("/recruitment/plans/new/")
    county.fill("#id_title", "2026年历下区招录计划")
    county.fill("#id_exam_year", str(today.year))
    county.fill("#id_exam_month", str(today.month))
    county.fill("#id_reason_gap", "8个街道缺社工")
    county.select_option("select[name=unit_0]", str(world.street_a.pk))
    county.fill("input[name=kind_0]", "组建指导岗")
    county.fill("input[name=count_0]", "1")
    with county.expect_navigation():
        county.click("button:has-text('保存')")
    plan = Plan.objects.get()
    assert county.url.endswith(f"/recruitment/plans/{plan.pk}/")
    _submit(county, "propose")

    city.goto(f"/recruitment/plans/{plan.pk}/")
    city.fill("form[action$='/return/'] input[name=reason]", "请补充经费来源")
    _submit(city, "return")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.RETURNED and plan.return_reason == "请补充经费来源"

    county.goto(f"/recruitment/plans/{plan.pk}/")
    assert "请补充经费来源" in county.locator("dl.fields").inner_text()
    _submit(county, "propose")
    city.goto(f"/recruitment/plans/{plan.pk}/")
    _submit(city, "approve")
    province.goto(f"/recruitment/plans/{plan.pk}/")
    _submit(province, "file")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.FILED

    # 2. announcement
    county.goto(f"/recruitment/plans/{plan.pk}/")
    county.click("a:has-text('发布招聘公告')")
    county.fill("#id_title", "历下区公开招聘公告")
    county.fill("#id_body", "公告正文")
    county.fill("#id_reference_date", today.isoformat())
    county.fill("#id_registration_start", (today - timedelta(days=1)).isoformat())
    county.fill("#id_registration_end", (today + timedelta(days=3)).isoformat())
    county.fill("#id_exam_date", (today + timedelta(days=10)).isoformat())
    county.fill("#id_written_weight", "0.5")
    county.fill("#id_interview_ratio", "3")
    county.check("#id_drop_high_low")
    county.select_option("#id_second_tie_key", "written")
    county.fill("#id_waiting_list_months", "12")
    with county.expect_navigation():
        county.click("button:has-text('发布')")
    rnd = Round.objects.get()
    assert county.url.endswith(f"/recruitment/rounds/{rnd.pk}/"), _messages(county)
    anon_page.goto(f"/portal/rounds/{rnd.pk}/")
    assert "历下区公开招聘公告" in anon_page.content()

    # 3. two applicants register, log in and apply with a JPG photo and a PDF diploma
    people = {}
    for name, cert in (("甲考生", "social_worker"), ("乙考生", "")):
        page = _pages()
        _register_login_apply(
            page,
            name=name,
            id_number=make_id("370102", date(1996, 1, 1)),
            cert=cert,
            rnd=rnd,
            photo=_jpg(tmp_path / f"{name}-photo.jpg"),
            diploma=_pdf(tmp_path / f"{name}-diploma.pdf"),
        )
        people[name] = page
    assert Application.objects.filter(round=rnd).count() == 2
    assert all(a.uploads.count() == 2 for a in Application.objects.all())

    # 4. close registration, review each applicant on their page
    county.goto(f"/recruitment/rounds/{rnd.pk}/")
    _submit(county, "close")
    for app in Application.objects.all():
        assert app.auto_passed, app.auto_checks
        county.goto(f"/recruitment/applications/{app.pk}/")
        county.select_option("form[action$='/review/'] select[name=passed]", "1")
        _submit(county, "review")
        assert "审查结论已保存" in _messages(county)
    people["甲考生"].goto("/portal/me/")
    assert "审查通过" in people["甲考生"].content()

    # 5. written exam: rooms, tickets PDF, scores
    county.goto(f"/recruitment/rounds/{rnd.pk}/")
    county.locator("form[action$='/written/'] input[name=room_address]").first.fill("A楼")
    _submit(county, "written")
    assert "已编排准考证号和考场座位" in _messages(county)
    _submit(county, "tickets")
    with county.expect_download() as download:
        county.click("a:has-text('下载准考证 PDF')")
    download.value.save_as(tmp_path / "tickets.pdf")
    content = (tmp_path / "tickets.pdf").read_bytes()
    assert content.startswith(b"%PDF")
    assert content.count(b"/Subtype /Image") >= 1 and b"STSong-Light" in content  # photo and the Chinese CID font
    a, b = Application.objects.get(name="甲考生"), Application.objects.get(name="乙考生")
    county.goto(f"/recruitment/rounds/{rnd.pk}/")
    county.set_input_files(
        "form[action$='/scores/'] input[name=file]",
        _xlsx(tmp_path / "scores.xlsx", [["准考证号", "笔试成绩"], [a.ticket_no, 80], [b.ticket_no, 80]]),
    )
    _submit(county, "scores")
    assert "已导入2条笔试成绩" in _messages(county)
    _submit(county, "interview")
    assert "已确定2名面试人选" in _messages(county)

    # 6. interview: three judges appointed on the round page, each scores on their own page
    # (the judges' accounts are made as in test_full_round.py: users of the county without a role;
    # being appointed to the round is what lets them score)
    judges = [make_user(f"judge{i}", world.county_a, []) for i in range(3)]
    county.reload()
    for j in judges:
        county.select_option("form[action$='/judge/'] select[name=user]", str(j.pk))
        _submit(county, "judge")
        assert f"已指定评委：{j}" in _messages(county)
    for j, (sa, sb) in zip(judges, [(90, 90), (70, 70), (85, 85)], strict=True):
        jp = page_as(j)
        jp.goto("/recruitment/judge/")
        with jp.expect_navigation():
            jp.click(f"a:has-text('{rnd.title}')")
        for app, score in ((a, sa), (b, sb)):
            row = jp.locator("tbody tr", has_text=app.name)
            row.locator("input[name=score]").fill(str(score))
            with jp.expect_navigation():
                row.locator("button:has-text('保存')").click()
            assert f"已保存{app.name}的评分" in _messages(jp)
        # the page shows this judge's own scores only
        shown = [float(v) for v in jp.locator("tbody input[name=score]").evaluate_all("els => els.map(e => e.value)")]
        assert sorted(shown) == sorted([sa, sb])
    county.goto(f"/recruitment/rounds/{rnd.pk}/")
    _submit(county, "rank")
    a.refresh_from_db()
    b.refresh_from_db()
    # equal totals (80 written, 85 interview after dropping 90 and 70): the certificate holder ranks first
    assert a.total_score == b.total_score
    assert (a.rank, b.rank) == (1, 2) and "证书" in a.tie_rule and a.selected and not b.selected

    # 7. 体检, 考察, 公示 with an objection that must be resolved, filing, hire
    county.goto(f"/recruitment/applications/{a.pk}/")
    county.select_option("form[action$='/medical/'] select[name=passed]", "1")
    _submit(county, "medical")
    county.select_option("form[action$='/vetting/'] select[name=passed]", "1")
    _submit(county, "vetting")
    county.goto(f"/recruitment/rounds/{rnd.pk}/")
    county.fill("form[action$='/publicity/'] input[name=start]", (today - timedelta(days=8)).isoformat())
    county.fill("form[action$='/publicity/'] input[name=end]", (today - timedelta(days=1)).isoformat())
    _submit(county, "publicity")
    assert "已发布拟录用人员公示（1人）" in _messages(county)
    county.click("a:has-text('拟录用人员公示名单')")
    county.wait_for_load_state()
    assert "甲考生" in county.content() and "乙考生" not in county.content()

    county.goto(f"/recruitment/applications/{a.pk}/")
    county.fill("form[action$='/objection/'] input[name=content]", "反映学历存疑")
    county.fill("form[action$='/objection/'] input[name=received_on]", (today - timedelta(days=3)).isoformat())
    _submit(county, "objection")
    assert "异议已登记" in _messages(county)

    province.goto(f"/recruitment/applications/{a.pk}/")
    _submit(province, "file")
    a.refresh_from_db()
    assert a.filed_at is None  # refused: an objection is open
    assert "尚有1条公示异议未处理" in _messages(province)

    county.goto(f"/recruitment/applications/{a.pk}/")
    county.fill("form[action*='/objections/'] input[name=resolution]", "经核实学历真实")
    county.select_option("form[action*='/objections/'] select[name=upheld]", "0")
    with county.expect_navigation():
        county.locator("form[action*='/objections/'] button").click()
    assert "异议已处理" in _messages(county)

    province.goto(f"/recruitment/applications/{a.pk}/")
    _submit(province, "file")
    assert "已备案" in _messages(province)

    county.goto(f"/recruitment/applications/{a.pk}/")
    assert county.locator("form[action$='/hire/'] input[name=hired_on]").input_value() == today.isoformat()
    _submit(county, "hire")
    assert "已录用，社工档案已建立：甲考生" in _messages(county)

    # the hired worker is in the registry, holds the post and has a labour-contract draft
    a.refresh_from_db()
    worker = Worker.objects.get(pk=a.worker_id)
    assert worker.name == "甲考生" and worker.org == world.street_a and worker.filing_status == FilingStatus.FILED
    assert worker.post_title == "组建指导岗" and worker.rank == "见习干事" and worker.certificates.count() == 1
    assert Worker.objects.filter(name="乙考生").count() == 0
    b.refresh_from_db()
    assert b.worker_id is None and b.filed_at is None and not b.selected
    from unionsw.employment.models import Contract, Post

    post = Post.objects.get(holder=worker)
    assert post.unit == world.street_a and post.kind.name == "组建指导岗"
    draft = Contract.objects.get(worker=worker)
    assert draft.starts_on == today and draft.signed_on is None

    with county.expect_navigation():
        county.click("a:has-text('社工档案')")
    assert county.url.endswith(f"/workers/{worker.pk}/")
    people["甲考生"].goto("/portal/me/")
    assert "已录用" in people["甲考生"].content()
    people["乙考生"].goto("/portal/me/")
    assert "已录用" not in people["乙考生"].content()
    county.goto("/workers/")
    table = county.locator("#worker-table").inner_text()
    assert "甲考生" in table and "乙考生" not in table
    rnd.refresh_from_db()
    assert rnd.status == RoundStatus.RANKED
    assert plan.events.count() >= 20
