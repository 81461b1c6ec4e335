"""A lost race for a lock is answered, not crashed (issue 11, finding 6).

SQLite runs every transaction as BEGIN IMMEDIATE with a busy timeout (settings), so writers queue
instead of failing on the upgrade from a read lock; PostgreSQL gets a lock_timeout. When the wait
still runs out, or two transactions deadlock / fail to serialise, `classify()` turns the database
error into an HTTP status and a Chinese message: 503 (busy — try again; Retry-After) or 409 (a
conflicting concurrent change — reload and redo). `DatabaseBusyMiddleware` does it for pages,
config/api.py for the API, with the same function.
"""

from __future__ import annotations

import logging

from django.db import DatabaseError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext, gettext_noop

logger = logging.getLogger(__name__)

# msgids: classify() returns them as they are, the middleware answers them translated
BUSY = gettext_noop("系统繁忙：数据正被其他操作占用，本次操作未保存。请稍后重试")
CONFLICT = gettext_noop("数据正被其他人同时修改，本次操作未保存。请刷新页面后重试")
RETRY_AFTER = "3"

# PostgreSQL SQLSTATEs: lock_not_available, query_canceled (lock_timeout/statement_timeout),
# deadlock_detected, serialization_failure
_PG_BUSY = {"55P03", "57014"}
_PG_CONFLICT = {"40P01", "40001"}


def classify(exc: BaseException) -> tuple[int, str] | None:
    """(status, Chinese message) for a lock timeout / deadlock on any backend, else None."""
    if not isinstance(exc, DatabaseError):
        return None
    cause = exc.__cause__ or exc
    sqlstate = getattr(cause, "sqlstate", None) or getattr(getattr(cause, "diag", None), "sqlstate", None)
    if sqlstate in _PG_CONFLICT:
        return 409, CONFLICT
    if sqlstate in _PG_BUSY:
        return 503, BUSY
    text = str(exc).lower()
    if isinstance(exc, OperationalError) and ("database is locked" in text or "database table is locked" in text or "busy" in text):
        return 503, BUSY
    return None


class DatabaseBusyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        answer = classify(exception)
        if answer is None:
            return None
        status, message = answer
        message = gettext(message)
        logger.warning("%s %s: %s → %s", request.method, request.path, exception, status)
        if request.headers.get("HX-Request") or "application/json" in request.headers.get("Accept", ""):
            response = HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
        else:
            # no request context: the context processors would query the busy database again
            response = HttpResponse(render_to_string("core/short_answer.html", {"title": gettext("系统繁忙") if status == 503 else gettext("修改冲突"), "message": message}), status=status)
        if status == 503:
            response["Retry-After"] = RETRY_AFTER
        return response
