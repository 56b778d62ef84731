"""The production profile: settings, health checks, the CSRF-free language
switch, anonymous pages without cookies, the task queue in the database, static
files compressed by gunicorn + WhiteNoise, and Redis shared by processes."""

from __future__ import annotations

import datetime
import gzip
import importlib
import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test import Client
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult
from whitenoise.storage import CompressedManifestStaticFilesStorage

from cms.settings.base import caches_from_env
from procedure_pages.models import ProcedurePage
from search.models import SearchRecord
from search.records import object_key
from tests.dossiers import conftest as shared
from tests.dossiers.conftest import PORTAL, SXD

province = shared.province
fresh_limits_and_vietnamese = shared.fresh_limits_and_vietnamese
private_storage = shared.private_storage

ROOT = Path(__file__).resolve().parents[2]
PERMIT = "/thu-tuc-hanh-chinh/1009972/"
DATABASE_TASKS = {"BACKEND": "django_tasks_db.DatabaseBackend"}


def production_settings(monkeypatch, **env: str):
    """cms.settings.production imported afresh with ``env``."""
    base = {
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "caobang.gov.vn",
        "DATABASE_URL": "postgres://portal@db.internal/portal",
        "REDIS_URL": "redis://cache.internal:6379/0",
    }
    for name in ("DB_CONN_MAX_AGE", "TASKS_BACKEND"):
        monkeypatch.delenv(name, raising=False)
    for name, value in {**base, **env}.items():
        if value:
            monkeypatch.setenv(name, value)
        else:
            monkeypatch.delenv(name, raising=False)
    monkeypatch.delitem(sys.modules, "cms.settings.production", raising=False)
    return importlib.import_module("cms.settings.production")


# --- settings ----------------------------------------------------------------------


