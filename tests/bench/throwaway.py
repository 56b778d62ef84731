"""Shared start-up for the benchmark scripts: Django on a throw-away database.

Each benchmark runs as a plain script (``python tests/bench/bench_x.py``), so this
module is imported by file name from the same folder. The database is a fresh
SQLite file under a temporary VAR_DIR unless BENCH_DATABASE_URL names another.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def setup_django(prefix: str) -> Path:
    """Point settings at a new temporary folder and start Django; return it."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    work = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ["VAR_DIR"] = str(work)
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    if os.environ.get("BENCH_DATABASE_URL"):
        os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    else:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    return work


def postgres_url() -> str | None:
    """BENCH_DATABASE_URL or DATABASE_URL when it names PostgreSQL."""
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL") or ""
    return url if url.startswith(("postgres://", "postgresql://")) else None


def fresh_postgres(url: str, name: str) -> str:
    """Database ``name`` beside the one ``url`` names, dropped and made again."""
    import psycopg

    base, _, _old = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"
