from django.contrib import admin
from django.urls import include, path

from connectors_app.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("", include("connectors_app.urls")),
    path("", include("connectors_app.urls_saved")),
    path("", include("connectors_app.urls_api")),
    path("", include("connectors_app.urls_insights")),
    path("admin/", admin.site.urls),
]

handler400 = "connectors_app.views.errors.bad_request"
handler404 = "connectors_app.views.errors.page_not_found"
handler500 = "connectors_app.views.errors.server_error"
