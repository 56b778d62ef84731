"""System checks of the forms library.

- ``forms_library.W001``: no virus scanner is configured. Uploads are then
  checked by content only and served without a virus scan; production sets
  ``CLAMD_URL`` (README, production notes). The test settings silence it when
  they run without clamd, on purpose.
- ``forms_library.E001``: ``VIRUS_SCANNER`` names a backend that cannot be built.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

from forms_library.validation.scanners import get_scanner


@register(Tags.security)
def check_virus_scanner(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    if not getattr(settings, "VIRUS_SCANNER", None):
        return [
            Warning(
                "No virus scanner is configured: uploaded files are checked by "
                "content only and served without a virus scan.",
                hint="Set CLAMD_URL to a clamd that has the official signatures "
                "(see the README's production notes).",
                id="forms_library.W001",
            )
        ]
    try:
        get_scanner()
    except (ImportError, KeyError, TypeError, ValueError) as error:
        return [
            Error(
                f"VIRUS_SCANNER cannot be built: {error}",
                hint='Use {"BACKEND": "<dotted path>", "OPTIONS": {...}}.',
                id="forms_library.E001",
            )
        ]
    return []
