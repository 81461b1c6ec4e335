"""Issue 11, finding 10 — a Content-Security-Policy with no inline script (every script a static file,
ECharts and htmx vendored), a Permissions-Policy, and Cache-Control: no-store on every page and file
with personal data (worker pages, documents, exports, PDFs)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from unionsw.accounts.api import issue_token

ROOT = Path(__file__).resolve().parents[3]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
JS_URL = re.compile(r"(href|src|action)\s*=\s*[\"']\s*javascript:", re.I)


def test_no_template_has_an_inline_script_or_event_handler():
    offenders = []
    for path in list((ROOT / "unionsw").rglob("templates/**/*.html")) + [ROOT / "config" / "api.py"]:
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, HANDLER, JS_URL):
            offenders += [f"{path.relative_to(ROOT)}: {m.group(0)[:60]}" for m in pattern.finditer(text)]
    assert offenders == []


def _csp_ok(response):
    csp = response["Content-Security-Policy"]
    script = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert script.split()[1:] == ["'self'"], csp  # no 'unsafe-inline', no 'unsafe-eval', no other origin
    assert "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_pages_files_exports_and_pdfs_are_not_cached(world, login, settings, tmp_path):
    from datetime import date

    from unionsw.employment.services import contract_draft_create
    from unionsw.workers.services import document_upload

    settings.MEDIA_ROOT = tmp_path
    settings.JOBS_SYNC = True
    document = document_upload(
        by=world.county_a_admin,
        worker=world.worker_a,
        kind="other",
        title="学历证书",
        upload=SimpleUploadedFile("d.pdf", b"%PDF-1.4 x", content_type="application/pdf"),
    )
    contract = contract_draft_create(
        by=world.county_a_admin, worker=world.worker_a, kind="labour", start=date(2024, 1, 1), end=date(2026, 12, 31)
    )
    client = login(world.county_a_admin)
    for url in (
        "/dashboard/",
        "/workers/",
        f"/workers/{world.worker_a.pk}/",
        f"/workers/documents/{document.pk}/",
        "/workers/import/template/",
        "/employment/staffing/export/",
        f"/employment/contracts/{contract.pk}/pdf/",
    ):
        r = client.get(url)
        assert r.status_code == 200, url
        assert r["Cache-Control"] == "no-store", url
        _csp_ok(r)


@pytest.mark.django_db
def test_the_api_and_the_login_page_are_not_cached(world, client):
    r = client.get("/accounts/login/")
    assert r["Cache-Control"] == "no-store"
    _csp_ok(r)
    r = client.get(f"/api/v1/workers/{world.worker_a.pk}", HTTP_AUTHORIZATION=f"Bearer {issue_token(world.county_a_admin)}")
    assert r.status_code == 200 and r["Cache-Control"] == "no-store"
