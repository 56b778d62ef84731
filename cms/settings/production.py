"""Production: everything security-relevant comes from the environment.

Starting without SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL or REDIS_URL fails
immediately. HTTPS is assumed (terminated at a proxy that sets
X-Forwarded-Proto). Run it with scripts/run-production.sh (gunicorn and the task
workers; README, "Running it like production").
"""

from cms.settings.base import *  # noqa: F403
from cms.settings.base import (
    CACHE_KEY_PREFIX,
    STORAGES,
    TASKS,
    VAR_DIR,
    caches_from_env,
    database_from_url,
)
from cms.settings.env import env_bool, env_int, env_list, env_required, env_str

DEBUG = False
SECRET_KEY = env_required("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or env_required("ALLOWED_HOSTS").split(",")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
VISIT_COOKIE_SECURE = True
SESSION_COOKIE_AGE = 8 * 60 * 60

# Only real host names are served: no fallback to the portal for localhost.
SITES_DEFAULT_HOSTS = env_list("SITES_DEFAULT_HOSTS")

# PostgreSQL, named explicitly (no silent SQLite); connections are kept between
# requests (DB_CONN_MAX_AGE seconds) and checked before reuse.
DATABASES = {
    "default": database_from_url(env_required("DATABASE_URL"), conn_max_age=600)
}

# One cache for every worker and app server: Redis (page cache, rate limits,
# visitor counter, synonyms, site lookup).
CACHES = caches_from_env(env_required("REDIS_URL"), CACHE_KEY_PREFIX, VAR_DIR)

# Publishing never waits for Elasticsearch or clamd: the default queue is in the
# database and `manage.py db_worker` runs it (scripts/run-production.sh).
TASKS = {
    **TASKS,
    "default": {"BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")},
}

# Static files compressed (gzip, and br with the brotli package) and
# fingerprinted by collectstatic, served by WhiteNoise with a one-year expiry
# (WhiteNoise's CompressedManifestStaticFilesStorage, tolerant of missing
# source maps).
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "cms.core.staticfiles.StaticFilesStorage"},
}
