"""Deployment checks of our own, run by `manage.py check --deploy`."""

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register


@register(Tags.security, deploy=True)
def public_base_url(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    url = getattr(settings, "PUBLIC_BASE_URL", "")
    if not url:
        return [
            Warning(
                "PUBLIC_BASE_URL is not set: absolute links (share, PDF, embed snippet) "
                "follow the request's Host header.",
                hint="Set PUBLIC_BASE_URL to the public origin, e.g. https://wizard.example.com.",
                id="genie_site.W001",
            )
        ]
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc or parts.query:
        return [
            Warning(
                f"PUBLIC_BASE_URL={url!r} is not an origin such as https://wizard.example.com.",
                id="genie_site.W002",
            )
        ]
    if settings.SECURE_SSL_REDIRECT and parts.scheme != "https":
        return [
            Warning(
                "PUBLIC_BASE_URL should be https when SSL redirect is on.", id="genie_site.W003"
            )
        ]
    return []
