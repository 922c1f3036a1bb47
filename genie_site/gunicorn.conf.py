"""gunicorn's settings for `make serve` (genie_site/serve.py), from the environment.

Sync workers, one per core and one per PDF render slot (GUNICORN_WORKERS): pages are
CPU-bound and threads fight over the GIL (gthread did 2.5x worse in
docs/security-notes.md). GUNICORN_THREADS > 1 switches to gthread all the same; PDF
renders fork a child, which is safe from a single-threaded worker, so keep it at 1.

Sync workers read a request with the whole worker, so a client sending a byte a second
would hold one for the full timeout: serve.py puts nginx in front, which buffers each
request before gunicorn sees it (https://gunicorn.org/deploy). gunicorn then listens on
a Unix socket in a directory only the service can reach.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# One per core. Without a render pool (PDF_RENDER_POOL, render_pool.py) one more per PDF
# render slot: a worker whose PDF renders in a child only waits for it, and the cores
# stay with the pages.
_POOL = bool(os.environ.get("PDF_RENDER_POOL"))
_SLOTS = 0 if _POOL else max(1, int(os.environ.get("PDF_RENDER_SLOTS", "1")))
workers = int(os.environ.get("GUNICORN_WORKERS", str((os.cpu_count() or 2) + _SLOTS)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "sync" if threads <= 1 else "gthread"
# Above PDF_RENDER_TIMEOUT_SECONDS (45), which stops a stuck render first.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 20
keepalive = 2
# PDFs render in short-lived children, so workers do not grow with them; recycling is
# there for anything else that might (0: never).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10
# The scheme is Django's business (SECURE_PROXY_SSL_HEADER, only when trusted): gunicorn
# must not turn a client's X-Forwarded-Proto into https on its own.
forwarded_allow_ips = ""
secure_scheme_headers: dict[str, str] = {}
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")
proc_name = "connector-wizard"


def post_worker_init(worker):
    # Fonts, styles and WeasyPrint loaded once per worker that renders: every forked
    # render starts warm. Page workers that hand PDFs to a render pool never render.
    if _POOL:
        return
    from connectors_app.pdf import warm_up

    warm_up()
