"""The project's additions to Wagtail's admin."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from cms.previews import preview_link


@hooks.register("register_page_header_buttons")
def headless_preview_button(
    page: Any, user: Any, view_name: str, next_url: str | None = None
) -> Iterator[Button]:
    """A "Preview in the front end" button when the page's site has one."""
    if view_name != "edit" or not page.permissions_for_user(user).can_edit():
        return
    url = preview_link(page)
    if url:
        yield Button(
            _("Preview in the front end"),
            url,
            icon_name="view",
            priority=5,
            attrs={"target": "_blank", "rel": "noopener noreferrer"},
        )
