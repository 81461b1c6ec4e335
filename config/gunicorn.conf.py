"""gunicorn settings for `make serve` (docs/deployment.md). Every value can be overridden from the
environment, so the same file serves a laptop and an app server behind nginx.

    gunicorn -c config/gunicorn.conf.py config.wsgi
"""

import multiprocessing
import os

bind = os.environ.get("BIND", f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}")

# Workers from the cores: (2 × cores) + 1 sync workers is gunicorn's rule for I/O-bound Django (each worker
# holds one database connection; size PostgreSQL's max_connections for app servers × workers + Celery).
# Without REDIS_URL every process keeps its own cache — the effective policies, the org tree, the list counts
# and the login lockouts — and another process would not see a change until its copy expired. So without a
# shared cache the default is one process with threads (the caches are then exact); with Redis, processes.
SHARED_CACHE = bool(os.environ.get("REDIS_URL"))
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1 if SHARED_CACHE else 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1" if SHARED_CACHE else "4"))
worker_class = "sync" if threads == 1 else "gthread"

# A request that takes longer than this is killed and logged (long work belongs in the job queue).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))  # SIGTERM: finish requests in flight
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))  # behind nginx's keepalive upstream pool

# Recycle workers now and then so a slow leak never grows unbounded (jitter: not all at once).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "200"))

worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # heartbeat files off the disk
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")  # the nginx hosts
proxy_allow_ips = forwarded_allow_ips

# Access log on stdout, one JSON object per request, with the request id that the app logs too.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = (
    '{"time":"%(t)s","remote":"%(h)s","method":"%(m)s","path":"%(U)s","query":"%(q)s","status":%(s)s,'
    '"bytes":"%(B)s","duration_ms":%(M)s,"request_id":"%({x-request-id}o)s","user_agent":"%(a)s"}'
)


def on_starting(server):
    server.log.info("unionsw: %s workers × %s threads, timeout %ss, bind %s", workers, threads, timeout, bind)
    if workers > 1 and not SHARED_CACHE:
        server.log.warning("unionsw: %s processes without REDIS_URL: each keeps its own cache (policy, counts, lockouts)", workers)
