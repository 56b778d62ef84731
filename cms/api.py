"""Headless APIs: Wagtail API v2 (kept working) and Wagtail 8's API v3.

Each app owns its v3 router module; they are mounted here, on Wagtail's own v3
API object, so the OpenAPI document at ``/api/v3/openapi.json`` describes them
all.
"""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.api.v3.urls import api as api_v3
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from dossiers.api import router as dossiers_router
from forms_library.api import router as services_router
from procedure_pages.api import ProceduresAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)
api_router.register_endpoint("procedures", ProceduresAPIViewSet)

# API v3 (PORTAL.md §7). Routers must be added before ``api_v3.urls`` is read.
api_v3.add_router("/services/", services_router)
api_v3.add_router("/dossiers/", dossiers_router)
