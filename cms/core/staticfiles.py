"""The static files storage of the production profile."""

from __future__ import annotations

from collections.abc import Callable
from re import Match
from typing import Any

from whitenoise.storage import (  # type: ignore[import-untyped]
    CompressedManifestStaticFilesStorage,
)


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's compressed (gzip, br) and fingerprinted storage, except that a
    source map a file names but nobody ships (a vendored, minified library's
    ``//# sourceMappingURL=…``) keeps its comment instead of failing
    ``collectstatic``: a source map only helps a developer's browser tools, and a
    deploy must not stop for it. Every other missing reference still fails."""

    def url_converter(
        self, name: str, hashed_files: dict[str, str], template: str | None = None
    ) -> Callable[[Match[str]], str]:
        converter = super().url_converter(name, hashed_files, template)

        def convert(match: Match[str]) -> str:
            try:
                return str(converter(match))
            except ValueError:
                url: Any = match.groupdict().get("url", "")
                if str(url).split("?", 1)[0].endswith(".map"):
                    return str(match.group(0))
                raise

        return convert
