from typing import Any

from django.core.cache import caches
from django.core.management.base import BaseCommand

from connectors_app.flowchart.graph import every_highlight
from connectors_app.flowchart.svg import prerender


class Command(BaseCommand):
    help = (
        "Render every flowchart the pages can show into the cache, so that no visitor "
        "waits for `dot`. Worth it when the cache is shared (REDIS_URL): make serve runs it "
        "before the workers start."
    )
    requires_system_checks = ()  # nothing here needs the URLconf

    def handle(self, *args: Any, **options: Any) -> None:
        if not _reachable():
            # Not fatal: the site serves, and each worker renders a chart on first use.
            self.stderr.write("The cache is unreachable: no flowchart prerendered.")
            return
        charts = every_highlight()
        rendered = prerender(charts)
        backend = type(caches["default"]).__name__
        self.stdout.write(
            f"{len(charts)} flowcharts: {rendered} rendered, "
            f"{len(charts) - rendered} already in the cache ({backend})."
        )


def _reachable() -> bool:
    try:
        caches["default"].set("prerender-charts-probe", "ok", 10)
        return bool(caches["default"].get("prerender-charts-probe") == "ok")
    except Exception:
        return False
