"""The one audit function.

`audit()` appends a hash-chained AuditEvent. Services call it inside their own transaction so the
record of a write and the write itself commit or roll back together. The request's IP is carried
in a context variable set by AuditContextMiddleware (the one piece of request context services
need without taking the request as an argument).

The chain is keyed (issue 11, finding 5): each row's hash is an HMAC-SHA256 under a key that lives
outside the database (settings.AUDIT_HMAC_KEY, else derived from FIELD_ENCRYPTION_KEY), so someone
with database access alone can neither rewrite a row and re-hash the rest nor forge a new tail.
Truncation (deleting the newest rows and resetting the head) leaves a consistent database behind, so
the head is also published outside it: every AUDIT_CHECKPOINT_EVERY appends (and on
`manage.py audit_checkpoint`, for cron) a signed checkpoint line — count, id and hash of the newest
row — is appended to AUDIT_CHECKPOINT_FILE and logged. `verify_trail()` reports each kind of
tampering distinctly. Rotation: docs/decisions.md.
"""

from __future__ import annotations

import base64
import contextvars
import hashlib
import hmac
import json
import logging
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from .models import AuditChainHead, AuditEvent

current_ip: contextvars.ContextVar[str] = contextvars.ContextVar("current_ip", default="")
checkpoint_log = logging.getLogger("unionsw.audit.checkpoint")
GENESIS = "0" * 64


# ---------------------------------------------------------------------------------------------
# keys


@lru_cache(maxsize=8)
def _decode_key(text: str) -> bytes:
    key = base64.b64decode(text, validate=True)
    if len(key) < 32:
        raise ValueError("AUDIT_HMAC_KEY must decode to at least 32 bytes")
    return key


def audit_keys() -> list[tuple[str, bytes]]:
    """[(key id, key)], the current key first, then older ones (newest first) that still verify the
    rows written before a rotation. The id is the first 8 hex digits of the key's SHA-256."""
    from .crypto import _derive

    current = getattr(settings, "AUDIT_HMAC_KEY", "")
    keys = [_decode_key(current) if current else _derive(settings.FIELD_ENCRYPTION_KEY, b"unionsw-audit-chain")]
    keys += [_decode_key(k.strip()) for k in getattr(settings, "AUDIT_HMAC_OLD_KEYS", []) if k.strip()]
    return [(hashlib.sha256(k).hexdigest()[:8], k) for k in keys]


def _mac(key: bytes, payload: str) -> str:
    return hmac.new(key, payload.encode(), hashlib.sha256).hexdigest()


def audit(
    *,
    by,
    action: str,
    target: models.Model | None = None,
    result: str = AuditEvent.Result.OK,
    detail: dict[str, Any] | None = None,
    actor_name: str | None = None,
    ip: str | None = None,
) -> AuditEvent:
    user = by if getattr(by, "is_authenticated", False) else None
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        org = getattr(user, "org", None) if user else None
        event = AuditEvent(
            at=timezone.now(),
            actor=user,
            actor_name=actor_name if actor_name is not None else (user.get_username() if user else ""),
            org_name=org.name if org else "",
            ip=ip if ip is not None else current_ip.get(),
            action=action,
            target_type=target._meta.label if target is not None else "",
            target_id=str(target.pk) if target is not None else "",
            target_repr=str(target)[:200] if target is not None else "",
            result=result,
            detail=detail or {},
            prev_hash=head.last_hash,
        )
        event.hash = _mac(audit_keys()[0][1], event.payload())
        event.save(force_insert=True)
        AuditChainHead.objects.filter(pk=1).update(last_hash=event.hash, count=models.F("count") + 1)
        every = int(getattr(settings, "AUDIT_CHECKPOINT_EVERY", 100))
        if every > 0 and (head.count + 1) % every == 0:
            transaction.on_commit(publish_checkpoint)
    return event


# ---------------------------------------------------------------------------------------------
# checkpoints: the head, published outside the database


def _checkpoint_file() -> Path | None:
    path = getattr(settings, "AUDIT_CHECKPOINT_FILE", "")
    return Path(path) if path else None


def _signed(entry: dict) -> dict:
    body = json.dumps(entry, sort_keys=True, ensure_ascii=False)
    key_id, key = audit_keys()[0]
    return entry | {"key": key_id, "sig": _mac(key, "checkpoint:" + body)}


def _signature_ok(entry: dict) -> bool:
    body = {k: v for k, v in entry.items() if k not in ("key", "sig")}
    text = "checkpoint:" + json.dumps(body, sort_keys=True, ensure_ascii=False)
    return any(key_id == entry.get("key") and hmac.compare_digest(_mac(key, text), entry.get("sig", "")) for key_id, key in audit_keys())


def _append(entry: dict) -> dict:
    line = _signed(entry)
    checkpoint_log.info("audit checkpoint %s", json.dumps(line, ensure_ascii=False))
    path = _checkpoint_file()
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    return line


