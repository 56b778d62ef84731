"""Settings of ``make bench-api``: those of ``make bench-pages`` plus a bare JSON
view (``tests.bench.bench_api_urls``)."""

from tests.bench.bench_settings import *  # noqa: F403

ROOT_URLCONF = "tests.bench.bench_api_urls"
