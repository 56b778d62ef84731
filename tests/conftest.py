"""Suite-wide fixtures and the rules for tests that need real services.

Tests marked ``postgres``, ``elasticsearch``, ``browser``, ``clamd`` or ``redis`` run
only where that service is present; elsewhere they are skipped with the reason. With
``REQUIRE_SERVICES=1`` (CI) a missing service fails the test instead, and any
skipped test at all fails the run.
"""

from __future__ import annotations

import os
import shutil
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

# The browser, page and site_url fixtures, one session browser for every folder.
pytest_plugins = ["tests.browser_fixtures"]

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")


def _postgres_missing() -> str | None:
    engines = {db["ENGINE"] for db in settings.DATABASES.values()}
    if "django.db.backends.postgresql" in engines:
        return None
    return (
        "PostgreSQL not configured: run scripts/services.sh start "
        "and export DATABASE_URL"
    )


def _elasticsearch_missing() -> str | None:
    from search.connection import is_available

    if not settings.ELASTICSEARCH_URL:
        return "Elasticsearch not configured: export ELASTICSEARCH_URL"
    if not is_available():
        return f"Elasticsearch at {settings.ELASTICSEARCH_URL} does not answer"
    return None


def _browser_missing() -> str | None:
    if chromium_path() is None:
        return "chromium not installed (apt-get install chromium)"
    return None


def _clamd_missing() -> str | None:
    from forms_library.validation.scanners import get_scanner

    scanner = get_scanner()
    if scanner is None:
        return "clamd not configured: scripts/services.sh start, then export CLAMD_URL"
    if not scanner.ping():
        return f"{scanner.describe()} does not answer"
    return None


def _redis_missing() -> str | None:
    url = os.environ.get("REDIS_URL")
    if not url:
        return (
            "Redis not configured: scripts/services.sh start redis, "
            "then export REDIS_URL"
        )
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping()
    except redis.RedisError:
        return f"Redis at {url} does not answer"
    return None


SERVICE_CHECKS = {
    "postgres": _postgres_missing,
    "elasticsearch": _elasticsearch_missing,
    "browser": _browser_missing,
    "clamd": _clamd_missing,
    "redis": _redis_missing,
}


@pytest.fixture(autouse=True)
def _empty_caches():
    """Each test starts with empty local caches: the site lookup, theme settings,
    rate limits and pages cached by an earlier test name rows that its database
    transaction rolled back."""
    from django.core.cache import caches

    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture(autouse=True)
def _fresh_content_types(request):  # type: ignore[no-untyped-def]
    """A transactional test empties the database; the one before it may have
    recreated the content types under new ids (a flush) or the next one restores
    the serialized originals. Content types cached in memory by Django and by
    Wagtail's permission policies (``_content_type``) would then name rows that
    no longer exist, and permission checks would quietly fail."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("transactional_db")
    from django.contrib.contenttypes.models import ContentType
    from wagtail.permissions import policy_registry

    ContentType.objects.clear_cache()
    policies = [
        *policy_registry.values_by_class.values(),
        *policy_registry.values_by_exact_class.values(),
        *policy_registry.fallback_policies.values(),
    ]
    for policy in policies:
        vars(policy).pop("_content_type", None)


def pytest_runtest_setup(item: pytest.Item) -> None:
    for marker, check in SERVICE_CHECKS.items():
        if item.get_closest_marker(marker) is None:
            continue
        missing = check()
        if missing is None:
            continue
        if REQUIRE_SERVICES:
            pytest.fail(f"REQUIRE_SERVICES=1 but {missing}", pytrace=False)
        pytest.skip(missing)


_skipped: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if REQUIRE_SERVICES and _skipped and exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # type: ignore[no-untyped-def]
    if REQUIRE_SERVICES and _skipped:
        terminalreporter.write_line(
            f"REQUIRE_SERVICES=1: {len(_skipped)} skipped test(s) count as failures:",
            red=True,
        )
        for nodeid in _skipped:
            terminalreporter.write_line(f"  {nodeid}", red=True)


@pytest.fixture
def portal_site(db):  # type: ignore[no-untyped-def]
    """Only the provincial portal of the demo (its home and introduction pages)."""
    from wagtail.models import Site

    from sites import demo

    demo.seed(lambda message: None, only_portal=True)
    return Site.objects.get(hostname=demo.PORTAL_HOSTNAME)


@pytest.fixture
def demo_site(db):  # type: ignore[no-untyped-def]
    """The seeded provincial portal (runs the real seed command)."""
    from wagtail.models import Site

    from sites.demo import PORTAL_HOSTNAME

    call_command("seed_demo", stdout=StringIO())
    return Site.objects.get(hostname=PORTAL_HOSTNAME)
