"""Themes are tested on sites provisioned by the real service (shared fixtures)."""

from tests.sites.conftest import province, xay_dung  # noqa: F401
