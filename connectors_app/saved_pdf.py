"""A saved report's PDF: the advice as it was saved, from its stored JSON.

Same guards and rendering as pdf.py's: the render slot cap shared by the host, a render
in a forked child (so the worker's memory stays flat), the parsed print stylesheets, the
static-only URL fetcher and no base URL; the bytes are cached per report and model
version (a saved report never changes; the note about today's advice may).
"""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone

from connectors_app.decision import MODEL_VERSION
from connectors_app.models import SavedReport
from connectors_app.pdf import RenderFailed, print_html_to_pdf, render_slot, run_in_child
from connectors_app.saved_view_models import saved_page

logger = logging.getLogger(__name__)

TEMPLATE = "connectors/saved/report_pdf.html"
CACHE_SECONDS = 24 * 60 * 60


def _key(report: SavedReport, permanent_url: str) -> str:
    return f"saved-pdf:{report.pk}:{MODEL_VERSION}:{permanent_url}"


def cached_saved_report_pdf(*, report: SavedReport, permanent_url: str) -> bytes | None:
    """The PDF if the cache holds it, without rendering."""
    try:
        cached = cache.get(_key(report, permanent_url))
    except Exception:
        return None
    return cached if isinstance(cached, bytes) else None


def saved_report_pdf(*, report: SavedReport, permanent_url: str) -> bytes:
    cached = cached_saved_report_pdf(report=report, permanent_url=permanent_url)
    if cached is not None:
        return cached
    context = {
        "page": saved_page(report),
        "permanent_url": permanent_url,
        "printed": timezone.now(),
    }
    with render_slot():
        try:
            body = run_in_child(
                lambda: print_html_to_pdf(render_to_string(TEMPLATE, context), paper="a4")
            )
        except Exception as exc:
            logger.exception("saved-report PDF render failed for %s", report.pk)
            raise RenderFailed() from exc
    try:
        cache.set(_key(report, permanent_url), body, CACHE_SECONDS)
    except Exception:
        logger.warning("saved-report PDF not cached", exc_info=True)
    return body
