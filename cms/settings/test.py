"""Test profile: fast hashing, in-memory cache, immediate tasks.

The database comes from DATABASE_URL like everywhere else (SQLite by default, the
real PostgreSQL in CI).
"""

import os

from cms.settings.base import *  # noqa: F403
from cms.settings.base import DATABASES
from cms.settings.base import VAR_DIR as _SHARED_VAR_DIR
from cms.settings.env import env_str

# pytest-xdist runs the suite in several processes (`make test` uses two): each
# gets its own files, Elasticsearch indexes and cache names. pytest-django gives
# each its own test database.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
VAR_DIR = _SHARED_VAR_DIR / WORKER if WORKER else _SHARED_VAR_DIR
VAR_DIR.mkdir(parents=True, exist_ok=True)  # also for subprocesses a test starts

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = [".localhost", "localhost", "127.0.0.1", "testserver"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file (not :memory:) so the live server thread and the browser tests share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}

MEDIA_ROOT = VAR_DIR / "test-media"
PRIVATE_MEDIA_ROOT = VAR_DIR / "test-private"
STORAGES = {
    **STORAGES,  # noqa: F405
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Local memory caches, empty per process; the page cache is off (tests that are
# about it turn it on), tasks run inside the request (TASKS_BACKEND aside).
CACHES = {
    alias: {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": f"cms-test-{WORKER}-{alias}",
    }
    for alias in ("default", "pages")
}
PAGE_CACHE_ENABLED = False
# Static files from the apps' folders (no collectstatic in tests).
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
TASKS = {
    **TASKS,  # noqa: F405
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}
DEMO_SAMPLE_SCALE = float(env_str("DEMO_SAMPLE_SCALE", "0.05"))
ELASTICSEARCH_INDEX_PREFIX = env_str("ELASTICSEARCH_INDEX_PREFIX", "cms-test")
if WORKER:
    ELASTICSEARCH_INDEX_PREFIX = f"{ELASTICSEARCH_INDEX_PREFIX}-{WORKER}"

# Tests scan with the real clamd when CLAMD_URL is set (scripts/services.sh env,
# CI). Without it they run with no scanner on purpose, and the "no virus scanner"
# warning (forms_library.W001) is silenced here so that `manage.py check
# --fail-level WARNING` passes; tests/forms_library/test_scanning.py checks the
# warning itself.
if VIRUS_SCANNER is None:  # noqa: F405
    SILENCED_SYSTEM_CHECKS = ["forms_library.W001"]

# Login throttling stays on (tests/security/test_login_throttling.py): django-axes
# keeps its counts in the test database, so each test starts from zero and the
# suite is never locked out. Log users in with client.force_login(): Django's
# client.login() (and Wagtail's WagtailTestUtils.login()) calls authenticate()
# without a request, which django-axes refuses.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
