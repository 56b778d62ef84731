"""The sections a new unit's site starts with, contributed by the apps.

Provisioning sits below the catalogue and the forms library in the layers, so it
cannot name their pages. Each app registers a Wagtail hook
``register_site_sections`` instead: a function that takes a ``SectionRequest`` and
returns the (unsaved) pages to add under the new home page, or none. Hooks run in
their ``order``, which is the order of the sections in the site's menu.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from wagtail import hooks
from wagtail.models import Page

from sites.models import ContactPage, DirectoryPage, UnitKind

SECTION_HOOK = "register_site_sections"
CONTACT_SLUG = "lien-he"
DIRECTORY_SLUG = "danh-ba"
DIRECTORY_TITLE = "Danh bạ trang thông tin đơn vị"


@dataclass(frozen=True)
class SectionRequest:
    """What a section builder may know about the unit whose site is created."""

    kind: str
    name: str


SectionBuilder = Callable[[SectionRequest], list[Page]]


def sections_for(request: SectionRequest) -> list[Page]:
    """Every registered section for a new site, in hook order."""
    pages: list[Page] = []
    for builder in hooks.get_hooks(SECTION_HOOK):
        pages.extend(builder(request))
    return pages


def directory_page() -> DirectoryPage:
    return DirectoryPage(
        title=DIRECTORY_TITLE,
        slug=DIRECTORY_SLUG,
        intro="Trang thông tin điện tử của các sở, ban, ngành, huyện, thành phố "
        "và xã, phường, thị trấn trong tỉnh.",
        show_in_menus=True,
    )


def directory_section(request: SectionRequest) -> list[Page]:
    """The portal lists every unit's site."""
    return [directory_page()] if request.kind == UnitKind.PROVINCE else []


def contact_section(request: SectionRequest) -> list[Page]:
    return [ContactPage(title="Liên hệ", slug=CONTACT_SLUG, show_in_menus=True)]
