"""Issue 11 (should fix): every upload passes one check (core/uploads.py). A PDF with active content is
refused whatever way it hides the name; a replaced portal upload leaves no file behind; a file missing from
storage is a 404, not a 500; every stored file is served sandboxed and uncached."""

from __future__ import annotations

import os
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from unionsw.core import uploads
from unionsw.core.tests.files import jpeg, pdf, png, stream

JS_ACTION = b"<< /Type /Action /S /JavaScript /JS (app.alert\\(1\\)) >>"


def test_a_plain_pdf_and_one_from_reportlab_pass():
    from reportlab.pdfgen import canvas

    assert uploads.pdf_problem(pdf()) is None
    # an /OpenAction that only sets the opening view is what word processors write
    assert uploads.pdf_problem(pdf(catalog_extra=b"/OpenAction [3 0 R /XYZ null null 0]")) is None
    from io import BytesIO

    out = BytesIO()
    c = canvas.Canvas(out)
    c.drawString(100, 750, "diploma")
    c.showPage()
    c.save()
    assert uploads.pdf_problem(out.getvalue()) is None


@pytest.mark.parametrize(
    "document",
    [
        pdf(JS_ACTION, catalog_extra=b"/OpenAction 4 0 R"),
        pdf(b"<< /Type /Action /S /J#61vaScript /JS (x) >>", catalog_extra=b"/OpenAction 4 0 R"),
        pdf(b"<< /JavaScript << /Names [(a) 5 0 R] >> >>", JS_ACTION, catalog_extra=b"/Names 4 0 R"),
        pdf(b"<< /S /Launch /F (cmd.exe) >>", catalog_extra=b"/OpenAction 4 0 R"),
        pdf(b"<< /EmbeddedFiles << /Names [] >> >>", catalog_extra=b"/Names 4 0 R"),
        pdf(b"<< /Fields [] /XFA 5 0 R >>", catalog_extra=b"/AcroForm 4 0 R"),
    ],
    ids=["javascript", "escaped-name", "names-tree", "launch", "embedded", "xfa"],
)
def test_active_content_is_refused(document):
    assert "不予接收" in uploads.pdf_problem(document)


def test_active_content_inside_a_compressed_object_stream_is_found():
    body = b"5 0 " + JS_ACTION
    objstm = stream(b"/Type /ObjStm /N 1 /First 4", body, compress=True)
    assert JS_ACTION not in pdf(objstm)  # the name is not visible in the file's bytes
    assert "JavaScript" in uploads.pdf_problem(pdf(objstm, catalog_extra=b"/OpenAction 5 0 R"))


def test_an_object_hidden_inside_another_streams_body_is_found():
    image = stream(b"/Type /XObject /Subtype /Image", os.urandom(2000) + b"\n9 0 obj\n" + JS_ACTION + b"\nendobj\n")
    assert "不予接收" in uploads.pdf_problem(pdf(image))


def test_binary_image_data_never_matches_a_name():
    noise = b"".join(b"/JS /Launch " + os.urandom(64) for _ in range(200))  # names in image bytes, no object header
    assert uploads.pdf_problem(pdf(stream(b"/Type /XObject /Subtype /Image /Filter /DCTDecode", noise))) is None


def test_an_encrypted_pdf_and_an_object_stream_bomb_are_refused():
    assert "密码" in uploads.pdf_problem(pdf(trailer_extra=b"/Encrypt << /Filter /Standard /V 2 >>"))
    bomb = b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n"
    data = zlib.compress(b"0" * (uploads.MAX_PDF_INFLATE + 1024), 9)
    assert "过于复杂" in uploads.pdf_problem(pdf(bomb % len(data) + data + b"\nendstream"))


def test_check_upload_names_the_limit_the_type_and_the_image_size():
    def check(data, **kw):
        with pytest.raises(ValidationError) as exc:
            uploads.check_upload(SimpleUploadedFile("f", data), **{"max_bytes": 1024 * 1024, **kw})
        return exc.value.message_dict["file"][0]

    assert check(b"%PDF-" + b"0" * 2 * 1024 * 1024) == "文件不能超过 1 MB"
    assert check(b"") == "文件是空文件"
    assert check(b"MZ\x90\x00", what="照片", types=uploads.IMAGE_TYPES) == "照片只接受 JPG、PNG 格式（按文件内容识别）"
    assert "超出限制" in check(png(20000, 20000))
    assert "无法识别" in check(b"\x89PNG\r\n\x1a\n" + b"\0" * 30)
    assert "不予接收" in check(pdf(JS_ACTION, catalog_extra=b"/OpenAction 4 0 R"))
    ok = uploads.check_upload(SimpleUploadedFile("j", jpeg(640, 480)), max_bytes=1024 * 1024)
    assert (ok.content_type, ok.extension, ok.width, ok.height) == ("image/jpeg", ".jpg", 640, 480)


@pytest.mark.django_db
def test_every_upload_refuses_a_javascript_pdf(world, tmp_path, settings):
    """The personnel file, the certificate self-entry, the work log evidence and the assessment evidence
    all go through the one check: the same hostile PDF is refused by each, and nothing is stored."""
    from unionsw.activity.services import evidence_store
    from unionsw.workers.models import Document
    from unionsw.workers.services import document_upload

    settings.MEDIA_ROOT = tmp_path
    hostile = pdf(JS_ACTION, catalog_extra=b"/OpenAction 4 0 R")
    with pytest.raises(ValidationError, match="不予接收"):
        document_upload(by=world.county_a_admin, worker=world.worker_a, kind="other", title="x", upload=SimpleUploadedFile("d.pdf", hostile))
    with pytest.raises(ValidationError, match="不予接收"):
        evidence_store(by=world.county_a_admin, worker=world.worker_a, upload=SimpleUploadedFile("d.pdf", hostile))
    assert not Document.objects.exists() and not any(tmp_path.rglob("*.pdf"))


@pytest.mark.django_db
def test_a_missing_stored_file_is_a_404_and_files_are_served_sandboxed(world, login, tmp_path, settings):
    from unionsw.workers.services import document_upload

    settings.MEDIA_ROOT = tmp_path
    doc = document_upload(
        by=world.county_a_admin, worker=world.worker_a, kind="other", title="学历证书", upload=SimpleUploadedFile("d.pdf", pdf())
    )
    client = login(world.county_a_admin)
    r = client.get(f"/workers/documents/{doc.pk}/")
    assert r.status_code == 200 and "sandbox" in r["Content-Security-Policy"] and r["X-Content-Type-Options"] == "nosniff"
    assert r["Cache-Control"] == "no-store"
    os.remove(doc.file.path)
    assert client.get(f"/workers/documents/{doc.pk}/").status_code == 404
