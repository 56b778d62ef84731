"""The dossiers suite's province and desk, reused for the figures."""

from tests.dossiers.conftest import (  # noqa: F401
    desk,
    fresh_limits_and_vietnamese,
    private_storage,
    province,
)
