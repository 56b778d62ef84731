"""Text messages to applicants behind one interface.

``settings.DOSSIERS_SMS_BACKEND`` names a subclass of :class:`SmsBackend`; the
default only logs the message (no SMS gateway is part of the portal). A
provider's backend implements :meth:`SmsBackend.send` and raises on failure, so
the outbox retries it like an e-mail.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class SmsBackend:
    """Send one text message; raise an exception when it was not accepted."""

    def send(self, phone: str, text: str, *, key: str) -> None:
        raise NotImplementedError


class LoggingSmsBackend(SmsBackend):
    """Writes the message to the log instead of sending it."""

    def send(self, phone: str, text: str, *, key: str) -> None:
        logger.info("SMS %s to %s: %s", key, phone, text)


def get_backend() -> SmsBackend:
    backend_class = import_string(str(settings.DOSSIERS_SMS_BACKEND))
    backend: SmsBackend = backend_class()
    return backend
