"""Download URLs, plus a guard that keeps documents out of debug media serving."""

from django.conf import settings
from django.urls import path, re_path

from forms_library import views

app_name = "forms_library"

urlpatterns = [
    path("tai-bieu-mau/<int:form_id>/", views.download_form, name="download"),
    path(
        "tai-bieu-mau/phien-ban/<int:version_id>/",
        views.download_version,
        name="download_version",
    ),
    path(
        "tai-bieu-mau/thu-tuc/<int:page_id>/",
        views.download_procedure_forms,
        name="download_procedure",
    ),
    # Must come before the debug media route that cms/urls.py appends.
    re_path(
        r"^{}documents/(?P<path>.*)$".format(settings.MEDIA_URL.lstrip("/")),
        views.refuse_direct_media,
    ),
]
