from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from connectors_app.decision.gallery import gallery_markdown

GALLERY = Path(settings.BASE_DIR) / "docs" / "advice-gallery.md"


class Command(BaseCommand):
    help = "Write docs/advice-gallery.md: the advice for a dozen representative answer sets."
    requires_system_checks = ()

    def handle(self, *args: object, **options: object) -> None:
        GALLERY.write_text(gallery_markdown())
        self.stdout.write(f"Wrote {GALLERY.relative_to(settings.BASE_DIR)}")
