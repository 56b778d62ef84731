"""JPG and PNG: markup in metadata, in compressed data or after the end marker."""

from __future__ import annotations

from forms_library.validation import messages
from forms_library.validation.base import (
    ACTIVE_MARKUP,
    PNG_MAGIC,
    FileKind,
    has_strong_markup,
    reject,
)


def _png_parts(data: bytes) -> tuple[list[bytes], bytes, bytes] | None:
    """Split a PNG into (metadata chunks, image data, bytes after IEND)."""
    pos = len(PNG_MAGIC)
    metadata: list[bytes] = []
    pixels: list[bytes] = []
    while pos + 12 <= len(data):
        length = int.from_bytes(data[pos : pos + 4], "big")
        chunk_type = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        if len(body) != length:
            return None
        (pixels if chunk_type == b"IDAT" else metadata).append(chunk_type + body)
        pos += 12 + length
        if chunk_type == b"IEND":
            return metadata, b"".join(pixels), data[pos:]
    return None


def _jpeg_parts(data: bytes) -> tuple[list[bytes], bytes, bytes] | None:
    """Split a JPEG into (header segments, entropy data, bytes after EOI)."""
    pos = 2
    segments: list[bytes] = []
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        segments.append(data[pos + 4 : pos + 2 + length])
        pos += 2 + length
        if marker == 0xDA:  # start of scan: compressed data until the last EOI
            end = data.rfind(b"\xff\xd9")
            if end < pos:
                return None
            return segments, data[pos:end], data[end + 2 :]
    return None


def check_image(kind: FileKind, data: bytes) -> None:
    """Look for markup in metadata, compressed data and after the end marker."""
    parts = _png_parts(data) if kind.code == "png" else _jpeg_parts(data)
    if parts is None:
        reject(messages.CORRUPT, "corrupt")
    metadata, pixels, trailing = parts
    if (
        trailing.strip(b"\x00\r\n ")
        or any(ACTIVE_MARKUP.search(chunk) for chunk in metadata)
        or has_strong_markup(pixels)
    ):
        reject(messages.POLYGLOT_MARKUP, "polyglot", type=kind.label)
