"""Settings for 工会社工管理平台, read from environment variables.

Nothing here exists only in production: the same file serves `make run`, the tests and a
deployment. With no environment at all the platform runs on an embedded SQLite database with
development keys; `DJANGO_ENV=production` makes every secret mandatory.
"""

import base64
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

PRODUCTION = os.environ.get("DJANGO_ENV", "development") == "production"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_required(name: str, dev_default: str) -> str:
    value = os.environ.get(name)
    if value:
        return value
    if PRODUCTION:
        raise ImproperlyConfigured(f"{name} must be set when DJANGO_ENV=production")
    return dev_default


DEBUG = env_bool("DEBUG", not PRODUCTION)
SECRET_KEY = env_required("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production-0123456789")
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

# AES-256-GCM key for sensitive fields (ID numbers, phones), base64 of 32 bytes.
_key = env_required("FIELD_ENCRYPTION_KEY", base64.b64encode(b"dev-only-field-key-32-bytes-long").decode())
try:
    FIELD_ENCRYPTION_KEY = base64.b64decode(_key, validate=True)
except ValueError as exc:
    raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY must be base64") from exc
if len(FIELD_ENCRYPTION_KEY) != 32:
    raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY must decode to exactly 32 bytes")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "simple_history",
    "unionsw.core",
    "unionsw.orgs",
    "unionsw.accounts",
    "unionsw.workers",
    "unionsw.employment",
    "unionsw.recruitment",
    "unionsw.assessment",
    "unionsw.careers",
    "unionsw.pay",
    "unionsw.stats",
    "unionsw.training",
    "unionsw.activity",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "unionsw.core.i18n.ChosenLanguageMiddleware",  # zh-hans unless the language switch chose English
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "unionsw.core.middleware.AuditContextMiddleware",
    "unionsw.accounts.middleware.SessionGuardMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "unionsw" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "unionsw.core.context_processors.frame",
            ],
            "builtins": ["unionsw.core.templatetags.unionsw"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "unionsw.accounts.backends.Backend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "unionsw.accounts.passwords.ComplexityValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
PASSWORD_EXPIRY_DAYS = int(os.environ.get("PASSWORD_EXPIRY_DAYS", "90"))

# Lockout: 5 failures lock the account for 15 minutes; an IP that fails 20 times is throttled too.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]  # per (account, address): see accounts/throttle.py
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "unionsw.accounts.views.lockout_response"
AXES_ENABLED = env_bool("AXES_ENABLED", True)
# Per-IP throttling is done by the login view (IP_FAILURE_LIMIT failures in 15 minutes), so that one
# office behind a shared NAT address is not locked out by a single colleague's typos.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
IP_FAILURE_LIMIT = int(os.environ.get("IP_FAILURE_LIMIT", "20"))
# Progressive delay per (account, address) from the 2nd failure: 1 s, 2 s, 4 s … at most 60 s (issue 11).
LOGIN_DELAY_SECONDS = float(os.environ.get("LOGIN_DELAY_SECONDS", "1"))

SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_SECONDS", str(30 * 60)))
SESSION_SAVE_EVERY_REQUEST = True  # idle timeout, not absolute
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if PRODUCTION else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", False) else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

OTP_TOTP_ISSUER = "工会社工管理平台"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
# the language switch's choice (Django's set_language view) is kept a year, not only for the browser session
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = PRODUCTION
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))  # never served directly
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if os.environ.get("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "Demo@2026")

# Excel jobs (core/jobs.py): above these row counts an import/export runs in the background with a progress page
EXCEL_IMPORT_INLINE_MAX_ROWS = int(os.environ.get("EXCEL_IMPORT_INLINE_MAX_ROWS", "200"))
EXCEL_EXPORT_INLINE_MAX_ROWS = int(os.environ.get("EXCEL_EXPORT_INLINE_MAX_ROWS", "2000"))
JOBS_SYNC = env_bool("JOBS_SYNC", False)

# ---- production serving, logs, sessions, job queue (issue 13; docs/deployment.md) -------------------
# Additive on purpose: middleware is inserted by name so that other changes to MIDDLEWARE merge cleanly.
MIDDLEWARE.insert(0, "unionsw.core.observability.RequestIdMiddleware")
MIDDLEWARE.insert(0, "unionsw.core.observability.RealIpMiddleware")
# addresses of the reverse proxies (nginx) whose X-Real-IP header is the client's address
TRUSTED_PROXIES = [p.strip() for p in os.environ.get("TRUSTED_PROXIES", "").split(",") if p.strip()]
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "whitenoise.middleware.WhiteNoiseMiddleware")
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware") + 1, "unionsw.core.observability.SessionRenewMiddleware"
)

