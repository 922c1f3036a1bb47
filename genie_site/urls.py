from django.urls import include, path

urlpatterns = [
    path("", include("connectors_app.urls")),
]
