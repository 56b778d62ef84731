"""Public pages benchmark (not collected by pytest): ``make bench-pages``.

The production profile (``tests/bench/bench_settings.py``: the production
settings plus a bare view and a query counter) on gunicorn with 2 workers,
PostgreSQL and the full demo, measured against a bare Django view answered by
the same gunicorn process in the same run:

* requests/s of each page with ``BENCH_CLIENTS`` concurrent clients for
  ``BENCH_SECONDS`` per round, ``BENCH_ROUNDS`` rounds interleaved; printed as
  the ratio to the bare view's requests/s of the same round (min/median);
* p50 of one request at a time, SQL queries per request (``X-Bench-Queries``);
* twice: with the page cache off (``PAGE_CACHE_ENABLED=0``: every page is
  rendered, though the parts that change only on publish come from the shared
  cache, ``cms.core.fragments``) and on (anonymous pages served from it);
  each run says whether home, catalogue and a procedure page reach the targets
  (0.1x the bare view uncached, 0.5x cached);
* bytes on the wire for the home page, a procedure page and the stylesheet
  with and without ``Accept-Encoding``; what an anonymous page sends
  (``Set-Cookie``, ``Vary``, ``Cache-Control``);
* with the cache on: publish a changed title and time until an anonymous
  visitor sees it (the task worker runs beside gunicorn).

The database is ``cms_bench_pages`` next to ``BENCH_DATABASE_URL`` or
``DATABASE_URL`` (PostgreSQL; ``scripts/services.sh start``), seeded once with
``seed_demo`` and kept for the next run (``--fresh`` to seed it again).
Elasticsearch (``ELASTICSEARCH_URL``) and Redis (``REDIS_URL``) are used when set.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
PORTAL = "caobang.localhost"
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "4"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "4"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SEQUENTIAL = int(os.environ.get("BENCH_SEQUENTIAL", "40"))
DB_NAME = "cms_bench_pages"
VAR = ROOT / "var" / "bench-pages"

DISCOVER = r"""
import json
import django
django.setup()
from wagtail.models import Site
from procedure_pages.models import ProcedurePage
live = ProcedurePage.objects.live().public()
# The demo's best-known procedure (building permit, with its online service).
procedure = live.filter(code="1.009972").first() or live.order_by("path").first()
site = procedure.get_site()
print(json.dumps({
    "procedure": [site.hostname, procedure.relative_url(site)],
    "procedure_id": procedure.pk,
    "procedures": ProcedurePage.objects.count(),
    "sites": Site.objects.count(),
}))
""".replace("PORTAL", PORTAL)

PUBLISH = r"""
import http.client, json, sys, time
import django
django.setup()
from procedure_pages.models import ProcedurePage
page = ProcedurePage.objects.get(pk=PAGE_ID)
original = page.title
marker = "bench-%d" % time.time_ns()
page.title = original + " " + marker
revision = page.save_revision()
started = time.perf_counter()
revision.publish()
published = time.perf_counter() - started
visible = None
deadline = started + 30
while time.perf_counter() < deadline:
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
    conn.request(
        "GET", "PATH", headers={"Host": "HOST", "X-Forwarded-Proto": "https"}
    )
    body = conn.getresponse().read().decode("utf-8", "replace")
    conn.close()
    if marker in body:
        visible = time.perf_counter() - started
        break
    time.sleep(0.05)
page = ProcedurePage.objects.get(pk=PAGE_ID)
page.title = original
page.save_revision().publish()
print(json.dumps({"publish": published, "visible": visible}))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def postgres_base() -> str:
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL") or ""
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit(
            "bench-pages needs PostgreSQL: scripts/services.sh start, then "
            'eval "$(scripts/services.sh env)" (or BENCH_DATABASE_URL=postgres://…)'
        )
    return url.rpartition("/")[0]


def environment(database_url: str, page_cache: bool) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.bench.bench_settings",
        "PYTHONPATH": str(ROOT),
        "SECRET_KEY": "bench-only-not-secret",
        "ALLOWED_HOSTS": ".localhost,127.0.0.1",
        "DATABASE_URL": database_url,
        "VAR_DIR": str(VAR),
        "STATIC_ROOT": str(VAR / "static"),
        "ELASTICSEARCH_INDEX_PREFIX": "cms-bench-pages",
        "CACHE_KEY_PREFIX": "cms-bench-pages",
        "PAGE_CACHE_ENABLED": "1" if page_cache else "0",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("DEBUG", None)
    return env


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stderr[-4000:]}")
    return result.stdout