# WhiteNoise serves STATIC_ROOT (`collectstatic`) with far-future caching of hashed names in production.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_MANIFEST", PRODUCTION)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_MAX_AGE = 3600
# `make run` serves with DEBUG off (users never see a debug page) and WhiteNoise finds static files in place,
# without collectstatic; production serves the collected, hashed files.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

# Sessions: saved only when they change or their idle expiry is due (SessionRenewMiddleware), not on
# every request; SESSION_COOKIE_AGE stays the idle timeout (to within SESSION_RENEW_SECONDS). With Redis,
# sessions are read from the cache and written through to the database (they survive a cache flush).
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RENEW_SECONDS = int(os.environ.get("SESSION_RENEW_SECONDS", "60"))
if os.environ.get("REDIS_URL"):
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Structured logs: one JSON object per line with the request id (LOG_FORMAT=json, the production default).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json" if PRODUCTION else "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "unionsw.core.observability.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "unionsw.core.observability.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {"unionsw": {"level": os.environ.get("APP_LOG_LEVEL", os.environ.get("LOG_LEVEL", "INFO"))}},
}

# Job queue (core/jobs.py): Celery with a Redis (or RabbitMQ) broker. No broker configured → jobs run in
# the web process (eager), so `make run` needs no extra process.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", os.environ.get("REDIS_URL", ""))
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL or env_bool("CELERY_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True  # a job whose worker dies is redelivered (jobs are idempotent, see core/jobs.py)
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "unionsw")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "7200"))}
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
import warnings  # noqa: E402

# `make run` and the tests serve static files through the finders; STATIC_ROOT exists only after collectstatic
warnings.filterwarnings("ignore", message="No directory at")

# Audit chain (issue 11): HMAC-SHA256 key kept outside the database (base64, ≥ 32 bytes; default: derived
# from FIELD_ENCRYPTION_KEY); older keys, comma-separated, verify rows written before a rotation.
AUDIT_HMAC_KEY = os.environ.get("AUDIT_HMAC_KEY", "")
AUDIT_HMAC_OLD_KEYS = [k for k in os.environ.get("AUDIT_HMAC_OLD_KEYS", "").split(",") if k]
# The chain's head is published outside the database every N appends (and by `manage.py audit_checkpoint`).
AUDIT_CHECKPOINT_FILE = os.environ.get("AUDIT_CHECKPOINT_FILE", str(BASE_DIR / "var" / "audit-checkpoints.jsonl"))
AUDIT_CHECKPOINT_EVERY = int(os.environ.get("AUDIT_CHECKPOINT_EVERY", "100"))

# Concurrency (issue 11): SQLite writers queue (BEGIN IMMEDIATE, busy timeout, WAL so readers never wait for
# writers); PostgreSQL waits at most PG_LOCK_TIMEOUT for a row lock. A wait that still runs out is answered
# 503/409 in Chinese (core/dbbusy.py), never a 500.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
    DATABASES["default"]["OPTIONS"]["timeout"] = int(os.environ.get("SQLITE_BUSY_TIMEOUT", "20"))
    DATABASES["default"]["OPTIONS"]["init_command"] = "PRAGMA journal_mode=WAL;"
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", f"-c lock_timeout={os.environ.get('PG_LOCK_TIMEOUT', '10s')}"
    )
MIDDLEWARE += ["unionsw.core.dbbusy.DatabaseBusyMiddleware"]
# Request limits, the page views' last line for bad input, security headers (core/security.py).
MAX_REQUEST_BYTES = int(os.environ.get("MAX_REQUEST_BYTES", str(30 * 1024 * 1024)))  # a multipart upload request
MIDDLEWARE.insert(1, "unionsw.core.security.RequestLimitsMiddleware")
MIDDLEWARE.insert(1, "unionsw.core.security.SecurityHeadersMiddleware")  # outermost but one: every answer gets them
MIDDLEWARE += ["unionsw.core.security.InvalidInputMiddleware"]

# Outgoing mail (the daily to-do digest, issue 10): SMTP from the environment (default: a server on localhost:25).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "工会社工管理平台 <noreply@localhost>")
