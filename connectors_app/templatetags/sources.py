"""Filters for sources: `{{ url|source_label }}`, a source URL as a reader scans it,
host and path; `{{ iso|iso_date|date:"j F Y" }}`, a catalogue's ISO check date as a date."""

import re
from datetime import date
from urllib.parse import urlsplit

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def source_label(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.netloc.removeprefix('www.')}{parts.path}".rstrip("/")


@register.filter
def iso_date(value: str) -> date | None:
    """The catalogue's "2026-11-26" as a date (None when empty or malformed)."""
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


_CHART_NAME = re.compile(r'aria-labelledby="([\w-]*?)svg-title \1svg-desc"')


@register.filter
def chart_described_by(svg: str, steps_id: str) -> SafeString:
    """The chart's SVG with a short accessible name (its <title>) and, as its
    description, the path list under it (`steps_id`) instead of the <desc> that says
    the same again: a screen reader hears the path once, from the list."""
    # Safe: our own dot output (figure.py marks it so), and an id from our own figure.
    described = _CHART_NAME.sub(
        lambda m: f'aria-labelledby="{m[1]}svg-title" aria-describedby="{steps_id}"', svg, count=1
    )
    return mark_safe(described)