def test_production_uses_the_shared_services(monkeypatch):
    production = production_settings(monkeypatch)

    database = production.DATABASES["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["CONN_MAX_AGE"] == 600 and database["CONN_HEALTH_CHECKS"]
    for alias in ("default", "pages"):
        assert production.CACHES[alias]["BACKEND"] == "django_redis.cache.RedisCache"
    assert production.CACHES["pages"]["OPTIONS"]["IGNORE_EXCEPTIONS"] is True
    assert production.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    storage = import_string(production.STORAGES["staticfiles"]["BACKEND"])
    assert issubclass(storage, CompressedManifestStaticFilesStorage)
    assert production.PAGE_CACHE_ENABLED is True


@pytest.mark.parametrize("missing", ["DATABASE_URL", "REDIS_URL"])
def test_production_refuses_to_start_without_its_services(monkeypatch, missing):
    with pytest.raises(Exception, match=missing):
        production_settings(monkeypatch, **{missing: ""})


def test_tests_and_the_demo_keep_tasks_in_the_request(settings):
    # Tests: immediate tasks, local memory caches, no page cache.
    assert settings.TASKS["default"]["BACKEND"].endswith("ImmediateBackend")
    assert settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")
    assert settings.PAGE_CACHE_ENABLED is False


def test_without_redis_the_embedded_default_caches_in_files(tmp_path):
    caches = caches_from_env(None, "cms", tmp_path)

    assert caches["default"]["BACKEND"].endswith("FileBasedCache")
    assert caches["pages"]["LOCATION"] == str(tmp_path / "cache" / "pages")


# --- health checks ------------------------------------------------------------------


@pytest.mark.django_db
def test_healthz_answers_any_host_without_the_database(
    client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/healthz", HTTP_HOST="10.0.0.7")

    assert response.status_code == HTTPStatus.OK
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_is_green_when_everything_answers(client):
    response = client.get("/readyz", HTTP_HOST="10.0.0.7")

    assert response.status_code == HTTPStatus.OK, response.json()
    assert response.json()["ready"] is True
    assert set(response.json()["checks"]) == {"database", "cache", "search", "tasks"}


@pytest.mark.django_db
def test_readyz_goes_red_when_the_database_is_down(client, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken)

    response = client.get("/readyz")

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json()["checks"]["database"] == "failed (OperationalError)"


@pytest.mark.django_db
def test_readyz_goes_red_when_the_cache_is_down(client, settings):
    # A Redis nobody listens on (port 9 is "discard", never a Redis).
    settings.CACHES = caches_from_env("redis://127.0.0.1:9/0", "cms-down", Path("/"))

    response = client.get("/readyz")

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json()["checks"]["cache"].startswith("failed")
    assert response.json()["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_readyz_goes_red_when_no_worker_takes_the_tasks(client, settings):
    settings.TASKS = {**settings.TASKS, "default": DATABASE_TASKS}
    from search.tasks import sync_search_entry

    sync_search_entry.enqueue("procedure_pages.procedurepage:1")
    assert client.get("/readyz").status_code == HTTPStatus.OK  # just queued

    DBTaskResult.objects.update(
        enqueued_at=datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=1)
    )

    response = client.get("/readyz")
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert "default: a task waits" in response.json()["checks"]["tasks"]


# --- pages without cookies; the language switch --------------------------------------


@pytest.mark.django_db
def test_an_anonymous_page_sets_no_cookie_and_has_no_form(province):
    response = Client().get(PERMIT, HTTP_HOST=SXD)
    page = response.content.decode()

    assert response.status_code == HTTPStatus.OK
    assert not response.cookies
    assert "cookie" not in response.get("Vary", "").lower()
    assert "csrfmiddlewaretoken" not in page
    assert f'href="/ngon-ngu/?lang=en&amp;next={PERMIT}"' in page
    # The site's colour is a stylesheet: no inline style needing a nonce.
    assert "<style" not in page
    assert 'href="/giao-dien.css?v=' in page


@pytest.mark.django_db
def test_the_site_colour_stylesheet(province):
    response = Client().get("/giao-dien.css?v=b3141c", HTTP_HOST=SXD)

    assert response["Content-Type"].startswith("text/css")
    assert response.content.decode().strip() == ":root{--primary:#b3141c}"
    assert "public" in response["Cache-Control"]
    assert "max-age=86400" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_language_link_sets_the_cookie_and_goes_back(province):
    visitor = Client()

    response = visitor.get(f"/ngon-ngu/?lang=en&next={PERMIT}", HTTP_HOST=SXD)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == PERMIT
    assert response.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "no-store" in response["Cache-Control"]
    english = visitor.get(PERMIT, HTTP_HOST=SXD)
    assert "Skip to main content" in english.content.decode()
    assert english["Content-Language"] == "en"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "http:/evil.example",
        "javascript:alert(1)",
        "",
    ],
)
def test_the_language_link_never_leaves_the_site(province, target):
    response = Client().get("/ngon-ngu/", {"lang": "vi", "next": target}, HTTP_HOST=SXD)

    assert response["Location"] == "/"


@pytest.mark.django_db
def test_the_language_link_ignores_unknown_languages_and_posts(province):
    response = Client().get("/ngon-ngu/?lang=fr&next=/", HTTP_HOST=SXD)
    assert django_settings.LANGUAGE_COOKIE_NAME not in response.cookies

    assert Client().post("/ngon-ngu/?lang=en", HTTP_HOST=SXD).status_code == 405


# --- tasks: publishing never waits for the search engine ------------------------------


@pytest.mark.django_db(transaction=True)
def test_publish_queues_the_search_sync_and_the_worker_catches_up(province, settings):
    settings.TASKS = {**settings.TASKS, "default": DATABASE_TASKS}
    # An Elasticsearch nobody answers: publishing must not try it.
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    key = object_key(province.permit)
    page = ProcedurePage.objects.get(pk=province.permit.pk)
    page.title = "Cấp giấy phép xây dựng (sửa đổi)"

    started = time.perf_counter()
    page.save_revision().publish()
    took = time.perf_counter() - started

    queued = DBTaskResult.objects.filter(task_path="search.tasks.sync_search_entry")
    assert queued.ready().count() >= 1
    assert not SearchRecord.objects.filter(key=key, title=page.title).exists()
    assert took < 5  # not waiting for a timeout (generous: a busy CI machine)

    settings.ELASTICSEARCH_URL = None  # "back": the database search here
    call_command(
        "db_worker", "--batch", "--backend", "default", "--queue-name", "*",
        "--no-startup-delay", "--no-reload", verbosity=0,
    )  # fmt: skip

    assert not queued.ready().exists()
    assert SearchRecord.objects.get(key=key).title == "Cấp giấy phép xây dựng (sửa đổi)"


