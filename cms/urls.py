from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.api import api_router, api_v3_urls
from cms.views import switch_language
from search import views as search_views
from sites import admin_scope

urlpatterns = [
    # Admin views scoped to the editor's own pages, in front of Wagtail's own.
    path("admin/", include(admin_scope)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Before the Wagtail API router, which would otherwise claim api/v2/search/.
    path("api/v2/search/", include("search.urls")),
    path("api/v2/", api_router.urls),
    path("api/v3/", api_v3_urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # The footer's language links (GET: pages carry no CSRF token).
    path("ngon-ngu/", switch_language, name="switch-language"),
    path("tim-kiem/", search_views.search, name="search"),
    path("tra-cuu-ho-so/", include("dossiers.urls")),
    path("phan-anh-kien-nghi/", include("dossiers.feedback_urls")),
    path("thong-ke/", include("dashboards.urls")),
    path("", include("themes.urls")),  # /favicon.ico on every site
    path("", include("sites.urls")),  # the visitor counter
    path("", include("forms_library.urls")),
]

# API v3 answers every error as problem details, these two included.
handler404 = "cms.core.api.page_not_found"
handler500 = "cms.core.api.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
