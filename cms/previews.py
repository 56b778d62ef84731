"""Previews for headless front ends (issue 14), on Wagtail's own v3 API.

An editor previews a draft in an external front end: the page editor's header
offers "Preview in the front end" when a front-end URL is configured for the
page's site (``HEADLESS_PREVIEW_URLS``: host name → URL, ``default`` for every
other site). The link opens ``<front-end URL>?token=…&api=<API v3 base>``; the
front end reads the draft from ``GET /api/v3/previews/{token}`` in the shape of
``GET /api/v3/pages/{id}/`` (Wagtail's page schemas). The token is signed, names
one revision and expires after ``HEADLESS_PREVIEW_TTL`` seconds: no API token
is handed to the front end, and a token shows nothing but that draft.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from wagtail.api.v3.routers.pages import PageDetailSchema
from wagtail.models import Page, Revision, Site

router = Router(tags=["previews"])
SALT = "cms.previews"


def front_end_url(site: Site | None) -> str:
    """The configured front end of ``site`` (or the default one), or ""."""
    urls: dict[str, str] = getattr(settings, "HEADLESS_PREVIEW_URLS", {}) or {}
    hostname = site.hostname if site is not None else ""
    return urls.get(hostname) or urls.get("default") or ""


def make_token(revision: Revision) -> str:
    return signing.dumps({"revision": revision.pk}, salt=SALT, compress=True)


def revision_of(token: str) -> Revision | None:
    max_age = int(getattr(settings, "HEADLESS_PREVIEW_TTL", 3600))
    try:
        data = signing.loads(token[:500], salt=SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("revision"), int):
        return None
    return Revision.page_revisions.filter(pk=data["revision"]).first()


def preview_link(page: Page) -> str | None:
    """Where the editor's button points for ``page``'s latest revision."""
    site = page.get_site()
    base = front_end_url(site)
    revision = page.get_latest_revision()
    if site is None or not base or revision is None:
        return None
    query = urlencode(
        {"token": make_token(revision), "api": f"{site.root_url.rstrip('/')}/api/v3"}
    )
    return f"{base}{'&' if '?' in base else '?'}{query}"


@router.get(
    "/{token}",
    response={200: PageDetailSchema},
    summary="A draft page for a front end's preview",
    description="The content of one page revision, shaped as GET "
    "/api/v3/pages/{id}/, for the token of the editor's preview link.",
    operation_id="previews_detail",
)
def preview(request: HttpRequest, token: str) -> Any:
    revision = revision_of(token)
    if revision is None:
        raise Http404(_("This preview link is not valid or has expired."))
    return revision.as_object()
