from django.urls import path

from themes import views

urlpatterns = [
    path("favicon.ico", views.favicon, name="favicon"),
    path("giao-dien.css", views.site_colours, name="site-colours"),
]
