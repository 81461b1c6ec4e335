"""Pay pages: the access matrix, the county's month from the pages, self-service slips, exports, cost by payer."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse

from unionsw.core import excel
from unionsw.pay import runs, services
from unionsw.pay.models import PayLine, PayTable, RunStatus


def approved_run(world, month=date(2026, 1, 1)):
    admin = world.county_a_admin
    run = runs.run_open(by=admin, org=world.county_a, month=month)
    run = runs.run_review(by=admin, run=runs.run_compute(by=admin, run=run))
    return runs.run_approve(by=admin, run=run)


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(reverse("pay:runs"))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("name", ["pay:runs", "pay:tables", "pay:cost", "pay:workers"])
def test_roles_without_pay_permissions_get_403(world, login, name):
    assert login(world.township_admin).get(reverse(name)).status_code == 403


def test_a_worker_without_pay_view_cannot_see_the_register(pay_world, login, run_jan):
    client = login(pay_world.worker_a_user)
    assert client.get(reverse("pay:runs")).status_code == 403
    assert client.get(reverse("pay:run", args=[run_jan.pk])).status_code == 403


def test_the_county_pays_a_month_from_the_pages(pay_world, login):
    client = login(pay_world.county_a_admin)
    response = client.post(reverse("pay:runs"), {"org": pay_world.county_a.pk, "month": "2026-01"})
    run = pay_world.county_a.payroll_runs.get()
    assert response.status_code == 302 and response["Location"] == reverse("pay:run", args=[run.pk])
    act = reverse("pay:run_act", args=[run.pk])
    for action in ("compute", "review", "approve"):
        run.refresh_from_db()
        assert client.post(act, {"action": action, "version": run.version}).status_code == 302
    run.refresh_from_db()
    assert run.status == RunStatus.APPROVED
    page = client.get(reverse("pay:run", args=[run.pk])).content.decode()
    assert "已审批（锁定）" in page and "5219.40" in page and "7239.32" in page
    # a locked run answers 409 in Chinese to any change
    response = client.post(act, {"action": "compute", "version": run.version})
    assert response.status_code == 409
    assert "已审批并锁定" in response.content.decode()
    assert client.post(act, {"action": "return", "reason": "x"}).status_code == 409
    run.refresh_from_db()
    assert run.status == RunStatus.APPROVED


def test_two_approvals_racing_one_gets_409(pay_world, login):
    admin = pay_world.county_a_admin
    run = runs.run_review(
        by=admin, run=runs.run_compute(by=admin, run=runs.run_open(by=admin, org=pay_world.county_a, month=date(2026, 1, 1)))
    )
    seen = run.version  # both approvers loaded the page at this version
    client = login(admin)
    act = reverse("pay:run_act", args=[run.pk])
    assert client.post(act, {"action": "approve", "version": seen}).status_code == 302
    second = client.post(act, {"action": "approve", "version": seen})
    assert second.status_code == 409
    assert "已审批并锁定" in second.content.decode()


def test_worker_sees_only_their_own_approved_slips(pay_world, login, add_worker):
    client = login(pay_world.worker_a_user)
    admin = pay_world.county_a_admin
    other = add_worker(rank="中级干事", name="王五")
    services.grade_set(by=admin, worker=other, level=20, effective_from=date(2022, 3, 1), reason="x")
    draft = runs.run_compute(by=admin, run=runs.run_open(by=admin, org=pay_world.county_a, month=date(2026, 2, 1)))
    mine_draft = PayLine.objects.get(run=draft, worker=pay_world.worker_a)
    assert client.get(reverse("pay:slip", args=[mine_draft.pk])).status_code == 404  # not approved yet
    run = approved_run(pay_world)
    mine = PayLine.objects.get(run=run, worker=pay_world.worker_a)
    theirs = PayLine.objects.get(run=run, worker=other)
    page = client.get(reverse("pay:my_slips") + "?year=2026").content.decode()
    assert "4055.47" in page and reverse("pay:slip", args=[mine.pk]) in page
    assert reverse("pay:slip", args=[theirs.pk]) not in page
    slip = client.get(reverse("pay:slip", args=[mine.pk])).content.decode()
    assert "张三" in slip and "5219.40" in slip and "用人成本" not in slip
    assert client.get(reverse("pay:slip", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("pay:slip_pdf", args=[theirs.pk])).status_code == 404
    pdf = client.get(reverse("pay:slip_pdf", args=[mine.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_register_page_queries_do_not_grow_with_rows(pay_world, login, add_worker, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    admin = pay_world.county_a_admin
    client = login(admin)

    def measure(n_extra, month):
        for i in range(n_extra):
            w = add_worker(rank="初级干事", name=f"社工{month.month}{i}")
            services.grade_set(by=admin, worker=w, level=12, effective_from=date(2022, 3, 1), reason="x")
        run = runs.run_compute(by=admin, run=runs.run_open(by=admin, org=pay_world.county_a, month=month))
        url = reverse("pay:run", args=[run.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx), run.lines.count()

    small, n_small = measure(1, date(2026, 1, 1))
    large, n_large = measure(12, date(2026, 2, 1))
    assert n_large > n_small + 10
    assert large == small


def test_register_excel_is_formula_escaped(pay_world, login, add_worker):
    import io

    from openpyxl import load_workbook

    admin = pay_world.county_a_admin
    w = add_worker(rank="初级干事", name="=HYPERLINK(1)")
    services.grade_set(by=admin, worker=w, level=12, effective_from=date(2022, 3, 1), reason="x")
    run = runs.run_compute(by=admin, run=runs.run_open(by=admin, org=pay_world.county_a, month=date(2026, 1, 1)))
    response = login(admin).get(reverse("pay:run_xlsx", args=[run.pk]))
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    names = [row[1] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert "'=HYPERLINK(1)" in names and "张三" in names


def test_whole_run_slips_are_a_job(pay_world, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.JOBS_SYNC = True
    run = approved_run(pay_world)
    response = login(pay_world.county_a_admin).post(reverse("pay:run_slips", args=[run.pk]))
    from unionsw.core.models import Job

    job = Job.objects.get(kind="pay_slips")
    assert response.status_code == 302 and job.status == "done" and "1 张工资条" in job.message


def test_province_sees_cost_by_payer(pay_world, login):
    services.cost_shares_set(
        by=pay_world.province_admin,
        org=pay_world.province,
        shares={"全总": "10%", "省总工会": "20%", "市总工会": "20%", "县（市、区）总工会": "30%", "乡镇（街道）财政": "20%"},
        effective_from=date(2025, 1, 1),
        source="测试",
    )
    approved_run(pay_world)
    page = login(pay_world.province_admin).get(reverse("pay:cost") + "?year=2026").content.decode()
    assert "pay-cost-data" in page and "2171.80" in page and "7239.32" in page
    from unionsw.pay.stats import cost_by_payer

    data = cost_by_payer(pay_world.province_admin, 2026)
    assert data["totals"]["县（市、区）总工会"] == D("2171.80") and data["total"] == D("7239.32")
    assert data["rows"]["全总"][0] == D("723.93") and data["rows"]["全总"][1] == D("0")
    assert cost_by_payer(pay_world.county_b_admin, 2026)["total"] == D("0")  # the other county sees none of it
    assert cost_by_payer(pay_world.township_admin, 2026) == {}  # no pay.view, no amounts


def test_shares_page_refuses_shares_not_adding_to_100(pay_world, login):
    client = login(pay_world.province_admin)
    page = client.get(reverse("pay:shares")).content.decode()
    assert "全总" in page and "未规定" in page
    response = client.post(
        reverse("pay:shares"), {"share_0": "10%", "share_1": "20%", "effective_from": "2026-01-01", "source": "x"}
    )
    assert "合计须为100%" in response.content.decode()


def test_tables_page_labels_examples_and_the_ladder(pay_world, login):
    page = login(pay_world.county_a_admin).get(reverse("pay:tables")).content.decode()
    assert "示例" in page and "中级干事 → 八级" in page and "70%–100%" in page
    table = PayTable.objects.get()
    detail = login(pay_world.county_a_admin).get(reverse("pay:table", args=[table.pk])).content.decode()
    assert "数值仅为演示" in detail and 'name="post_8"' not in detail  # the province's table: read-only for the county


def test_a_county_saves_its_own_table_from_the_page(pay_world, login):
    client = login(pay_world.county_a_admin)
    data = {
        "name": "历下区工资标准",
        "effective_from": "2026-01-01",
        "source": "区人社局文件",
        "post_8": "1800",
        "grade_20": "1100",
    }
    response = client.post(reverse("pay:table_new"), data)
    table = PayTable.objects.get(org=pay_world.county_a)
    assert response.status_code == 302 and table.post_pay == {"8": "1800.00"} and not table.is_example
    bad = client.post(reverse("pay:table_new"), {**data, "effective_from": "2026-02-01", "post_8": "abc"})
    assert "应为数字" in bad.content.decode()


def test_pay_table_excel_import(pay_world, login):
    client = login(pay_world.county_a_admin)
    template = client.get(reverse("pay:table_import") + "?template=1")
    assert template.status_code == 200
    good = excel.xlsx_bytes([["类别", "等级", "月标准（元）"], ["岗位工资", 8, "1750"], ["薪级工资", 20, "1020.5"]])
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("t.xlsx", good, content_type=excel.XLSX_CONTENT_TYPE)
    response = client.post(reverse("pay:table_import"), {"name": "导入表", "effective_from": "2026-01-01", "file": upload})
    table = PayTable.objects.get(org=pay_world.county_a)
    assert response.status_code == 302 and table.post_pay == {"8": "1750.00"} and table.grade_pay == {"20": "1020.50"}
    bad = excel.xlsx_bytes([["类别", "等级", "月标准（元）"], ["岗位工资", 11, "1750"], ["奖金", 1, "x"]])
    upload = SimpleUploadedFile("b.xlsx", bad, content_type=excel.XLSX_CONTENT_TYPE)
    response = client.post(reverse("pay:table_import"), {"name": "坏表", "effective_from": "2026-03-01", "file": upload})
    text = response.content.decode()
    assert response.status_code == 400 and "1–10" in text and "不是可选值" in text
    not_excel = SimpleUploadedFile("c.xlsx", b"not a zip", content_type=excel.XLSX_CONTENT_TYPE)
    response = client.post(reverse("pay:table_import"), {"name": "x", "effective_from": "2026-03-01", "file": not_excel})
    assert response.status_code == 302 and PayTable.objects.filter(org=pay_world.county_a).count() == 1


def test_county_sets_grade_with_reason_and_sees_a_suggestion_only(pay_world, login, add_worker):
    w = add_worker(rank="初级干事", education="bachelor", hired_on=date(2020, 3, 1))
    client = login(pay_world.county_a_admin)
    page = client.get(reverse("pay:worker", args=[w.pk])).content.decode()
    assert "建议（仅供参考）" in page and "尚未核定薪级" in page
    assert not w.pay_grades.exists()  # the suggestion is never applied by itself
    response = client.post(
        reverse("pay:worker", args=[w.pk]), {"what": "grade", "level": "13", "effective_from": "2026-01-01", "reason": ""}
    )
    assert "请填写确定薪级的理由" in response.content.decode()
    client.post(
        reverse("pay:worker", args=[w.pk]),
        {"what": "grade", "level": "13", "effective_from": "2026-01-01", "reason": "比照同等条件人员"},
    )
    g = w.pay_grades.get()
    assert (g.level, g.reason, g.set_by) == (13, "比照同等条件人员", pay_world.county_a_admin)
    assert g.suggested is not None


def test_bank_transfer_and_declaration_lists_for_a_locked_run(pay_world, login):
    import io

    from openpyxl import load_workbook

    client = login(pay_world.county_a_admin)
    url = reverse("pay:worker", args=[pay_world.worker_a.pk])
    bad = client.post(url, {"what": "account", "bank": "工商银行", "account": "12ab"})
    assert "8–30 位数字" in bad.content.decode()
    client.post(url, {"what": "account", "bank": "工商银行济南分行", "account": "6222 0212 3456 7890 123"})
    assert "6222***********0123" in client.get(url).content.decode()
    run = runs.run_compute(
        by=pay_world.county_a_admin,
        run=runs.run_open(by=pay_world.county_a_admin, org=pay_world.county_a, month=date(2026, 1, 1)),
    )
    early = client.get(reverse("pay:run_transfer_xlsx", args=[run.pk]))
    assert early.status_code == 302  # not before the run is locked
    run = runs.run_approve(by=pay_world.county_a_admin, run=runs.run_review(by=pay_world.county_a_admin, run=run))
    ws = load_workbook(io.BytesIO(client.get(reverse("pay:run_transfer_xlsx", args=[run.pk])).content)).active
    assert list(ws.iter_rows(min_row=2, values_only=True))[0][:4] == ("张三", "工商银行济南分行", "6222021234567890123", 4055.47)
    ws = load_workbook(io.BytesIO(client.get(reverse("pay:run_declaration_xlsx", args=[run.pk])).content)).active
    header = [c.value for c in ws[1]]
    row = dict(zip(header, [c.value for c in ws[2]], strict=True))
    assert row["养老保险基数"] == "5219.40" and row["养老保险个人"] == "417.55" and row["住房公积金单位"] == "626.33"
    assert str(row["个人合计"]) == "1163.93"
    assert login(pay_world.province_admin).get(reverse("pay:run_transfer_xlsx", args=[run.pk])).status_code == 403


def test_county_sets_the_four_links_on_the_page(pay_world, login):
    client = login(pay_world.county_a_admin)
    assert "未规定（由县级工会按年度设定）" in client.get(reverse("pay:tables")).content.decode()
    data = {
        "org": pay_world.county_a.pk,
        "year": "2026",
        "ratio_EXCELLENT": "1.1",
        "bonus_EXCELLENT": "2",
        "bonus_month": "1",
        "reason": "办法",
    }
    client.post(reverse("pay:link_set"), data)
    link = pay_world.county_a.assessment_links.get()
    assert link.ratio_factors == {"EXCELLENT": "1.1"} and link.bonus_months == {"EXCELLENT": "2"}
    assert "比例×1.1" in client.get(reverse("pay:tables")).content.decode()


@pytest.mark.parametrize("who", ["county_a_admin", "city_admin", "province_admin"])
def test_every_pay_page_renders_for_each_level(pay_world, login, add_worker, who):
    rehired = add_worker(employment_mode="rehired", rank="")
    services.service_fee_set(by=pay_world.county_a_admin, worker=rehired, monthly="2500", effective_from=date(2025, 1, 1))
    run = approved_run(pay_world)
    client = login(getattr(pay_world, who))
    table = PayTable.objects.get()
    contribution = pay_world.province.contribution_tables.get()
    urls = [
        reverse("pay:runs"),
        reverse("pay:run", args=[run.pk]),
        reverse("pay:tables"),
        reverse("pay:table", args=[table.pk]),
        reverse("pay:contribution", args=[contribution.pk]),
        reverse("pay:cost"),
        reverse("pay:worker", args=[pay_world.worker_a.pk]),
        reverse("pay:worker", args=[rehired.pk]),
        reverse("pay:slip", args=[run.lines.get(worker=rehired).pk]),
    ]
    if who != "city_admin":
        urls += [reverse("pay:table_new"), reverse("pay:contribution_new"), reverse("pay:table_import")]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    if who == "county_a_admin":
        assert client.get(reverse("pay:workers")).status_code == 200
        assert "返聘劳务费" in client.get(reverse("pay:run", args=[run.pk])).content.decode()
    if who == "province_admin":
        assert client.get(reverse("pay:shares")).status_code == 200


def test_both_dated_table_pages_edit_with_a_version_and_answer_409_when_stale(pay_world, login):
    """岗位/薪级工资表 and 社保公积金缴费标准 share one versioned save: the version goes up, a stale one is a
    409 with nothing saved, a second table on the same date is refused, every write audited with a Chinese name."""
    from unionsw.core.audit_labels import label
    from unionsw.core.models import AuditEvent
    from unionsw.pay.models import ContributionTable

    client = login(pay_world.county_a_admin)
    client.post(reverse("pay:table_new"), {"name": "区表", "effective_from": "2026-01-01", "post_8": "1800", "grade_20": "1100"})
    table = PayTable.objects.get(org=pay_world.county_a)
    edit = {"name": "区表（修订）", "effective_from": "2026-01-01", "post_8": "1900", "grade_20": "1100", "version": "1"}
    assert client.post(reverse("pay:table", args=[table.pk]), edit).status_code == 302
    table.refresh_from_db()
    assert (table.version, table.post_pay, table.name) == (2, {"8": "1900.00"}, "区表（修订）")
    stale = client.post(reverse("pay:table", args=[table.pk]), {**edit, "post_8": "2000"})
    assert stale.status_code == 409 and "已被其他人修改" in stale.content.decode()
    table.refresh_from_db()
    assert table.post_pay == {"8": "1900.00"}

    si = {"name": "区缴费标准", "effective_from": "2026-01-01", "pension_employer": "16%", "pension_employee": "8%"}
    assert client.post(reverse("pay:contribution_new"), si).status_code == 302
    contrib = ContributionTable.objects.get(org=pay_world.county_a)
    changed = client.post(reverse("pay:contribution", args=[contrib.pk]), {**si, "pension_employer": "15%", "version": "1"})
    contrib.refresh_from_db()
    assert changed.status_code == 302 and contrib.version == 2 and contrib.items[0]["employer_rate"] == "0.15"
    stale = client.post(reverse("pay:contribution", args=[contrib.pk]), {**si, "version": "1"})
    assert stale.status_code == 409
    twin = client.post(reverse("pay:contribution_new"), si)
    assert twin.status_code == 200 and "已有缴费标准" in twin.content.decode()
    assert ContributionTable.objects.filter(org=pay_world.county_a).count() == 1

    actions = set(AuditEvent.objects.filter(action__startswith="pay.").values_list("action", flat=True))
    assert {"pay.table_create", "pay.table_update", "pay.contribution_create", "pay.contribution_update"} <= actions
    assert all(label(a) != a for a in actions), [a for a in actions if label(a) == a]


def test_a_tampered_version_on_a_table_page_is_a_400_with_a_message(pay_world, login):
    from unionsw.core.parsing import VERSION_INVALID

    client = login(pay_world.county_a_admin)
    client.post(reverse("pay:table_new"), {"name": "区表", "effective_from": "2026-01-01", "post_8": "1800", "grade_20": "1100"})
    table = PayTable.objects.get(org=pay_world.county_a)
    edit = {"name": "区表（篡改）", "effective_from": "2026-01-01", "post_8": "1", "grade_20": "1100", "version": "1 OR 1=1"}
    r = client.post(reverse("pay:table", args=[table.pk]), edit)
    assert r.status_code in (200, 400) and VERSION_INVALID in r.content.decode()
    table.refresh_from_db()
    assert table.name == "区表" and table.version == 1
