from django.urls import path

from connectors_app.views import insights

app_name = "insights"

urlpatterns = [
    path("insights/", insights.insights_page, name="index"),
]
