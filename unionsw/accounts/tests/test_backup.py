"""`manage.py backup` and `manage.py restore` (SPEC §14: backup and restore are commands that are tested)."""

import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from unionsw.accounts.models import User
from unionsw.core.audit import verify_chain
from unionsw.core.models import AuditEvent
from unionsw.orgs.models import Org
from unionsw.workers.models import Document, Worker
from unionsw.workers.services import document_upload

# transaction=True: the tests flush the database, which PostgreSQL refuses inside an open transaction
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _snapshot():
    return {
        "orgs": list(Org.objects.order_by("id").values_list("id", "name", "path", "parent_id")),
        "workers": list(
            Worker.objects.order_by("id").values_list("id", "name", "id_number_enc", "id_number_index", "org_id", "user_id")
        ),
        "users": list(User.objects.order_by("id").values_list("id", "username", "password", "org_id", "session_epoch")),
        "roles": sorted(User.objects.filter(roles__isnull=False).values_list("username", "roles__code")),
        "audit": list(AuditEvent.objects.order_by("id").values_list("id", "hash")),
        "history": Worker.history.count(),
    }


def _flush():
    call_command("flush", interactive=False, verbosity=0)
    assert not Org.objects.exists() and not AuditEvent.objects.exists()


def test_a_backup_restores_into_an_empty_database_with_an_intact_audit_chain(world, media, tmp_path):
    document_upload(
        by=world.county_a_admin,
        worker=world.worker_a,
        kind="other",
        title="学历证书",
        upload=SimpleUploadedFile("diploma.pdf", b"%PDF-1.4 diploma", content_type="application/pdf"),
    )
    stored = Document.objects.get().file.name
    call_command("backup", str(tmp_path / "b.zip"), verbosity=0)
    before = _snapshot()
    assert AuditEvent.objects.filter(action="system.backup").exists()

    _flush()
    (media / stored).unlink()
    call_command("restore", str(tmp_path / "b.zip"), verbosity=0)

    assert _snapshot()["orgs"] == before["orgs"]
    after = _snapshot()
    assert after["workers"] == before["workers"] and after["users"] == before["users"] and after["roles"] == before["roles"]
    assert after["history"] == before["history"]
    assert after["audit"][: len(before["audit"])] == before["audit"]
    assert AuditEvent.objects.order_by("-id").first().action == "system.restore"
    ok, checked, _ = verify_chain()
    assert ok and checked == len(before["audit"]) + 1
    assert (media / stored).read_bytes() == b"%PDF-1.4 diploma"
    assert Worker.objects.get(pk=world.worker_a.pk).id_number == world.worker_a.id_number, "encrypted fields still decrypt"
    assert User.objects.get(username="county_a_admin").check_password("Passw0rd!x")


def test_new_rows_after_a_restore_get_fresh_ids(world, media, tmp_path):
    call_command("backup", str(tmp_path / "b.zip"), verbosity=0)
    top = Org.objects.order_by("-id").first().pk
    _flush()
    call_command("restore", str(tmp_path / "b.zip"), verbosity=0)
    from conftest import make_user

    make_user("after_restore", Org.objects.get(pk=top), [])
    assert verify_chain()[0]


def test_restore_refuses_a_database_that_is_not_empty(world, media, tmp_path):
    call_command("backup", str(tmp_path / "b.zip"), verbosity=0)
    count = Worker.objects.count()
    with pytest.raises(CommandError, match="不是空的"):
        call_command("restore", str(tmp_path / "b.zip"), verbosity=0)
    assert Worker.objects.count() == count


def _load_rows(data: bytes) -> list[dict]:
    return [json.loads(line) for line in data.decode().splitlines() if line.strip()]


def _dump_rows(rows) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()


def _rewrite(src, dst, change):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            zout.writestr(info.filename, change(info.filename, data))


def test_a_backup_with_a_forged_audit_row_restores_nothing(world, media, tmp_path):
    call_command("backup", str(tmp_path / "b.zip"), verbosity=0)

    def forge(name, data):
        if name != "data.jsonl":
            return data
        rows = _load_rows(data)
        event = next(r for r in rows if r["model"] == "core.auditevent" and r["fields"]["action"] == "worker.create")
        event["fields"]["action"] = "worker.view"
        return _dump_rows(rows)

    _rewrite(tmp_path / "b.zip", tmp_path / "forged.zip", forge)
    _flush()
    with pytest.raises(CommandError, match="审计链校验失败"):
        call_command("restore", str(tmp_path / "forged.zip"), verbosity=0)
    assert not Org.objects.exists() and not Worker.objects.exists() and not AuditEvent.objects.exists()


def test_a_backup_missing_rows_restores_nothing(world, media, tmp_path):
    call_command("backup", str(tmp_path / "b.zip"), verbosity=0)

    def drop_a_worker(name, data):
        if name != "data.jsonl":
            return data
        rows = _load_rows(data)
        first = next(i for i, r in enumerate(rows) if r["model"] == "workers.worker")
        return _dump_rows(rows[:first] + rows[first + 1 :])

    _rewrite(tmp_path / "b.zip", tmp_path / "short.zip", drop_a_worker)
    _flush()
    with pytest.raises(CommandError, match="记录数与备份不符"):
        call_command("restore", str(tmp_path / "short.zip"), verbosity=0)
    assert not Org.objects.exists()


def test_a_backup_with_a_path_escaping_media_is_refused(world, media, tmp_path):
    call_command("backup", str(tmp_path / "b.zip"), verbosity=0)
    with zipfile.ZipFile(tmp_path / "b.zip", "a") as zf:
        zf.writestr("media/../../evil.txt", b"x")
    _flush()
    with pytest.raises(CommandError, match="不安全的路径"):
        call_command("restore", str(tmp_path / "b.zip"), verbosity=0)
    assert not (tmp_path / "evil.txt").exists() and not Org.objects.exists()


def test_restore_refuses_a_file_that_is_not_a_backup(db, tmp_path):
    (tmp_path / "x.zip").write_bytes(b"not a zip")
    with pytest.raises(CommandError, match="无法读取"):
        call_command("restore", str(tmp_path / "x.zip"), verbosity=0)
    with zipfile.ZipFile(tmp_path / "y.zip", "w") as zf:
        zf.writestr("data.jsonl", "")
    with pytest.raises(CommandError, match="不是本系统的备份文件"):
        call_command("restore", str(tmp_path / "y.zip"), verbosity=0)


def test_backup_does_not_overwrite_without_force(world, media, tmp_path):
    (tmp_path / "b.zip").write_bytes(b"keep")
    with pytest.raises(CommandError, match="已存在"):
        call_command("backup", str(tmp_path / "b.zip"), verbosity=0)
    assert (tmp_path / "b.zip").read_bytes() == b"keep"
    call_command("backup", str(tmp_path / "b.zip"), "--force", verbosity=0)
    assert zipfile.is_zipfile(tmp_path / "b.zip")


def test_sessions_tokens_and_lockouts_are_not_in_the_backup(world, media, tmp_path):
    from unionsw.accounts.api import issue_token

    issue_token(world.county_a_admin)
    call_command("backup", str(tmp_path / "b.zip"), verbosity=0)
    with zipfile.ZipFile(tmp_path / "b.zip") as zf:
        models = {r["model"] for r in _load_rows(zf.read("data.jsonl"))}
        manifest = json.loads(zf.read("manifest.json"))
    assert "accounts.apitoken" not in models and "sessions.session" not in models
    assert {"orgs.org", "workers.worker", "core.auditevent", "accounts.user", "accounts.role"} <= models
    assert manifest["counts"]["workers.Worker"] == 2
