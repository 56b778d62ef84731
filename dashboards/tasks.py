"""Background work of the dashboards (django-tasks, the default backend: a queue
in the database in production, ``manage.py db_worker``)."""

from __future__ import annotations

from django_tasks import task

from dashboards import rollup


@task()
def rollup_dossier_stats() -> int:
    """The nightly roll-up (``dashboards.rollup``'s rule): the days rewritten.
    Enqueued each night by ``manage.py rollup_dossier_stats --enqueue`` from
    cron, or run in place by the command without ``--enqueue``."""
    return rollup.run().days
