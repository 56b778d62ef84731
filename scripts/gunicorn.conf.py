"""gunicorn settings of the production profile (scripts/run-production.sh).

Every value can be changed through the environment (GUNICORN_*), the way the
rest of the configuration is.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Pages are CPU work (rendering) between short database and cache calls: a
# process per core, plus one, is gunicorn's own advice for sync workers.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
worker_class = "sync"
# Uploads (11 MB at most) from slow connections: nginx buffers request bodies,
# so a worker is only busy while a request is processed.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Recycle workers now and then (memory growth of long-lived processes).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = 500
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The proxy in front (nginx) sets X-Forwarded-Proto; Django reads it through
# SECURE_PROXY_SSL_HEADER. Only addresses listed here are trusted for it.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
