"""Zip packages (XLSX, DOCX, ODS…) checked under a budget of bytes actually inflated.

:func:`check_zip` reads every member of a seekable zip file once, in chunks,
before any library opens it: the central directory only gives names and
offsets, each member is inflated from its local header with :mod:`zlib`, and
what is counted is the bytes produced, not the sizes the directory declares.
A bomb whose directory claims small sizes is stopped at the budget (or as soon
as it produces more than it declared), not after gigabytes; memory stays at a
few chunks whatever the file holds.

XML members can also be held to a longest text run: the bytes between two
``<`` (an element's text or a tag with its attribute values). Excel keeps at
most 32,767 characters in a cell, so a run of megabytes is a "giant cell"
made to exhaust the memory of the parser that would build it as one string.

Problems raise :class:`ArchiveRefused` with a ``reason`` code (the caller
words the message for its users) and the member's name.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO

CHUNK = 64 * 1024
LOCAL_HEADER = struct.Struct("<4s5H3L2H")
LOCAL_SIGNATURE = b"PK\x03\x04"
# The first bytes of archives and compressed streams: a package inside a
# package is refused (nested bombs, and nothing an import needs).
ARCHIVE_MAGICS = (
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"PK\x07\x08",
    b"\x1f\x8b",  # gzip
    b"BZh",  # bzip2
    b"\xfd7zXZ\x00",  # xz
    b"7z\xbc\xaf\x27\x1c",  # 7-Zip
    b"Rar!\x1a\x07",  # RAR
)
XML_SUFFIXES = (".xml", ".rels", ".vml")

# Reason codes of ArchiveRefused.
CORRUPT = "corrupt"
TOO_LARGE = "too_large"
FALSIFIED_SIZE = "falsified_size"
TOO_MANY_MEMBERS = "too_many_members"
UNSAFE_MEMBER = "unsafe_member"
NESTED_ARCHIVE = "nested_archive"
LONG_TEXT = "long_text"


class ArchiveRefused(Exception):
    """The package is refused; ``reason`` is one of the codes above."""

    def __init__(self, reason: str, member: str = "") -> None:
        self.reason = reason
        self.member = member
        super().__init__(f"{reason}: {member}" if member else reason)


@dataclass(frozen=True)
class ZipLimits:
    """What a package may hold: total bytes once inflated, members, and the
    longest text run in an XML member (None: not checked)."""

    max_unpacked_bytes: int
    max_members: int = 1000
    max_text_run: int | None = None


@dataclass
class _TextRuns:
    """Follows the longest run of bytes without ``<`` across chunks.

    A run inside one chunk is shorter than the chunk, which is never longer
    than the limit (see ``_chunk_size``): only runs across chunk edges, the
    tail of one chunk plus the head of the next ones, need counting.
    """

    limit: int
    run: int = 0

    def feed(self, chunk: bytes) -> bool:
        first = chunk.find(b"<")
        if first < 0:
            self.run += len(chunk)
            return self.run <= self.limit
        if self.run + first > self.limit:
            return False
        self.run = len(chunk) - chunk.rfind(b"<") - 1
        return True


def _chunk_size(limits: ZipLimits) -> int:
    if limits.max_text_run is None:
        return CHUNK
    return max(1, min(CHUNK, limits.max_text_run))


def _check_member(info: zipfile.ZipInfo, seen: set[str]) -> None:
    name = info.filename
    parts = name.replace("\\", "/").split("/")
    if (
        name.startswith(("/", "\\"))
        or "\\" in name
        or ".." in parts
        or (len(name) > 1 and name[1] == ":")
        or "\x00" in name
        or name.lower() in seen
    ):
        raise ArchiveRefused(UNSAFE_MEMBER, name)
    if info.flag_bits & 0x1:  # encrypted: cannot be checked
        raise ArchiveRefused(UNSAFE_MEMBER, name)
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise ArchiveRefused(UNSAFE_MEMBER, name)
    seen.add(name.lower())


def _data_start(stream: IO[bytes], info: zipfile.ZipInfo) -> int:
    stream.seek(info.header_offset)
    header = stream.read(LOCAL_HEADER.size)
    if len(header) != LOCAL_HEADER.size:
        raise ArchiveRefused(CORRUPT, info.filename)
    fields = LOCAL_HEADER.unpack(header)
    if fields[0] != LOCAL_SIGNATURE:
        raise ArchiveRefused(CORRUPT, info.filename)
    name_length, extra_length = fields[9], fields[10]
    return info.header_offset + LOCAL_HEADER.size + name_length + extra_length


def _inflate(
    stream: IO[bytes],
    info: zipfile.ZipInfo,
    end: int,
    remaining: int,
    limits: ZipLimits,
) -> int:
    """Inflate one member (at most up to ``end``); return the bytes produced."""
    start = _data_start(stream, info)
    if start > end:
        raise ArchiveRefused(CORRUPT, info.filename)
    chunk_size = _chunk_size(limits)
    runs = (
        _TextRuns(limits.max_text_run)
        if limits.max_text_run is not None
        and info.filename.lower().endswith(XML_SUFFIXES)
        else None
    )
    produced = 0
    crc = 0
    first = True

    def emit(data: bytes) -> None:
        nonlocal produced, crc, first
        if not data:
            return
        produced += len(data)
        if produced > info.file_size:
            # More than the directory declared: the trick that makes a bomb
            # look small to any tool that believes it.
            raise ArchiveRefused(FALSIFIED_SIZE, info.filename)
        if produced > remaining:
            raise ArchiveRefused(TOO_LARGE, info.filename)
        if first:
            first = False
            if data.startswith(ARCHIVE_MAGICS):
                raise ArchiveRefused(NESTED_ARCHIVE, info.filename)
        if runs is not None and not runs.feed(data):
            raise ArchiveRefused(LONG_TEXT, info.filename)
        crc = zlib.crc32(data, crc)

    stream.seek(start)
    if info.compress_type == zipfile.ZIP_STORED:
        left = min(info.compress_size, end - start)
        while left > 0:
            data = stream.read(min(chunk_size, left))
            if not data:
                break
            left -= len(data)
            emit(data)
    else:
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        left = end - start
        try:
            while left > 0 and not inflater.eof:
                pending = stream.read(min(CHUNK, left))
                if not pending:
                    break
                left -= len(pending)
                while pending and not inflater.eof:
                    emit(inflater.decompress(pending, chunk_size))
                    pending = inflater.unconsumed_tail
        except zlib.error as error:
            raise ArchiveRefused(CORRUPT, info.filename) from error
        if not inflater.eof:
            raise ArchiveRefused(CORRUPT, info.filename)
    if produced != info.file_size or crc != info.CRC:
        raise ArchiveRefused(CORRUPT, info.filename)
    return produced


def check_zip(stream: IO[bytes], limits: ZipLimits) -> list[zipfile.ZipInfo]:
    """Inflate every member of the seekable zip ``stream`` within ``limits``.

    Returns the members; raises :class:`ArchiveRefused` at the first problem.
    The stream is left at its start for the library that reads it next. Time
    is bounded by the budget (zlib inflates hundreds of MB a second), memory by
    a few chunks.
    """
    try:
        stream.seek(0)
        archive = zipfile.ZipFile(stream)
        infos = archive.infolist()
        directory = archive.start_dir
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, struct.error) as error:
        raise ArchiveRefused(CORRUPT) from error
    if len(infos) > limits.max_members:
        raise ArchiveRefused(TOO_MANY_MEMBERS)
    seen: set[str] = set()
    for info in infos:
        _check_member(info, seen)
    # What the directory declares first (cheap, and most bombs are honest
    # about it); the inflating below catches the dishonest ones.
    if sum(info.file_size for info in infos) > limits.max_unpacked_bytes:
        raise ArchiveRefused(TOO_LARGE)
    offsets = sorted({info.header_offset for info in infos} | {directory})
    remaining = limits.max_unpacked_bytes
    for info in infos:
        index = offsets.index(info.header_offset)
        end = offsets[index + 1] if index + 1 < len(offsets) else directory
        remaining -= _inflate(stream, info, end, remaining, limits)
    stream.seek(0)
    return infos
