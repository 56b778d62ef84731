"""Health checks for the load balancer and the process supervisor.

- ``/healthz`` (liveness): the process answers. No database, no cache: a
  restart would not cure an outage of either.
- ``/readyz`` (readiness): this app server can serve pages: the database
  answers, the shared cache stores and returns a value, Elasticsearch answers
  (when ``ELASTICSEARCH_URL`` is set; the search falls back to the database, so
  it is reported but only fails readiness under ``READYZ_REQUIRE_SEARCH``), and
  the task workers keep up: no task of a database queue has been ready for
  longer than ``TASKS_MAX_WAIT_SECONDS`` (a worker that is down or stuck). The
  time since a worker last finished a task (its heartbeat, kept in the shared
  cache) is reported too.

Both are answered by ``cms.middleware.HealthCheckMiddleware`` before HTTPS
redirects and host checks, so a probe may use plain HTTP and any host name.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

logger = logging.getLogger(__name__)

HEARTBEAT_KEY = "tasks:heartbeat:{backend}"
Check = Callable[[], tuple[bool, str]]


def check_database() -> tuple[bool, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return True, "ok"


def check_cache() -> tuple[bool, str]:
    key, value = f"readyz:{secrets.token_hex(6)}", secrets.token_hex(6)
    cache.set(key, value, 10)
    found = cache.get(key)
    cache.delete(key)
    return (found == value), ("ok" if found == value else "value not returned")


def check_search() -> tuple[bool, str]:
    if not settings.ELASTICSEARCH_URL:
        return True, "not configured (database search)"
    from search.connection import is_available

    if is_available():
        return True, "ok"
    return not settings.READYZ_REQUIRE_SEARCH, "not answering (database search)"


def database_task_backends() -> list[str]:
    """The task backends whose queue is in the database (a worker runs them)."""
    return [
        name
        for name, config in settings.TASKS.items()
        if isinstance(config, dict)
        and str(config.get("BACKEND", "")).startswith("django_tasks_db")
    ]


def check_tasks() -> tuple[bool, str]:
    backends = database_task_backends()
    if not backends:
        return True, "tasks run in the request"
    from django_tasks_db.models import DBTaskResult

    limit = int(getattr(settings, "TASKS_MAX_WAIT_SECONDS", 120))
    now = timezone.now()
    notes = []
    healthy = True
    for backend in backends:
        oldest = (
            DBTaskResult.objects.ready()
            .filter(backend_name=backend)
            .order_by("enqueued_at")
            .values_list("enqueued_at", "run_after")
            .first()
        )
        waited = 0.0
        if oldest is not None:
            enqueued, run_after = oldest
            # A deferred task is due at run_after (the far future when it is not).
            due = run_after if enqueued < run_after <= now else enqueued
            waited = (now - due).total_seconds()
        beat = cache.get(HEARTBEAT_KEY.format(backend=backend))
        since = f", last task {time.time() - beat:.0f} s ago" if beat else ""
        if waited > limit:
            healthy = False
            notes.append(f"{backend}: a task waits for {waited:.0f} s{since}")
        else:
            notes.append(f"{backend}: ok{since}")
    return healthy, "; ".join(notes)


CHECKS: dict[str, Check] = {
    "database": check_database,
    "cache": check_cache,
    "search": check_search,
    "tasks": check_tasks,
}


def readiness() -> tuple[bool, dict[str, str]]:
    """Every check's verdict; an exception is a failed check, named by its type."""
    results: dict[str, str] = {}
    ready = True
    for name, check in CHECKS.items():
        try:
            ok, note = check()
        except Exception as error:  # noqa: BLE001 - any failure is "not ready"
            logger.warning("readyz: %s failed: %r", name, error)
            ok, note = False, f"failed ({type(error).__name__})"
        ready = ready and ok
        results[name] = note
    return ready, results


def record_heartbeat(sender: Any, task_result: Any, **kwargs: Any) -> None:
    """Connected to django-tasks' ``task_finished``: the worker is alive."""
    backend = getattr(task_result, "backend", "")
    if backend in database_task_backends():
        try:
            cache.set(HEARTBEAT_KEY.format(backend=backend), time.time(), None)
        except Exception:  # noqa: BLE001 - a heartbeat must never fail a task
            logger.warning("tasks: could not record the heartbeat of %s", backend)


def connect() -> None:
    from django_tasks.signals import task_finished

    task_finished.connect(record_heartbeat, dispatch_uid="cms-task-heartbeat")
