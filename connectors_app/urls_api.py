from django.urls import path

from connectors_app.views import api_public

app_name = "api"

urlpatterns = [
    path("api/", api_public.api_page, name="index"),
    path("api/openapi.json", api_public.openapi, name="openapi"),
    path("api/questions", api_public.questions, name="questions"),
    path("api/connectors", api_public.connectors, name="connectors"),
    path("api/reports", api_public.reports, name="reports"),
    path("api/reports/<str:report_id>", api_public.report, name="report"),
]
