"""Who may frame the embeddable wizard.

Framing is denied everywhere (X-Frame-Options DENY, frame-ancestors 'none'); the embed
views replace frame-ancestors with the app's own origin plus the origins in
settings.EMBED_ALLOWED_ORIGINS. The setting is read per request, so a deploy's
environment and a test's override both take effect without a restart.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from csp.constants import SELF
from csp.decorators import csp_replace
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.views.decorators.clickjacking import xframe_options_exempt

logger = logging.getLogger(__name__)

# A serialised origin (scheme, host, optional port) and nothing else: no path, no
# wildcard, no quoted keyword. postMessage needs an exact origin, and a stray value
# must not widen or break the CSP header.
_ORIGIN = re.compile(
    r"^https?://(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$"
)


def allowed_origins() -> list[str]:
    """The other sites' origins allowed to frame /embed/, as configured; bad entries are
    logged and skipped."""
    origins = []
    for raw in getattr(settings, "EMBED_ALLOWED_ORIGINS", ()):
        origin = raw.strip().rstrip("/").lower()
        if _ORIGIN.match(origin):
            origins.append(origin)
        else:
            logger.warning(
                "EMBED_ALLOWED_ORIGINS: %r is not an origin (https://docs.example.com); ignored.",
                raw,
            )
    return list(dict.fromkeys(origins))


def frame_ancestors() -> list[str]:
    """The frame-ancestors sources for the embed views: 'self' first, then each allowed origin."""
    return [SELF, *allowed_origins()]


R = TypeVar("R", bound=HttpResponseBase)


def frameable_by_embedders(view: Callable[..., R]) -> Callable[..., R]:
    """Let the allowed origins frame this view's responses, error responses included.

    csp_replace (never csp_update, which would keep the global 'none' beside the
    origins) is applied per call so it sees the setting of the moment.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> R:
        framed = csp_replace({"frame-ancestors": frame_ancestors()})(xframe_options_exempt(view))
        return cast(R, framed(request, *args, **kwargs))

    return wrapped
