"""Filters for sources: `{{ url|source_label }}`, a source URL as a reader scans it,
host and path; `{{ iso|iso_date|date:"j F Y" }}`, a catalogue's ISO check date as a date."""

from datetime import date
from urllib.parse import urlsplit

from django import template

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
