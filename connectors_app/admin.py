from typing import TYPE_CHECKING

from django.contrib import admin

from connectors_app.models import InsightCount, SavedReport

# ModelAdmin is generic only to the type checker (django-stubs); at run time it is not
# subscriptable without django-stubs-ext's monkeypatch.
if TYPE_CHECKING:
    SavedReportAdminBase = admin.ModelAdmin[SavedReport]
    InsightCountAdminBase = admin.ModelAdmin[InsightCount]
else:
    SavedReportAdminBase = InsightCountAdminBase = admin.ModelAdmin


@admin.register(SavedReport)
class SavedReportAdmin(SavedReportAdminBase):
    list_display = ("id", "created", "model_version", "workspace_name")
    search_fields = ("id", "workspace_name")
    date_hierarchy = "created"
    readonly_fields = (
        "id",
        "answers",
        "workspace_name",
        "model_version",
        "recommendation",
        "created",
    )
    exclude = ("delete_token_hash",)

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(InsightCount)
class InsightCountAdmin(InsightCountAdminBase):
    list_display = ("day", "event", "key", "count")
    list_filter = ("event",)
    date_hierarchy = "day"
