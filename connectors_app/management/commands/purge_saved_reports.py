from typing import Any

from django.core.management.base import BaseCommand

from connectors_app.saved_reports import purge_expired, retention


class Command(BaseCommand):
    help = "Delete saved reports older than SAVED_REPORT_RETENTION_DAYS."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = purge_expired()
        days = retention().days
        self.stdout.write(f"Deleted {deleted} saved report(s) older than {days} days.")