def publish_checkpoint() -> dict:
    """Append a signed checkpoint of the chain's head (count, newest id and hash) outside the database."""
    with transaction.atomic():  # the head row locked: no append between reading the count and the newest row
        head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
        last = AuditEvent.objects.order_by("-id").values("id", "hash").first() or {"id": 0, "hash": GENESIS}
    return _append(
        {"kind": "checkpoint", "at": timezone.now().isoformat(), "count": head.count if head else 0, "id": last["id"], "hash": last["hash"]}
    )


def reset_checkpoints(reason: str) -> dict:
    """A signed marker after which earlier checkpoints no longer apply (a restore replaces the trail)."""
    return _append({"kind": "reset", "at": timezone.now().isoformat(), "reason": reason})


def read_checkpoints() -> tuple[list[dict], list[int]]:
    """(the checkpoints in force — after the last valid reset —, line numbers with a bad signature)."""
    path = _checkpoint_file()
    if path is None or not path.exists():
        return [], []
    entries: list[dict] = []
    bad: list[int] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except ValueError:
            bad.append(number)
            continue
        if not isinstance(entry, dict) or not _signature_ok(entry):
            bad.append(number)
        elif entry.get("kind") == "reset":
            entries = []
        else:
            entries.append(entry)
    return entries, bad


# ---------------------------------------------------------------------------------------------
# verification


@dataclass
class Problem:
    kind: str  # edited / broken_link / head_mismatch / count_mismatch / truncated / rewritten / bad_checkpoint / legacy
    message: str


@dataclass
class TrailReport:
    checked: int = 0
    problems: list[Problem] = field(default_factory=list)
    legacy: int = 0  # rows written before the chain was keyed (plain SHA-256), accepted only as a prefix
    checkpoints: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def message(self) -> str:
        if self.problems:
            return "；".join(p.message for p in self.problems)
        text = f"审计链完整，共 {self.checked} 条"
        if self.checkpoints:
            text += f"，与 {self.checkpoints} 个库外检查点一致"
        if self.legacy:
            text += f"（其中最早 {self.legacy} 条写于启用密钥之前，仅按无密钥哈希校验）"
        return text


def verify_trail(*, checkpoints: bool = True) -> TrailReport:
    """Recompute the chain, compare it with the head (hash and count) and with the checkpoints
    published outside the database. Each kind of tampering is its own Problem."""
    report = TrailReport()
    keys = audit_keys()
    checkpoints, bad_lines = read_checkpoints() if checkpoints else ([], [])
    for number in bad_lines:
        report.problems.append(Problem("bad_checkpoint", f"检查点文件第 {number} 行签名无效（检查点被篡改或伪造）"))
    expected = {cp["count"]: cp for cp in checkpoints if isinstance(cp.get("count"), int)}
    report.checkpoints = len(expected)
    prev = GENESIS
    newest_key = len(keys)  # index of the newest key seen so far; older keys may not follow it
    keyed_seen = False
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        position = report.checked + 1
        if event.prev_hash != prev:
            report.problems.append(Problem("broken_link", f"第 {event.id} 条记录的前序哈希不连续（其前的记录被删除或插入）"))
            break
        payload = event.payload()
        index = next((i for i, (_, k) in enumerate(keys) if hmac.compare_digest(_mac(k, payload), event.hash)), None)
        if index is not None and index <= newest_key:
            newest_key, keyed_seen = index, True
        elif index is None and not keyed_seen and hashlib.sha256(payload.encode()).hexdigest() == event.hash:
            report.legacy += 1
        else:
            report.problems.append(Problem("edited", f"第 {event.id} 条记录的内容与哈希不符（记录被篡改，或哈希不是用本系统的密钥计算的）"))
            break
        cp = expected.get(position)
        if cp is not None and (cp.get("id") != event.id or cp.get("hash") != event.hash):
            report.problems.append(
                Problem("rewritten", f"第 {position} 条（ID {event.id}）与 {cp.get('at', '')[:19]} 的库外检查点不符（此前的记录被改写）")
            )
            break
        prev = event.hash
        report.checked = position
    if report.problems:
        return report
    head = AuditChainHead.objects.filter(pk=1).first()
    head_hash, head_count = (head.last_hash, head.count) if head else (GENESIS, 0)
    if head_hash != prev:
        report.problems.append(Problem("head_mismatch", "链头哈希与最后一条记录不符（末尾记录被删除）"))
    if head_count != report.checked:
        report.problems.append(Problem("count_mismatch", f"链头记录的条数为 {head_count}，实际为 {report.checked} 条（记录被删除或插入）"))
    if checkpoints:
        newest = max(checkpoints, key=lambda cp: cp.get("count", 0))
        if newest.get("count", 0) > report.checked:
            report.problems.append(
                Problem(
                    "truncated",
                    f"库外检查点（{newest.get('at', '')[:19]}）记录了 {newest['count']} 条，数据库中只有 {report.checked} 条（末尾记录被截断）",
                )
            )
    return report


def verify_chain(*, checkpoints: bool = True) -> tuple[bool, int, str]:
    """Recompute every hash in order. Returns (ok, rows checked, message); see verify_trail."""
    report = verify_trail(checkpoints=checkpoints)
    return report.ok, report.checked, report.message()
