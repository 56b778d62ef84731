"""Headless APIs: Wagtail API v2 (kept working) and Wagtail 8's API v3.

Each app owns its v3 router module; they are mounted here, on Wagtail's own v3
API object, so the OpenAPI document at ``/api/v3/openapi.json`` describes them
all. The conventions every router follows (problem details, paging, caching,
rate limits, language) live in ``cms.core.api``; ``api_v3_urls`` is the API with
every view wrapped by them.
"""

from typing import Any

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.api.v3.urls import api as api_v3
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from cms.core import api as conventions
from cms.previews import router as previews_router
from dossiers.api import router as dossiers_router
from forms_library.api import forms_router, procedure_forms, procedure_service
from forms_library.api import router as services_router
from procedure_pages.api import ProceduresAPIViewSet, register_detail_extension
from procedure_pages.api import router as procedures_router
from search.api import router as search_router
from sites.api import router as units_router

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)
api_router.register_endpoint("procedures", ProceduresAPIViewSet)

# API v3 (PORTAL.md §7). Routers must be added before ``api_v3.urls`` is read.
api_v3.title = "Cổng dịch vụ công – API v3"
api_v3.description = (
    "Wagtail's API v3 (pages, sites, tokens) with the portal's routers: the "
    "procedure catalogue, units, forms, search, online services and dossiers. "
    "Errors are RFC 9457 problem details (`application/problem+json`), in "
    "Vietnamese unless `Accept-Language: en`. Listings take `limit` (at most "
    f"{conventions.MAX_LIMIT}) and `offset` and answer `{{count, items}}`. "
    "Staff endpoints need `Authorization: Bearer <Wagtail API token>`."
)
api_v3.add_router("/procedures/", procedures_router)
api_v3.add_router("/units/", units_router)
api_v3.add_router("/forms/", forms_router)
api_v3.add_router("/search/", search_router)
api_v3.add_router("/services/", services_router)
api_v3.add_router("/dossiers/", dossiers_router)
api_v3.add_router("/previews/", previews_router)
conventions.install(api_v3)

# A procedure's record shows its forms and online service (an app above it).
register_detail_extension(procedure_forms)
register_detail_extension(procedure_service)

_ninja_openapi = api_v3.get_openapi_schema


def _openapi(**kwargs: Any) -> Any:
    return conventions.finish_openapi(_ninja_openapi(**kwargs))


api_v3.get_openapi_schema = _openapi

# Dossiers are personal data, previews unpublished drafts: never stored by a
# shared cache.
api_v3_urls = conventions.wrap_urls(
    api_v3.urls,
    private_prefixes=(
        f"{conventions.PREFIX}dossiers/",
        f"{conventions.PREFIX}previews/",
    ),
)