def python(env: dict[str, str], code: str) -> dict:
    result = subprocess.run(  # noqa: S603
        [PYTHON, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        sys.exit(f"bench script failed:\n{result.stderr[-4000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def prepare(base: str, fresh: bool) -> tuple[str, dict]:
    """The seeded demo database (made once), collected static files, URLs."""
    import psycopg

    url = f"{base}/{DB_NAME}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]
        ).fetchone()
        if fresh and exists:
            connection.execute(f'DROP DATABASE "{DB_NAME}" WITH (FORCE)')
            exists = None
        if not exists:
            connection.execute(f'CREATE DATABASE "{DB_NAME}"')
    VAR.mkdir(parents=True, exist_ok=True)
    env = environment(url, page_cache=False)
    print("preparing: migrate, seed_demo (once), collectstatic …", flush=True)
    manage(env, "migrate", "--noinput")
    marker = VAR / f"seeded-{DB_NAME}"
    if fresh or not marker.exists():
        started = time.perf_counter()
        manage(env, "seed_demo")
        if os.environ.get("ELASTICSEARCH_URL"):
            manage(env, "rebuild_search_index")
        marker.write_text("seeded\n")
        print(f"  seeded in {time.perf_counter() - started:.0f} s", flush=True)
    manage(env, "collectstatic", "--noinput")
    facts = python(env, DISCOVER)
    return url, facts


class Stack:
    """gunicorn (2 workers) and one task worker per database task backend."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.port = free_port()
        self.processes: list[subprocess.Popen[bytes]] = []
        self.log = VAR / "gunicorn.log"

    def __enter__(self) -> Stack:
        handle = self.log.open("ab")
        self.processes.append(
            subprocess.Popen(  # noqa: S603
                [
                    PYTHON,
                    "-m",
                    "gunicorn",
                    "cms.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--workers",
                    "2",
                    "--log-level",
                    "warning",
                ],  # fmt: skip
                cwd=ROOT,
                env=self.env,
                stdout=handle,
                stderr=subprocess.STDOUT,
            )
        )
        backends = python(
            self.env,
            "import json, django; django.setup()\n"
            "from django.conf import settings\n"
            "print(json.dumps({'b': [n for n, c in settings.TASKS.items()"
            " if c['BACKEND'].startswith('django_tasks_db')]}))",
        )["b"]
        for backend in backends:
            self.processes.append(
                subprocess.Popen(  # noqa: S603
                    [
                        PYTHON,
                        "manage.py",
                        "db_worker",
                        "--backend",
                        backend,
                        "--queue-name",
                        "*",
                        "--interval",
                        "0.2",
                    ],  # fmt: skip
                    cwd=ROOT,
                    env=self.env,
                    stdout=handle,
                    stderr=subprocess.STDOUT,
                )
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start; see " + str(self.log))

    def __exit__(self, *exc: object) -> None:
        for process in self.processes:
            process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def get(
    port: int, path: str, host: str = PORTAL, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], list[str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request(
        "GET",
        path,
        headers={"Host": host, "X-Forwarded-Proto": "https", **(headers or {})},
    )
    response = conn.getresponse()
    body = response.read()
    cookies = response.headers.get_all("Set-Cookie") or []
    result = (response.status, dict(response.headers.items()), cookies, body)
    conn.close()
    return result


def throughput(port: int, page: tuple[str, str]) -> float:
    """Requests per second from CLIENTS threads for SECONDS."""
    host, path = page
    counts = [0] * CLIENTS
    errors = [0] * CLIENTS
    stop = time.perf_counter() + SECONDS

    def client(index: int) -> None:
        while time.perf_counter() < stop:
            status, _h, _c, _b = get(port, path, host)
            if status == 200:
                counts[index] += 1
            else:
                errors[index] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if sum(errors):
        print(f"  ! {path}: {sum(errors)} non-200 answers", flush=True)
    return sum(counts) / (time.perf_counter() - started)


def sequential_p50(port: int, page: tuple[str, str]) -> float:
    host, path = page
    times = []
    for _ in range(SEQUENTIAL):
        started = time.perf_counter()
        get(port, path, host)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure(
    label: str, env: dict[str, str], pages: dict[str, tuple[str, str]], facts: dict
) -> dict:
    print(f"\n== {label}", flush=True)
    results: dict[str, dict] = {name: {"rps": []} for name in pages}
    with Stack(env) as stack:
        port = stack.port
        for name, (host, path) in pages.items():
            for _ in range(4):  # both workers render it once, fill the caches
                status, headers, cookies, body = get(port, path, host)
            results[name].update(
                status=status,
                queries=headers.get("X-Bench-Queries", "?"),
                cookies=[c.split("=", 1)[0] for c in cookies],
                vary=headers.get("Vary", ""),
                cache_control=headers.get("Cache-Control", ""),
                p50=sequential_p50(port, (host, path)),
            )
        for _round in range(ROUNDS):
            for name, page in pages.items():
                results[name]["rps"].append(throughput(port, page))
        wire = {}
        status, _h, _c, home = get(port, pages["portal home"][1])
        css = re.search(rb'href="(/static/[^"]+\.css)"', home)
        targets = {
            "home": pages["portal home"],
            "procedure page": pages["a procedure page"],
        }
        if css:
            targets["stylesheet"] = (PORTAL, css.group(1).decode())
        for name, (host, path) in targets.items():
            plain = get(port, path, host)
            packed = get(port, path, host, headers={"Accept-Encoding": "gzip, br"})
            wire[name] = {
                "status": plain[0],
                "identity": len(plain[3]),
                "encoded": len(packed[3]),
                "encoding": packed[1].get("Content-Encoding", "none"),
            }
        publish = None
        if env.get("PAGE_CACHE_ENABLED") == "1":
            code = (
                PUBLISH.replace("PAGE_ID", str(facts["procedure_id"]))
                .replace("PORT", str(port))
                .replace("PATH", pages["a procedure page"][1])
                .replace("HOST", pages["a procedure page"][0])
            )
            publish = python(env, code)
    base = results["bare view"]["rps"]
    print(
        f"{'page':28} {'status':>6} {'req/s (median)':>15} {'ratio min/median':>18}"
        f" {'p50 alone':>10} {'SQL':>5}"
    )
    for name, row in results.items():
        ratios = [r / b for r, b in zip(row["rps"], base, strict=True)]
        row["ratio_min"] = min(ratios)
        row["ratio_median"] = statistics.median(ratios)
        print(
            f"{name:28} {row['status']:>6} {statistics.median(row['rps']):>15.0f}"
            f" {row['ratio_min']:>8.3f} / {row['ratio_median']:<7.3f}"
            f" {row['p50'] * 1000:>8.1f}ms {row['queries']:>5}"
        )
    # The targets for home, catalogue and a procedure page (median).
    target = 0.5 if env.get("PAGE_CACHE_ENABLED") == "1" else 0.1
    for name in ("portal home", "catalogue", "a procedure page"):
        ratio = results[name]["ratio_median"]
        verdict = "meets" if ratio >= target else "BELOW"
        print(f"target {target:g}x of the bare view: {name} {verdict} ({ratio:.3f})")
    home = results["portal home"]
    print(
        f"anonymous home: Set-Cookie {home['cookies'] or 'none'}; "
        f"Vary: {home['vary'] or '-'}; Cache-Control: {home['cache_control'] or '-'}"
    )
    for name, row in wire.items():
        print(
            f"bytes on the wire, {name} ({row['status']}): {row['identity']} plain,"
            f" {row['encoded']} with Accept-Encoding ({row['encoding']})"
        )
    if publish is not None:
        visible = publish["visible"]
        print(
            f"publish: {publish['publish'] * 1000:.0f} ms; visible to an anonymous "
            f"visitor after "
            + (f"{visible:.2f} s" if visible is not None else "MORE THAN 30 s")
        )
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", action="store_true", help="seed the demo again")
    args = parser.parse_args()
    base = postgres_base()
    url, facts = prepare(base, args.fresh)
    pages = {
        "bare view": (PORTAL, "/__bench__/bare/"),
        "portal home": (PORTAL, "/"),
        "catalogue": (PORTAL, "/thu-tuc-hanh-chinh/"),
        "a procedure page": tuple(facts["procedure"]),
        "search page": (PORTAL, "/tim-kiem/?q=giay+phep+xay+dung"),
        "forms library": (PORTAL, "/bieu-mau/"),
        "/api/v2/procedures/?limit=20": (PORTAL, "/api/v2/procedures/?limit=20"),
    }
    print(
        f"demo: {facts['sites']} sites, {facts['procedures']} procedures; gunicorn 2 "
        f"workers; {CLIENTS} clients x {SECONDS:g} s x {ROUNDS} rounds; "
        f"Elasticsearch: {'yes' if os.environ.get('ELASTICSEARCH_URL') else 'no'}; "
        f"Redis: {'yes' if os.environ.get('REDIS_URL') else 'no'}"
    )
    measure(
        "page cache off (every page rendered)", environment(url, False), pages, facts
    )
    measure("page cache on (anonymous pages)", environment(url, True), pages, facts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
