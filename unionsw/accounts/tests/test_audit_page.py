"""The 审计日志 page for the 安全审计员: search, export (itself audited), and no way to change the trail."""

import csv
import io

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver
from openpyxl import load_workbook

from unionsw.core.audit import audit, verify_chain
from unionsw.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login(world, client):
    r = client.get("/audit/")
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")


def test_the_auditor_searches_the_trail(admins, login):
    audit(by=admins.county_a_admin, action="worker.reveal", target=admins.worker_a, detail={"field": "id_number"})
    c = login(admins.auditor)
    page = c.get("/audit/?action=worker.reveal").content.decode()
    assert '<code class="muted">worker.reveal</code>' in page and "张三" in page
    assert "查看完整身份证号/手机号" in page and '<code class="muted">worker.create</code>' not in page
    page = c.get("/audit/?actor=county_b_admin").content.decode()
    assert '<code class="muted">worker.reveal</code>' not in page and "新增社工" in page


def test_the_auditor_filters_by_the_chinese_name(admins, login):
    audit(by=admins.county_a_admin, action="worker.reveal", target=admins.worker_a, detail={"field": "id_number"})
    page = login(admins.auditor).get("/audit/", {"action": "身份证号"}).content.decode()
    assert '<code class="muted">worker.reveal</code>' in page and '<code class="muted">worker.create</code>' not in page


def test_every_audit_action_in_the_code_has_a_chinese_name():
    import re
    from pathlib import Path

    from unionsw.core.audit_labels import label

    root = Path(__file__).resolve().parents[2]
    codes = set()
    for path in root.glob("*/*.py"):
        codes |= set(re.findall(r'action="([a-z_]+\.[a-z_.]+)"', path.read_text()))
    missing = sorted(c for c in codes if label(c) == c)
    assert not missing, missing


def _export(c, fmt, query="action=worker."):
    r = c.get(f"/audit/?{query}&format={fmt}")
    assert r.status_code == 200
    return r


def test_the_csv_export_holds_the_filtered_rows_and_is_audited(admins, login):
    c = login(admins.auditor)
    r = _export(c, "csv")
    assert r["Content-Type"].startswith("text/csv") and "attachment" in r["Content-Disposition"]
    text = b"".join(r.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["序号", "时间", "账号"]
    expected = AuditEvent.objects.filter(action__startswith="worker.").count()
    assert len(rows) - 1 == expected and all(row[5].startswith("worker.") for row in rows[1:])
    assert rows[0][5:7] == ["操作代码", "操作"] and all(row[6] and not row[6].startswith("worker.") for row in rows[1:])
    event = AuditEvent.objects.filter(action="audit.export").latest("id")
    assert event.actor_id == admins.auditor.pk
    assert event.detail == {"format": "csv", "rows": expected, "filters": {"action": "worker."}}


def test_the_xlsx_export_holds_the_filtered_rows_and_is_audited(admins, login):
    c = login(admins.auditor)
    r = _export(c, "xlsx", "actor=county_a_admin")
    sheet = load_workbook(io.BytesIO(r.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "序号"
    assert {row[2] for row in rows[1:]} == {"county_a_admin"}
    assert (
        len(rows) - 1 == AuditEvent.objects.filter(actor_name__contains="county_a_admin").exclude(action="audit.export").count()
    )
    assert AuditEvent.objects.filter(action="audit.export", detail__format="xlsx").exists()


def test_exported_text_cannot_run_as_a_spreadsheet_formula(admins, login):
    audit(by=None, actor_name='=HYPERLINK("http://x")', action="auth.login", result="failed")
    r = _export(login(admins.auditor), "csv", "action=auth.login")
    text = b"".join(r.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def test_only_the_auditor_may_export(admins, login):
    for actor in (admins.sysadmin, admins.secadmin, admins.county_a_admin):
        assert login(actor).get("/audit/?format=csv").status_code == 403
    assert not AuditEvent.objects.filter(action="audit.export").exists()


def test_the_audit_page_accepts_only_get(admins, login):
    c = login(admins.auditor)
    before = AuditEvent.objects.count()
    for method in ("post", "put", "patch", "delete"):
        assert getattr(c, method)("/audit/").status_code == 405
    assert AuditEvent.objects.count() == before


def _all_routes(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            yield from _all_routes(p, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p


def test_no_page_route_other_than_the_read_only_list_reaches_the_audit_trail():
    routes = [(path, p.lookup_str) for path, p in _all_routes() if "audit" in path.lower() or "audit" in p.lookup_str.lower()]
    assert routes == [("audit/", "unionsw.core.views.audit_list")]


def test_no_api_operation_touches_the_audit_trail(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert not [path for path in schema["paths"] if "audit" in path.lower()]


def test_the_model_refuses_update_and_delete(world):
    event = AuditEvent.objects.first()
    event.action = "forged"
    attempts = [
        lambda: AuditEvent.objects.filter(pk=event.pk).update(action="x"),
        lambda: AuditEvent.objects.filter(pk=event.pk).delete(),
        lambda: AuditEvent.objects.all().delete(),
        event.delete,
        event.save,
        lambda: AuditEvent.objects.bulk_update([event], ["action"]),
        lambda: AuditEvent.objects.update_or_create(pk=event.pk, defaults={"action": "x"}),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionError), transaction.atomic():
            attempt()
    assert AuditEvent.objects.get(pk=event.pk).action != "forged"
    assert verify_chain()[0]


def test_tampering_below_the_application_is_detected_by_the_chain(world):
    from django.db import connection

    event = AuditEvent.objects.order_by("id")[1]
    with connection.cursor() as cur:
        cur.execute(f"UPDATE {AuditEvent._meta.db_table} SET action = %s WHERE id = %s", ["forged", event.pk])
    ok, _, message = verify_chain()
    assert not ok and "篡改" in message


def test_a_county_auditor_sees_only_events_of_their_countys_accounts(admins, login):
    from conftest import make_user

    county_auditor = make_user("county_auditor", admins.county_b, [admins.roles["auditor"]])
    audit(by=None, actor_name="ghost", action="auth.login", result="failed")
    c = login(county_auditor)
    page = c.get("/audit/").content.decode()
    assert "county_b_admin" in page and "county_a_admin" not in page and "ghost" not in page
    text = b"".join(c.get("/audit/?format=csv").streaming_content).decode("utf-8-sig")
    assert "county_b_admin" in text and "county_a_admin" not in text
    assert "ghost" in login(admins.auditor).get("/audit/").content.decode()


def test_the_audit_list_does_the_same_number_of_queries_for_few_and_many_events(admins, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = login(admins.auditor)

    def count():
        c.get("/audit/")
        with CaptureQueriesContext(connection) as ctx:
            assert c.get("/audit/").status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for i in range(60):
        audit(by=admins.county_a_admin, action="worker.reveal", target=admins.worker_a, detail={"i": i})
    assert few == count()
