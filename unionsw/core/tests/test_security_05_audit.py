"""Issue 11, finding 5 — with database access the unkeyed chain could be forged: delete the newest rows
and reset the head, or rewrite a row and re-hash the rest, and it still verified as 完整; the head's
count was never compared. Now the chain is an HMAC under a key outside the database, the count is
compared, the head is published outside the database, and each kind of tampering is named."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from unionsw.core.audit import audit, publish_checkpoint, verify_trail
from unionsw.core.models import AuditChainHead, AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail(world, settings, tmp_path):
    settings.AUDIT_CHECKPOINT_FILE = str(tmp_path / "checkpoints.jsonl")
    for i in range(5):
        audit(by=world.province_admin, action=f"test.{i}")
    publish_checkpoint()
    assert verify_trail().ok
    return tmp_path / "checkpoints.jsonl"


def sql(statement, params=()):
    with connection.cursor() as cur:
        cur.execute(statement, params)


def kinds():
    return [p.kind for p in verify_trail().problems]


def rehash_from(event_id: int, hash_fn) -> None:
    """What an attacker with database access but no key does: recompute every hash from a row on."""
    prev = AuditEvent.objects.filter(id__lt=event_id).order_by("-id").values_list("hash", flat=True).first() or "0" * 64
    for event in AuditEvent.objects.filter(id__gte=event_id).order_by("id"):
        event.prev_hash = prev
        new = hash_fn(event.payload())
        sql("UPDATE core_auditevent SET prev_hash = %s, hash = %s WHERE id = %s", [prev, new, event.id])
        prev = new
    sql("UPDATE core_auditchainhead SET last_hash = %s WHERE id = 1", [prev])


def test_a_rewritten_row_rehashed_without_the_key_is_detected(trail):
    victim = AuditEvent.objects.get(action="test.2")
    sql("UPDATE core_auditevent SET action = %s WHERE id = %s", ["test.forged", victim.id])
    rehash_from(victim.id, lambda p: hashlib.sha256(p.encode()).hexdigest())
    assert kinds() == ["edited"]


def test_deleting_the_newest_rows_and_resetting_the_head_is_caught_by_the_checkpoint(trail):
    keep = AuditEvent.objects.order_by("id").values_list("id", "hash")[2]
    sql("DELETE FROM core_auditevent WHERE id > %s", [keep[0]])
    sql("UPDATE core_auditchainhead SET last_hash = %s, count = %s WHERE id = 1", [keep[1], AuditEvent.objects.count()])
    assert kinds() == ["truncated"]
    with pytest.raises(CommandError, match="截断"):
        call_command("verify_audit")


def test_the_heads_count_is_compared(trail):
    sql("UPDATE core_auditchainhead SET count = count + 3 WHERE id = 1")
    assert kinds() == ["count_mismatch"]


def test_a_deleted_row_in_the_middle_is_a_broken_link(trail):
    sql("DELETE FROM core_auditevent WHERE id = %s", [AuditEvent.objects.get(action="test.1").id])
    assert kinds() == ["broken_link"]


def test_deleting_the_last_row_without_touching_the_head(trail):
    sql("DELETE FROM core_auditevent WHERE id = (SELECT MAX(id) FROM core_auditevent)")
    assert set(kinds()) == {"head_mismatch", "count_mismatch", "truncated"}


def test_a_forged_checkpoint_line_is_reported(trail):
    entry = json.loads(trail.read_text().splitlines()[-1])
    entry["count"] = 2
    with trail.open("a") as out:
        out.write(json.dumps(entry) + "\n")
    assert kinds() == ["bad_checkpoint"]


def test_rows_after_a_rotation_verify_with_the_old_key_kept(trail, settings):
    import base64
    import os

    from unionsw.core.audit import audit_keys

    old_key = base64.b64encode(audit_keys()[0][1]).decode()
    settings.AUDIT_HMAC_KEY = base64.b64encode(os.urandom(32)).decode()
    settings.AUDIT_HMAC_OLD_KEYS = [old_key]
    audit(by=None, action="test.after_rotation")
    assert verify_trail().ok
    settings.AUDIT_HMAC_OLD_KEYS = []  # the old key lost: neither its rows nor its checkpoints verify
    assert kinds() == ["bad_checkpoint", "edited"]


def test_checkpoints_are_published_every_n_appends(world, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.AUDIT_CHECKPOINT_FILE = str(tmp_path / "cp.jsonl")
    settings.AUDIT_CHECKPOINT_EVERY = 3
    start = AuditChainHead.objects.get_or_create(pk=1)[0].count
    for i in range(7):
        with django_capture_on_commit_callbacks(execute=True):
            audit(by=None, action=f"test.n{i}")
    lines = (tmp_path / "cp.jsonl").read_text().splitlines() if (tmp_path / "cp.jsonl").exists() else []
    assert len(lines) == (start + 7) // 3 - start // 3
