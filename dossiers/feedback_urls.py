"""Citizens' feedback on every site (``/phan-anh-kien-nghi/``)."""

from django.urls import path

from dossiers import feedback_views

app_name = "feedback"

urlpatterns = [
    path("", feedback_views.page, name="page"),
    path("tra-cuu/", feedback_views.lookup, name="lookup"),
    path("<str:token>/", feedback_views.status, name="status"),
]
