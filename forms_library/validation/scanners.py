"""Virus scanning behind one interface; ClamAV's ``clamd`` is the real backend.

``settings.VIRUS_SCANNER`` names the backend the way Wagtail names search
backends: ``{"BACKEND": "<dotted path>", "OPTIONS": {...}}``, or ``None`` for
no scanner (the system check ``forms_library.W001`` then warns). The settings
build it from ``CLAMD_URL``. A backend returns a :class:`ScanResult` or raises
:class:`ScannerUnavailable`; it never guesses "clean".

:class:`ClamdScanner` speaks clamd's own protocol (``zINSTREAM``: the bytes go
over the socket in length-prefixed chunks, so clamd needs no access to our
files), over TCP (``tcp://127.0.0.1:3310``) or a unix socket
(``unix:///run/clamav/clamd.ctl``). The protocol is four commands long, which
is why this is a few lines of our own rather than a client library.
"""

from __future__ import annotations

import socket
import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.utils.module_loading import import_string

CHUNK = 64 * 1024


class ScanStatus(models.TextChoices):
    """Where a stored file stands with the virus scanner."""

    PENDING = "pending", "Chờ quét virus"
    CLEAN = "clean", "Đã quét, sạch"
    INFECTED = "infected", "Có mã độc"


@dataclass(frozen=True)
class ScanResult:
    """A scanner's verdict on one file."""

    infected: bool
    signature: str = ""

    @property
    def status(self) -> ScanStatus:
        return ScanStatus.INFECTED if self.infected else ScanStatus.CLEAN


class ScannerUnavailable(Exception):
    """The scanner gave no verdict (not running, timed out, refused the file)."""


class VirusScanner:
    """Base class of scanner backends: implement :meth:`scan` and :meth:`ping`."""

    name = "scanner"

    def scan(self, chunks: Iterable[bytes]) -> ScanResult:
        raise NotImplementedError

    def ping(self) -> bool:
        raise NotImplementedError

    def scan_bytes(self, data: bytes) -> ScanResult:
        return self.scan(data[i : i + CHUNK] for i in range(0, len(data), CHUNK))

    def scan_file(self, file: IO[bytes]) -> ScanResult:
        def chunks() -> Iterator[bytes]:
            while chunk := file.read(CHUNK):
                yield chunk

        return self.scan(chunks())

    def describe(self) -> str:
        return self.name


class ClamdScanner(VirusScanner):
    """ClamAV's daemon over TCP or a unix socket (``zINSTREAM``)."""

    name = "clamd"

    def __init__(self, url: str, timeout: float = 30.0) -> None:
        self.url = url
        self.timeout = timeout

    def describe(self) -> str:
        return f"clamd at {self.url}"

    def _connect(self) -> socket.socket:
        parts = urlsplit(self.url)
        try:
            if parts.scheme == "tcp":
                return socket.create_connection(
                    (parts.hostname or "127.0.0.1", parts.port or 3310),
                    timeout=self.timeout,
                )
            path = parts.path if parts.scheme == "unix" else self.url
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(self.timeout)
            sock.connect(path)
            return sock
        except OSError as error:
            raise ScannerUnavailable(f"{self.describe()}: {error}") from error

    @staticmethod
    def _reply(sock: socket.socket) -> str:
        data = b""
        while not data.endswith(b"\0"):
            chunk = sock.recv(4096)
            if not chunk:
                break
            data += chunk
        return data.rstrip(b"\0").decode("utf-8", "replace").strip()

    def ping(self) -> bool:
        try:
            with self._connect() as sock:
                sock.sendall(b"zPING\0")
                return self._reply(sock) == "PONG"
        except (OSError, ScannerUnavailable):
            return False

    def scan(self, chunks: Iterable[bytes]) -> ScanResult:
        try:
            with self._connect() as sock:
                sock.sendall(b"zINSTREAM\0")
                try:
                    for chunk in chunks:
                        sock.sendall(struct.pack("!L", len(chunk)) + chunk)
                    sock.sendall(struct.pack("!L", 0))
                except BrokenPipeError:
                    pass  # clamd stopped reading (size limit): its reply says why
                reply = self._reply(sock)
        except OSError as error:
            raise ScannerUnavailable(f"{self.describe()}: {error}") from error
        # "stream: OK", "stream: Eicar-Signature FOUND", "... ERROR".
        verdict = reply.split(":", 1)[-1].strip()
        if verdict == "OK":
            return ScanResult(infected=False)
        if verdict.endswith(" FOUND"):
            return ScanResult(infected=True, signature=verdict[: -len(" FOUND")])
        raise ScannerUnavailable(f"{self.describe()} answered {reply!r}")


def get_scanner() -> VirusScanner | None:
    """The configured scanner, or ``None`` when ``VIRUS_SCANNER`` is unset."""
    config: dict[str, Any] | None = getattr(settings, "VIRUS_SCANNER", None)
    if not config:
        return None
    backend = import_string(config["BACKEND"])
    scanner: VirusScanner = backend(**config.get("OPTIONS", {}))
    return scanner


def scanner_configured() -> bool:
    return bool(getattr(settings, "VIRUS_SCANNER", None))


def is_servable_status(status: str) -> bool:
    """A file may be handed out: never when infected; with a scanner, only clean."""
    if status == ScanStatus.INFECTED:
        return False
    return status == ScanStatus.CLEAN or not scanner_configured()
