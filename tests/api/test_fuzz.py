"""Schemathesis against our own OpenAPI document, in CI (issue 14).

Every operation of ``/api/v3/openapi.json`` is called with generated requests
(valid ones and, from the coverage phase, invalid ones) on the seeded demo,
in-process through the WSGI application: no answer may be a 5xx, and every
answer must match what the document says (status code, media type, headers,
body schema). The budget is bounded: ``FUZZ_EXAMPLES`` examples per operation
(default 25, about two minutes on two cores; set more locally to dig deeper).
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode, checks

from tests.api.conftest import PORTAL

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture
def api_schema(demo, settings):  # type: ignore[no-untyped-def]
    # Generated requests come faster than any client's: the limits are tested
    # elsewhere (test_http.py).
    settings.API_READ_RATE = settings.API_WRITE_RATE = "100000/m"
    settings.ONLINE_SUBMIT_RATE = settings.DOSSIERS_TRACK_RATE = "100000/m"
    settings.DOSSIERS_TRACK_MIN_SECONDS = 0
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost", PORTAL]
    # As Django's test client does: the WSGI handler would close the database
    # connection after each request, and with it the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi(
            "/api/v3/openapi.json", get_wsgi_application()
        )
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


# schemathesis's own pytest plugin (``from_fixture``/``parametrize``) does not
# run on pytest 9 (it reads a private attribute pytest renamed): the loop over
# operations is written out here with its public API, one hypothesis run per
# operation and generation mode.
MODES = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]


def fuzz(operation, mode: GenerationMode) -> str | None:  # type: ignore[no-untyped-def]
    """Run one operation's examples; the first failure's report, or None."""

    @given(case=operation.as_strategy(generation_mode=mode))
    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate],
    )
    def run(case):  # type: ignore[no-untyped-def]
        case.call_and_validate(
            # GZipMiddleware would compress: the WSGI transport reads raw bytes.
            headers={"Host": PORTAL, "Accept-Encoding": "identity"},
            checks=CHECKS,
            environ_base={"REMOTE_ADDR": "127.0.0.1"},
        )

    try:
        run()
    except BaseException as failure:  # noqa: BLE001 - hypothesis raises groups
        if isinstance(failure, KeyboardInterrupt):
            raise
        if isinstance(failure, Unsatisfiable) or "Cannot generate test data" in str(
            failure
        ):
            # Nothing to send (e.g. negative values of a free text path
            # parameter, or an enumeration with no member).
            return None
        return f"{operation.label} [{mode}]: {failure}"
    return None


def test_api_v3_conforms_to_its_openapi_document(api_schema):  # type: ignore[no-untyped-def]
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 20
    failures = [
        report
        for operation in operations
        for mode in MODES
        if (report := fuzz(operation, mode)) is not None
    ]
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)
