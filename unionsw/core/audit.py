"""The one audit function.

`audit()` appends a hash-chained AuditEvent. Services call it inside their own transaction so the
record of a write and the write itself commit or roll back together. The request's IP is carried
in a context variable set by AuditContextMiddleware (the one piece of request context services
need without taking the request as an argument).
"""

from __future__ import annotations

import contextvars
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from .models import AuditChainHead, AuditEvent

current_ip: contextvars.ContextVar[str] = contextvars.ContextVar("current_ip", default="")


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
        event.hash = event.compute_hash()
        event.save(force_insert=True)
        AuditChainHead.objects.filter(pk=1).update(last_hash=event.hash, count=models.F("count") + 1)
    return event


def verify_chain() -> tuple[bool, int, str]:
    """Recompute every hash in order. Returns (ok, rows checked, message)."""
    prev = "0" * 64
    checked = 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.prev_hash != prev:
            return False, checked, f"第 {event.id} 条记录的前序哈希不连续（记录被删除或插入）"
        if event.compute_hash() != event.hash:
            return False, checked, f"第 {event.id} 条记录的内容与哈希不符（记录被篡改）"
        prev = event.hash
        checked += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head and head.last_hash != prev:
        return False, checked, "链尾哈希与最后一条记录不符（末尾记录被删除）"
    return True, checked, f"审计链完整，共 {checked} 条"