# --- static files: compressed, fingerprinted, served by gunicorn ---------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - loopback
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return response.status, dict(response.headers.items()), response.read()


def test_gunicorn_serves_compressed_fingerprinted_static_files(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "REDIS_URL": "redis://127.0.0.1:9/0",  # not needed for static files
        "VAR_DIR": str(tmp_path),
        "STATIC_ROOT": str(tmp_path / "static"),
        "SECURE_SSL_REDIRECT": "false",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT, env=env, check=True, timeout=600,
    )  # fmt: skip
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
    css = manifest["paths"]["themes/default/css/main.css"]
    assert css != "themes/default/css/main.css"  # fingerprinted
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "cms.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],  # fmt: skip
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _headers, body = fetch(f"http://127.0.0.1:{port}/healthz")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        assert status == 200 and body == b"ok\n"

        url = f"http://127.0.0.1:{port}/static/{css}"
        status, headers, plain = fetch(url)
        assert status == 200
        assert "immutable" in headers["Cache-Control"]
        status, headers, packed = fetch(url, **{"Accept-Encoding": "gzip"})
        assert headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(packed) == plain and len(packed) < len(plain) / 2
        _status, headers, _body = fetch(url, **{"Accept-Encoding": "br, gzip"})
        assert headers["Content-Encoding"] == "br"
    finally:
        server.terminate()
        server.wait(timeout=30)


# --- Redis: one cache for every process ----------------------------------------------

SUBPROCESS = """
import os, sys
import django
django.setup()
from django.conf import settings
action = sys.argv[1]
if action == "publish":
    from procedure_pages.models import ProcedurePage
    page = ProcedurePage.objects.get(code="1.009972")
    page.title = "Cấp giấy phép xây dựng mới"
    page.save_revision().publish()
elif action == "online":
    from wagtail.models import Site
    from sites.visits import count_online
    count_online(Site.objects.get(hostname=sys.argv[2]))
print("done")
"""


def database_url() -> str:
    config = connection.settings_dict
    if config["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{config['NAME']}"
    return (
        f"postgres://{config['USER']}:{config['PASSWORD'] or ''}@{config['HOST']}:"
        f"{config['PORT']}/{config['NAME']}"
    )


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_processes_share_the_cache_through_redis(province, settings, tmp_path):
    prefix = f"cms-test-{secrets.token_hex(4)}"
    settings.CACHES = caches_from_env(os.environ["REDIS_URL"], prefix, tmp_path)
    settings.PAGE_CACHE_ENABLED = True
    (tmp_path / "redis_settings.py").write_text(
        "from cms.settings.test import *  # noqa\n"
        "from cms.settings.base import caches_from_env\n"
        f"CACHES = caches_from_env({os.environ['REDIS_URL']!r}, {prefix!r}, VAR_DIR)\n"
        "PAGE_CACHE_ENABLED = True\n"
    )
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)]),
        "DJANGO_SETTINGS_MODULE": "redis_settings",
        "DATABASE_URL": database_url(),
    }

    def other_process(*args: str) -> None:
        result = subprocess.run(
            [sys.executable, "-c", SUBPROCESS, *args],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert "done" in result.stdout, result.stderr[-3000:]

    try:
        # A page cached here is purged by a publish in another process.
        Client().get(PERMIT, HTTP_HOST=SXD)
        assert Client().get(PERMIT, HTTP_HOST=SXD)["X-Page-Cache"] == "hit"
        other_process("publish")
        response = Client().get(PERMIT, HTTP_HOST=SXD)
        assert "Cấp giấy phép xây dựng mới" in response.content.decode()

        # The visitor counter's "online now" counts every worker's visitors.
        from sites.visits import stats

        other_process("online", PORTAL)
        assert stats(province.portal).online == 1
    finally:
        from django_redis import get_redis_connection

        redis = get_redis_connection("default")
        for key in redis.scan_iter(f"{prefix}*"):
            redis.delete(key)
