"""Uncached PDFs render in the host's render pool, never in the worker that took the
request (make serve).

nginx passes every request to the page workers. A PDF the cache holds goes out at once.
For one that must be rendered, the page worker answers `X-Accel-Redirect` to
PDF_RENDER_POOL and is free for the next page straight away: nginx passes the request on
to the render pool (a gunicorn of its own, one sync worker per render slot), and while
it waits for its turn it holds a connection in nginx, not a worker a wizard step needs.
nginx lets PDF_RENDER_QUEUE such requests per host render or wait; one more gets the
busy page (503 with Retry-After), which nginx asks the page workers for with
`X-Render-Pool: full` (a header it clears on every request from a client).

Each host has its own pool and queue, so the design holds behind a load balancer, and a
rendered PDF goes into the shared cache for every host. Without a pool (make run, the
tests, SERVE_PROXY=none) a worker renders in its own child, within the render slots.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse

FULL_HEADER = "X-Render-Pool"


def hand_off(request: HttpRequest) -> HttpResponse | None:
    """The answer that passes this request to the render pool, or None without one."""
    prefix = getattr(settings, "PDF_RENDER_POOL", "")
    if not prefix:
        return None
    response = HttpResponse()
    # nginx follows it internally: the client never sees this response or the prefix.
    response["X-Accel-Redirect"] = prefix + request.get_full_path()
    response["Cache-Control"] = "no-store"
    return response


def pool_is_full(request: HttpRequest) -> bool:
    """nginx found the host's queue of renders full and asks for the busy page."""
    return request.headers.get(FULL_HEADER) == "full"
