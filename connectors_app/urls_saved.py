from django.urls import path

from connectors_app.views import saved

app_name = "saved"

urlpatterns = [
    path("r/", saved.home_redirect, name="index"),
    path("r/new/", saved.new, name="new"),
    path("r/<str:report_id>/", saved.detail, name="detail"),
    path("r/<str:report_id>/report.pdf", saved.pdf, name="pdf"),
    path("r/<str:report_id>/delete/", saved.delete, name="delete"),
]
