"""``GET /api/v2/procedures/``: the catalogue, with the catalogue page's filters.

Filters: ``sector`` and ``agency`` (ids), ``tier``, ``level``, ``online_kind``,
``user_type`` (choice values, as in the import columns) and ``site`` (host name).
Without ``site``, a sub-site's host answers with its own procedures and the
provincial portal's host with every site's (like the catalogue pages).
Pagination and field selection are Wagtail API v2's (``limit``, ``offset``,
``fields``); detail at ``/api/v2/procedures/<id>/``.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.models import Site

from cms.core.portal import is_portal
from procedure_pages.models import ProcedurePage
from procedure_pages.services import FILTERS, apply_filters, parse_filters


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
                raise BadRequestError(
                    _("No site has the host name %(hostname)s.")
                    % {"hostname": hostname}
                )
            return site
        site = Site.find_for_request(self.request)
        return None if site is None or is_portal(site) else site

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
