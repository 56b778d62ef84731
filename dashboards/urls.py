"""Public statistics on every site (PORTAL.md §7: /thong-ke/)."""

from django.urls import path

from dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.public_statistics, name="public"),
]
