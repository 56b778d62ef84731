"""``GET /api/v2/procedures/``: the catalogue, with the catalogue page's filters.

Filters: ``sector`` and ``agency`` (ids), ``tier``, ``level``, ``online_kind``,
``user_type`` (choice values, as in the import columns) and ``site`` (host name).
Without ``site``, a sub-site's host answers with its own procedures and the
provincial portal's host with every site's (like the catalogue pages).
Pagination and field selection are Wagtail API v2's (``limit``, ``offset``,
``fields``); detail at ``/api/v2/procedures/<id>/``.

Every parameter is read through ``cms.core.querystring`` (strict): a value the
API cannot use is a 400 ``{"message", "parameter"}`` naming it, never a 500.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.models import Site

from cms.core import querystring
from cms.core.portal import is_portal
from procedure_pages.models import ProcedurePage
from procedure_pages.services import FILTERS, apply_filters, parse_filters

# Wagtail's page filters take a page id (or "root"); checked before Wagtail
# looks the page up, which on this specific model fails with an error of its own.
PAGE_REFERENCES = ("child_of", "descendant_of", "ancestor_of", "translation_of")
_PAGE_ID = querystring.integer(min_value=1)


def _page_reference(raw: str) -> str | int:
    return raw if raw == "root" else _PAGE_ID(raw)


class ProceduresAPIViewSet(PagesAPIViewSet):
    model = ProcedurePage
    name = "procedures"
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(FILTERS)
    listing_default_fields = [
        *PagesAPIViewSet.listing_default_fields,
        "code",
        "tier",
        "level",
        "online_kind",
        "user_type",
        "sector_name",
        "agency_name",
    ]

    def _site_scope(self) -> Site | None:
        """The site whose procedures are listed; None means every site."""
        hostname = self.request.GET.get("site")
        if hostname:
            site = Site.objects.filter(hostname=hostname).first()
            if site is None:
                message = _("No site has the host name %(hostname)s.") % {
                    "hostname": hostname
                }
                raise querystring.InvalidParameter("site", message, message=message)
            return site
        site = Site.find_for_request(self.request)
        return None if site is None or is_portal(site) else site

    def check_query_parameters(self, queryset: QuerySet) -> None:
        super().check_query_parameters(queryset)
        querystring.parse(
            self.request.GET,
            dict.fromkeys(PAGE_REFERENCES, _page_reference),
            strict=True,
        )

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        try:
            return super().filter_queryset(queryset)
        except ObjectDoesNotExist as error:
            # Wagtail looks the referenced page up among procedures only.
            name = next(
                (n for n in PAGE_REFERENCES if n in self.request.GET), "child_of"
            )
            raise querystring.InvalidParameter(
                name, querystring.names_nothing().reason
            ) from error

    def get_base_queryset(self) -> QuerySet:
        procedures = ProcedurePage.objects.live().public()
        site = self._site_scope()
        if site is not None:
            procedures = procedures.descendant_of(site.root_page)
        return procedures

    def get_queryset(self) -> QuerySet:
        chosen = parse_filters(self.request.GET)
        procedures = apply_filters(self.get_base_queryset(), chosen)
        return procedures.select_related("sector", "lead_agency").order_by("code")

    def handle_exception(self, exc: Exception) -> Any:
        if isinstance(exc, querystring.InvalidParameter):
            return Response(
                {"message": exc.message, "parameter": exc.name},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return super().handle_exception(exc)
