from django.urls import path

from search import views

urlpatterns = [
    path("", views.api_search, name="search-api"),
    path("suggest/", views.api_suggest, name="search-suggest"),
    path("opened/", views.api_opened, name="search-opened"),
]
