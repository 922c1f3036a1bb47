"""Rate limits on the expensive endpoints: a fixed-window counter in Django's cache.

Only requests the response cache could not answer are counted (http_cache calls
`limited()` on a miss): a cached PDF costs nothing, a cold one costs a render. With
REDIS_URL set the counters live in Redis, so every worker and every host shares them;
with the local-memory default each worker process counts on its own.

Limits come from the environment as "COUNT/SECONDS" (settings.RATELIMITS); "0" or an
empty value switches a class off. Why not django-ratelimit: it refuses a local-memory
cache outright and answers 403 unless wired to a view (docs/security-notes.md).
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

# Which endpoint class each (connectors:) URL name belongs to.
CLASSES = {
    "report-pdf": "pdf",
    "flowchart-svg": "flowchart",
    "flowchart-dot": "flowchart",
    "flowchart-mmd": "flowchart",
    "api-recommendation": "api",
}


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: int


def parse_limit(text: str) -> Limit | None:
    """ "30/60" is 30 requests a minute; "", "0" or "off" is no limit."""
    text = text.strip().lower()
    if text in {"", "0", "off", "none"}:
        return None
    count, _, seconds = text.partition("/")
    limit = Limit(int(count), int(seconds or 60))
    if limit.count < 1 or limit.seconds < 1:
        raise ValueError(f"a rate limit is COUNT/SECONDS, both positive: {text!r}")
    return limit


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR, or the header a trusted proxy sets (settings.RATELIMIT_CLIENT_IP_HEADER,
    a META key such as HTTP_X_REAL_IP). Never a header nobody vouches for: a client
    could then pick a fresh bucket for every request."""
    header = getattr(settings, "RATELIMIT_CLIENT_IP_HEADER", "")
    if header:
        # With several hops the last one was appended by the proxy we trust.
        value = str(request.META.get(header, "")).split(",")[-1].strip()
        if value:
            return value
    return str(request.META.get("REMOTE_ADDR", "") or "unknown")


def limited(request: HttpRequest, url_name: str) -> HttpResponse | None:
    """A 429 with Retry-After if this client used up its window for the endpoint's
    class, else None (and the request is counted)."""
    if not getattr(settings, "RATELIMIT_ENABLED", True):
        return None
    klass = CLASSES.get(url_name)
    spec = getattr(settings, "RATELIMITS", {}).get(klass, "") if klass else ""
    limit = parse_limit(spec) if spec else None
    if limit is None:
        return None
    now = time.time()
    window = int(now // limit.seconds)
    # Hashed: the address may come from a header, and cache keys have rules.
    who = hashlib.sha256(client_ip(request).encode()).hexdigest()[:16]
    key = f"ratelimit:{klass}:{who}:{limit.seconds}:{window}"
    try:
        cache.add(key, 0, limit.seconds + 1)
        try:
            used = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, limit.seconds + 1)
            used = 1
    except Exception:  # the cache is down: serve rather than fail (and say so)
        logger.warning("rate limit cache unavailable; %s not counted", klass, exc_info=True)
        return None
    if used <= limit.count:
        return None
    retry_after = max(1, math.ceil((window + 1) * limit.seconds - now))
    response = HttpResponse(
        f"Too many requests for this resource; retry in {retry_after} s.\n",
        status=429,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response
