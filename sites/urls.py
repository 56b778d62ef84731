"""Public URLs of the sites app (the pages themselves are Wagtail's)."""

from django.urls import path

from sites import views

urlpatterns = [
    path("luot-truy-cap/", views.visit_counter, name="visit-counter"),
]
