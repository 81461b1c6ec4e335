"""Production plumbing (issue 13): a request id on every request and log line, JSON logs, the health check,
and sessions that are saved only when their idle expiry needs renewing.

- `RequestIdMiddleware` takes the proxy's `X-Request-ID` (nginx `$request_id`, see deploy/nginx.conf) or
  makes one, keeps it in a context variable for the request, and returns it in the `X-Request-ID` header
  (gunicorn's access log prints that header, so access and application lines share the id).
- `JsonFormatter` writes one JSON object per line: time, level, logger, message, request_id (+ exception).
- `health()` checks the database, the cache and the job queue's broker; `/healthz` returns 503 if one fails.
- `SessionRenewMiddleware`: with SESSION_SAVE_EVERY_REQUEST off, a session is written only when it changed
  or when its idle expiry was last pushed forward more than SESSION_RENEW_SECONDS ago (default 60 s). The
  idle timeout (SESSION_COOKIE_AGE) is kept to within that minute; a GET no longer writes the session row.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

from django.conf import settings

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
_VALID_ID = re.compile(r"^[A-Za-z0-9._\-]{1,64}$")


class RequestIdMiddleware:
    header = "HTTP_X_REQUEST_ID"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get(self.header, "")
        rid = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = rid
        token = request_id_var.set(rid)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = rid
        return response


class RealIpMiddleware:
    """Behind nginx every request comes from the proxy's address, which would make the per-IP login
    throttle one bucket for the whole country. When REMOTE_ADDR is one of TRUSTED_PROXIES, take the client
    address from `X-Real-IP`, which nginx sets (overwriting anything the client sent). Off when
    TRUSTED_PROXIES is empty (the default, and `make run`)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.trusted = set(getattr(settings, "TRUSTED_PROXIES", ()))

    def __call__(self, request):
        if self.trusted and request.META.get("REMOTE_ADDR") in self.trusted:
            real = request.META.get("HTTP_X_REAL_IP", "").strip()
            if real and len(real) <= 45 and all(c in "0123456789abcdefABCDEF.:" for c in real):
                request.META["REMOTE_ADDR"] = real
        return self.get_response(request)


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line. Extra attributes given with `extra={...}` are included."""

    RESERVED = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id"}

    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "") or request_id_var.get(),
        }
        for key, value in vars(record).items():
            if key not in self.RESERVED and not key.startswith("_"):
                data[key] = value if isinstance(value, str | int | float | bool | type(None)) else str(value)
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False)


# ---- health ------------------------------------------------------------------------------------------


def _check_database() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_cache() -> None:
    from django.core.cache import cache

    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "1", 10)
    if cache.get(key) != "1":
        raise RuntimeError("cache read-back failed")
    cache.delete(key)


def _check_queue() -> str:
    """'inline' when no broker is configured (jobs run in the web process), else a broker round trip."""
    from unionsw.core.jobs import queue_mode

    mode = queue_mode()
    if mode == "inline":
        return "inline"
    from config.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return "ok"


def health() -> tuple[bool, dict]:
    checks: dict[str, dict] = {}
    ok = True
    for name, check in (("database", _check_database), ("cache", _check_cache), ("queue", _check_queue)):
        start = time.perf_counter()
        try:
            status = check() or "ok"
        except Exception as exc:  # any failure of a dependency is a 503 with its reason, never a 500
            ok = False
            checks[name] = {"status": "error", "error": f"{type(exc).__name__}: {exc}"[:300]}
            logging.getLogger("unionsw.health").error("health check %s failed: %s", name, exc)
        else:
            checks[name] = {"status": status, "ms": round((time.perf_counter() - start) * 1000, 1)}
    return ok, checks


# ---- sessions ----------------------------------------------------------------------------------------

RENEWED_KEY = "_renewed"


class SessionRenewMiddleware:
    """Placed right after SessionMiddleware: marks an authenticated session modified only when its idle
    expiry is due for renewal, so SessionMiddleware saves it (and pushes expire_date forward) at most once
    per SESSION_RENEW_SECONDS instead of on every request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.modified or not session.session_key:
            if session is not None and session.modified and session.session_key is not None:
                session[RENEWED_KEY] = int(time.time())
            return response
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return response
        interval = int(getattr(settings, "SESSION_RENEW_SECONDS", 60))
        if int(time.time()) - int(session.get(RENEWED_KEY, 0)) >= interval:
            session[RENEWED_KEY] = int(time.time())  # sets modified → saved with a fresh expiry
        return response
