"""Uncached PDFs render in the host's render pool, never in the worker that took the
request (make serve).

nginx passes every request to the page workers. A PDF the cache holds goes out at once.
For one that must be rendered, the page worker answers `X-Accel-Redirect` to
PDF_RENDER_POOL and is free for the next page straight away: nginx passes the request on
to the render pool (a gunicorn of its own, one sync worker per render slot), and while
it waits for its turn it holds a connection in nginx, not a worker a wizard step needs.
nginx lets PDF_RENDER_QUEUE such requests per host render or wait; one more gets the
busy page (503 with Retry-After), which nginx asks the page workers for with
`X-Render-Pool: full` (a header it clears on every request from a client); when the
pool fails to answer, `X-Render-Pool: failed` asks for the page that says so.

Each host has its own pool and queue, so the design holds behind a load balancer, and a
rendered PDF goes into the shared cache for every host. Without a pool (make run, the
tests, SERVE_PROXY=none) a worker renders in its own child, within the render slots.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse

FULL_HEADER = "X-Render-Pool"
FULL = "full"  # the host's queue of renders is full: the busy page
FAILED = "failed"  # the pool did not answer (down, or too long a wait): could not be made


def hand_off(path: str) -> HttpResponse | None:
    """The answer that passes a request for `path` (the canonical URL of what it asks
    for, so a long junk query cannot outgrow nginx's header buffer) to the render pool,
    or None without one. Nothing else in it: nginx keeps some of its headers (such as
    Cache-Control) in the answer the pool gives, and http_cache never keeps it."""
    prefix = getattr(settings, "PDF_RENDER_POOL", "")
    if not prefix:
        return None
    response = HttpResponse()
    # nginx follows it internally: the client never sees this response or the prefix.
    response["X-Accel-Redirect"] = prefix + path
    return response


def sent_back(request: HttpRequest) -> str:
    """FULL or FAILED when nginx sends a handed-off request back to a page worker for
    the page that says so (its rate limit was counted on the first pass), else ""."""
    state = request.headers.get(FULL_HEADER, "")
    return state if state in (FULL, FAILED) else ""
