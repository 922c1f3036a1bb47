"""`{{ url|source_label }}`: a source URL as a reader scans it, host and path."""

from urllib.parse import urlsplit

from django import template

register = template.Library()


@register.filter
def source_label(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.netloc.removeprefix('www.')}{parts.path}".rstrip("/")
