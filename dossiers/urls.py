"""Tracking without an account, on every site (PORTAL.md §7: /tra-cuu-ho-so/)."""

from django.urls import path

from dossiers import views

app_name = "dossiers"

urlpatterns = [
    path("", views.track, name="track"),
    path("<str:token>/", views.status, name="status"),
    path("<str:token>/bien-nhan/", views.receipt, name="receipt"),
    path("<str:token>/bien-nhan.pdf", views.receipt_pdf, name="receipt_pdf"),
    path("<str:token>/qr.svg", views.qr, name="qr"),
    path("<str:token>/bo-sung/", views.supplement, name="supplement"),
    path("<str:token>/danh-gia/", views.rate, name="rate"),
    path("<str:token>/rut-ho-so/", views.withdraw, name="withdraw"),
    path("<str:token>/ket-qua/<int:file_pk>/", views.result_file, name="result"),
    path("<str:token>/phieu/<str:kind>.pdf", views.slip_pdf, name="slip"),
]
