"""Settings of ``make bench-pages``: the production profile, plus a bare view and
a query counter, so the figures are those of production measured against the
cheapest response the same gunicorn process can give."""

from cms.settings.production import *  # noqa: F403
from cms.settings.production import MIDDLEWARE

ROOT_URLCONF = "tests.bench.bench_urls"
# Outermost: counts every query of the request, cache hits included.
MIDDLEWARE = ["tests.bench.bench_urls.QueryCountMiddleware", *MIDDLEWARE]
