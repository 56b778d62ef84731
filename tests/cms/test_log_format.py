"""Log lines say when, with their time zone."""

from __future__ import annotations

import logging
import logging.config
import re

from django.conf import settings


def test_log_timestamps_carry_their_utc_offset():
    config = settings.LOGGING["formatters"]["plain"]
    formatter = logging.Formatter(config["format"], config["datefmt"])
    record = logging.LogRecord("wagtail", logging.INFO, __file__, 1, "x", None, None)

    line = formatter.format(record)

    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4} INFO wagtail x$", line)
