"""Slugs of procedure pages, the same rule for editors as for the importer
(``procedure_pages.transfer.writer``): the procedure code ("1.004227" gives
"1004227"), else an ASCII slug of the title; never accented, never clashing.

A unit's site serves a shared procedure at ``<catalogue>/<slug>/`` looked up by
slug alone (``procedure_pages.handling``), so a slug is kept unique among all
procedure pages, not only among its siblings. A clash (two "add" screens with
the same title, an autosaved draft) gets the next free ``-2``, ``-3``… suffix.
"""

from __future__ import annotations

from typing import Any

from django.utils.text import slugify
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page

from cms.core.text import ascii_fold

FALLBACK_SLUG = "thu-tuc"
MAX_LENGTH = 255


def ascii_slug(text: str) -> str:
    """ "Đăng ký kết hôn" -> "dang-ky-ket-hon"; "1.004227" -> "1004227"."""
    return slugify(ascii_fold(text))[:MAX_LENGTH].strip("-")


def base_slug(code: str, title: str) -> str:
    return ascii_slug(code) or ascii_slug(title) or FALLBACK_SLUG


def free_slug(base: str, parent: Page | None, exclude_pk: int | None) -> str:
    """``base``, or ``base-2``, ``base-3``… : the first one no other procedure
    page (and no sibling page) uses."""
    from procedure_pages.models import ProcedurePage

    taken = set(
        ProcedurePage.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    if parent is not None:
        taken |= set(
            parent.get_children()
            .filter(slug__startswith=base)
            .exclude(pk=exclude_pk)
            .values_list("slug", flat=True)
        )
    slug, number = base, 2
    while slug in taken:
        suffix = f"-{number}"
        slug = f"{base[: MAX_LENGTH - len(suffix)]}{suffix}"
        number += 1
    return slug


def procedure_slug(
    page: Any, parent: Page | None, *, code: str, title: str, wanted: str
) -> str:
    """The slug ``page`` gets when saved under ``parent``.

    Until it is first published, a page's slug follows its code (or title), so a
    draft autosaved before its code was typed still ends up at ``/<code>/``.
    Afterwards its address stays as it is, folded to ASCII if someone typed
    accents, and moved to a free one only on a clash.
    """
    if page.pk is None or page.first_published_at is None:
        base = base_slug(code, title)
    else:
        base = ascii_slug(wanted) or base_slug(code, title)
    return free_slug(base, parent, page.pk)


class ProcedurePageForm(WagtailAdminPageForm):
    """The editor's form of a procedure page: the slug follows the rule above
    whatever the slug field says (Wagtail would fill it from the title, with
    accents, and refuse a clash)."""

    def clean(self) -> dict[str, Any]:
        data = self.cleaned_data
        parent = self.parent_page or self.instance.get_parent()
        data["slug"] = procedure_slug(
            self.instance,
            parent,
            code=data.get("code") or self.instance.code or "",
            title=data.get("title") or self.instance.title or "",
            wanted=data.get("slug") or "",
        )
        # An empty or accented slug field is not the editor's problem any more.
        if self._errors:
            self._errors.pop("slug", None)
        return super().clean()
