"""A URLconf with a view that fails, to exercise the 500 handler for real."""

from django.urls import include, path


def boom(request):
    raise RuntimeError("a deliberate failure")


urlpatterns = [
    path("embed/boom/", boom),
    path("", include("connectors_app.urls")),
]

handler500 = "connectors_app.views.errors.server_error"
