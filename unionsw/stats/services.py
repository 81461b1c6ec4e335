"""Writes of the statistics app: dismissing or snoozing a to-do row, 报送备案 and batch 备案."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from unionsw.core.audit import audit
from unionsw.core.errors import NotAllowed, OutOfScope, StaleVersion
from unionsw.core.scope import org_in_scope
from unionsw.workers import services as worker_services
from unionsw.workers.models import FilingStatus, Worker

from . import selectors
from .models import FilingSubmission, SubmissionStatus, TodoDismissal


def _require(by, code):
    if not by.can(code):
        raise NotAllowed()


@transaction.atomic
def todo_dismiss(*, by, key: str, reason: str, until: date | None = None) -> TodoDismissal:
    """Hide a to-do row for this user: for good (until None) or until a day (暂缓). A reason is required."""
    _require(by, "todo.view")
    key = (key or "").strip()[:120]
    reason = (reason or "").strip()
    errors = {}
    if not key:
        errors["key"] = [gettext("缺少待办标识")]
    if not reason:
        errors["reason"] = [gettext("请填写忽略或暂缓的原因")]
    if until is not None and until <= timezone.localdate():
        errors["until"] = [gettext("暂缓日期须晚于今天")]
    if errors:
        raise ValidationError(errors)
    row, _ = TodoDismissal.objects.update_or_create(user=by, key=key, defaults={"reason": reason[:300], "until": until})
    audit(
        by=by,
        action="todo.snooze" if until else "todo.dismiss",
        target=row,
        detail={"key": key, "reason": reason[:300], "until": until.isoformat() if until else None},
    )
    return row


@transaction.atomic
def todo_restore(*, by, key: str) -> None:
    _require(by, "todo.view")
    deleted, _ = TodoDismissal.objects.filter(user=by, key=key).delete()
    if deleted:
        audit(by=by, action="todo.restore", detail={"key": key})


@transaction.atomic
def filing_submit(*, by, org, worker_ids: list[int], note: str = "") -> FilingSubmission:
    """报送备案: the county sends unfiled active workers of its scope to the province."""
    _require(by, "filing.submit")
    if not org_in_scope(by, org):
        raise OutOfScope()
    ids = sorted({int(i) for i in worker_ids})
    if not ids:
        raise ValidationError({"workers": [gettext("请选择要报送备案的社工")]})
    # lock the workers: two clerks submitting the same worker at once — one wins, the other gets a 409
    workers = list(
        selectors.workers_to_submit(by).filter(pk__in=ids, org__path__startswith=org.path).select_for_update(of=("self",))
    )
    if len(workers) != len(ids):
        raise ValidationError(
            {
                "workers": [
                    gettext("所选社工中有 %(n)s 名已备案、已报送或不在您的管理范围内，请刷新页面后重新选择")
                    % {"n": len(ids) - len(workers)}
                ]
            }
        )
    submission = FilingSubmission.objects.create(org=org, note=(note or "").strip()[:300], submitted_by=by)
    submission.workers.set(workers)
    audit(by=by, action="filing.submit", target=submission, detail={"workers": ids, "note": submission.note})
    return submission


def _locked(by, submission: FilingSubmission) -> FilingSubmission:
    locked = selectors.submissions_visible_to(by).select_for_update().filter(pk=submission.pk).first()
    if locked is None:
        raise OutOfScope()
    if locked.status != SubmissionStatus.SUBMITTED:
        raise StaleVersion()
    return locked


@transaction.atomic
def filing_batch(*, by, submissions: list[FilingSubmission], number: str, note: str = "", filed_on: date | None = None) -> int:
    """批量备案: the province files every worker of the chosen submissions under one 备案号."""
    _require(by, "worker.file")
    number = (number or "").strip()
    if not number:
        raise ValidationError({"number": [gettext("请填写备案号")]})
    if len(number) > 50:
        raise ValidationError({"number": [gettext("备案号不能超过50个字")]})
    if not submissions:
        raise ValidationError({"submissions": [gettext("请选择要备案的报送")]})
    filed_on = filed_on or timezone.localdate()
    n = 0
    for submission in submissions:
        locked = _locked(by, submission)
        for worker in Worker.objects.filter(filing_submissions=locked).select_for_update().order_by("pk"):
            if worker.filing_status != FilingStatus.FILED:
                worker_services.worker_file(by=by, worker=worker, filed_on=filed_on)
                n += 1
        locked.status = SubmissionStatus.FILED
        locked.filing_number = number
        locked.filing_note = (note or "").strip()[:300]
        locked.decided_by = by
        locked.decided_at = timezone.now()
        locked.version += 1
        locked.save(update_fields=["status", "filing_number", "filing_note", "decided_by", "decided_at", "version"])
        audit(by=by, action="filing.file", target=locked, detail={"number": number, "note": locked.filing_note})
    return n


@transaction.atomic
def filing_return(*, by, submission: FilingSubmission, reason: str) -> FilingSubmission:
    _require(by, "worker.file")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [gettext("请填写退回原因")]})
    locked = _locked(by, submission)
    locked.status = SubmissionStatus.RETURNED
    locked.filing_note = reason[:300]
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.version += 1
    locked.save(update_fields=["status", "filing_note", "decided_by", "decided_at", "version"])
    audit(by=by, action="filing.return", target=locked, detail={"reason": locked.filing_note})
    return locked


@transaction.atomic
def todo_digest_set(*, by, enabled: bool, email: str = ""):
    """Choose (or stop) the daily email of one's own to-do list."""
    from django.core.validators import validate_email

    from .models import TodoDigest

    _require(by, "todo.view")
    email = (email or "").strip()
    if enabled:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError({"email": [gettext("请填写有效的邮箱地址")]}) from None
    row = TodoDigest.objects.filter(user=by).first()
    if row is None and not enabled:
        return None
    if row is None:
        row = TodoDigest(user=by)
    row.enabled = enabled
    if email:
        row.email = email
    row.save()
    audit(by=by, action="todo.digest", target=row, detail={"enabled": enabled, "email": row.email})
    return row
