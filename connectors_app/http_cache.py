"""Every page is a function of its URL: cache it, validate it, compress it.

A page, chart, PDF or API answer depends only on its query string, the decision data's
MODEL_VERSION and the code deployed (plus, for htmx views, whether htmx asked, and for
the PDF, the day printed on it). PageCacheMiddleware uses that:

- a server-side cache of whole responses in Django's cache (bounded local memory, or
  Redis with REDIS_URL so that every process and host shares it), keyed by URL name,
  path, the normalised query, the public origin, the htmx headers, the day, the model
  version and the release;
- a strong ETag per representation (identity and gzip differ), a 304 for a matching
  If-None-Match, `Cache-Control: public, max-age=...` so browsers and CDNs keep it, and
  `Vary` on exactly what changes the response (Accept-Encoding when there is a gzip
  form; HX-Request and HX-History-Restore-Request where the view branches on htmx);
- gzip, compressed once when the entry is made rather than per request (and, for what
  the cache does not hold, per response as Django's GZipMiddleware does).

It sits outside the CSP, framing and CSRF middleware, so a cached entry holds their
final headers (the embed views' own frame-ancestors included) and a hit skips them.
Only 200 answers to GET/HEAD without cookies are kept; errors and redirects pass through.

BREACH (compression over TLS leaking secrets): these pages carry no secret, no CSRF
token and no cookie (the app is cookie-free), so compressing them leaks nothing.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache, caches
from django.core.signals import setting_changed
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotModified
from django.middleware.gzip import GZipMiddleware
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from isal import igzip, igzip_lib

from connectors_app import ratelimit
from connectors_app.decision import MODEL_VERSION
from connectors_app.links import public_origin
from connectors_app.release import release_id
from connectors_app.render_pool import sent_back

logger = logging.getLogger(__name__)

NAMESPACE = "connectors"
# The views that answer HX-Request with a partial (they set `Vary: HX-Request`) also
# answer htmx's history-restore request with the whole page.
HTMX_HEADERS = ("HX-Request", "HX-History-Restore-Request")
KEYED_HEADERS = {"hx-request", "hx-history-restore-request", "accept-encoding"}
COMPRESSIBLE = re.compile(
    r"^(text/|image/svg\+xml|application/(json|javascript|xml))", re.IGNORECASE
)
MIN_COMPRESS_BYTES = 200
# A page seen for the first time is compressed on its request (the rest come from the
# cache, compressed once), so speed counts: ISA-L's gzip at level 2 takes 0.1 ms for a
# long report (123 KB of HTML to 17 KB), where zlib took 0.8 ms at level 3 for 16 KB.
GZIP_LEVEL = 2
# Headers the middleware computes per representation; never stored from the view.
OWN_HEADERS = {"content-length", "content-encoding", "etag"}
_ETAG_TOKEN = re.compile(r'(?:W/)?"([^"]*)"')


@dataclass
class Entry:
    """A cacheable response, both representations, ready to answer from."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes  # empty when there is a gzip form: identity() unpacks it (rarely asked)
    gzipped: bytes | None
    tag: str  # hash of the identity body; the gzip ETag adds a suffix
    vary: list[str] = field(default_factory=list)

    def identity(self) -> bytes:
        return (
            self.body
            if self.gzipped is None
            else igzip_lib.decompress(self.gzipped, flag=igzip_lib.DECOMP_GZIP)
        )


# --- The key -----------------------------------------------------------------------------

_generation = 0
_generation_lock = threading.Lock()


def _settings_changed(**kwargs: Any) -> None:
    # A test's settings override (EMBED_ALLOWED_ORIGINS, templates...) changes what pages
    # say: entries made before it must not answer after it.
    global _generation
    with _generation_lock:
        _generation += 1
    _cacheable_path.cache_clear()


setting_changed.connect(_settings_changed)


def page_key(request: HttpRequest, url_name: str, kwargs: dict[str, Any]) -> str:
    # Sorted by key, each key's values in their order: the order of answers in a URL
    # never changes a page, the order of repeated values might (an error names the first).
    query = urlencode(sorted(request.GET.lists()), doseq=True)
    htmx = [request.headers.get(name) == "true" for name in HTMX_HEADERS]
    parts = [
        url_name,
        request.path,
        repr(sorted(kwargs.items())),
        query,
        public_origin(request),
        repr(htmx),
        timezone.localdate().isoformat(),  # the PDF prints the day
        MODEL_VERSION,
        release_id(),
        str(_generation),
    ]
    return "page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


# --- Entries and answers -------------------------------------------------------------------


def cacheable(response: HttpResponseBase) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if response.has_header("Set-Cookie") or response.has_header("Content-Encoding"):
        return False
    if response.has_header("X-Accel-Redirect"):  # a hand-off to the render pool
        return False
    control = response.get("Cache-Control", "").lower()
    if "private" in control or "no-store" in control:
        return False
    # The key covers only these request headers: a response that varies on anything
    # else (Origin for CORS, Cookie for a session) is answered afresh every time.
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    return vary <= KEYED_HEADERS


def make_entry(response: HttpResponse, *, compress: bool = True) -> Entry:
    """The entry for a response. `compress=False` when only the identity form will be
    sent (the entry is not kept and the client did not ask for gzip): compressing is
    then wasted work, but the answer still says that it varies on Accept-Encoding."""
    body = response.content
    content_type = response.get("Content-Type", "")
    gzipped = None
    compressible = len(body) >= MIN_COMPRESS_BYTES and bool(COMPRESSIBLE.match(content_type))
    if compressible and compress:
        # mtime=0: the same body always compresses to the same bytes, so one ETag.
        gzipped = igzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)
        if len(gzipped) >= len(body):
            gzipped = None
            compressible = False
    vary = [v.strip() for v in response.get("Vary", "").split(",") if v.strip()]
    if any(v.lower() == "hx-request" for v in vary):
        vary.append("HX-History-Restore-Request")
    if compressible:
        vary.append("Accept-Encoding")
    headers = [
        (name, value)
        for name, value in response.items()
        if name.lower() not in OWN_HEADERS and name.lower() != "vary"
    ]
    tag = hashlib.sha256(body).hexdigest()[:32]
    # One copy of the content: a shared cache moves a fifth of the bytes per hit.
    kept = b"" if gzipped is not None else body
    return Entry(response.status_code, headers, kept, gzipped, tag, vary)


def max_age(url_name: str) -> int:
    seconds = int(getattr(settings, "HTTP_CACHE_MAX_AGE", 600))
    if url_name == "report-pdf":
        # The PDF prints today's date: never keep it past midnight.
        now = timezone.localtime()
        midnight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time())
        left = int((timezone.make_aware(midnight) - now).total_seconds())
        seconds = min(seconds, max(left, 0))
    return seconds


def accepts_gzip(request: HttpRequest) -> bool:
    for coding in request.headers.get("Accept-Encoding", "").split(","):
        name, _, params = coding.strip().partition(";")
        if name.strip().lower() not in {"gzip", "x-gzip", "*"}:
            continue
        q = params.replace(" ", "").lower()
        if not q.startswith("q="):
            return True
        try:
            return float(q[2:]) > 0
        except ValueError:
            return False
    return False


def if_none_match(request: HttpRequest, tags: set[str]) -> bool:
    header = request.headers.get("If-None-Match", "")
    if not header:
        return False
    if header.strip() == "*":
        return True
    # Weak comparison (RFC 9110 13.1.2): W/"x" matches "x".
    return any(token in tags for token in _ETAG_TOKEN.findall(header))


def answer(request: HttpRequest, entry: Entry, url_name: str) -> HttpResponseBase:
    use_gzip = entry.gzipped is not None and accepts_gzip(request)
    etag = f'"{entry.tag}-gzip"' if use_gzip else f'"{entry.tag}"'
    if if_none_match(request, {entry.tag, f"{entry.tag}-gzip"}):
        response: HttpResponseBase = HttpResponseNotModified()
    else:
        body = entry.gzipped if use_gzip and entry.gzipped is not None else entry.identity()
        response = HttpResponse(b"" if request.method == "HEAD" else body, status=entry.status)
        for name, value in entry.headers:
            response[name] = value
        response["Content-Length"] = str(len(body))
        if use_gzip:
            response["Content-Encoding"] = "gzip"
    response["ETag"] = etag
    if "Cache-Control" not in response:
        control = dict(entry.headers).get("Cache-Control")
        response["Cache-Control"] = control or f"public, max-age={max_age(url_name)}"
    if entry.vary:
        patch_vary_headers(response, entry.vary)
    return response


# --- The middleware --------------------------------------------------------------------------


def cacheable_url_name(request: HttpRequest) -> tuple[str, dict[str, Any]] | None:
    if request.method not in ("GET", "HEAD"):
        return None
    resolved = _cacheable_path(request.path_info, getattr(request, "urlconf", None))
    return None if resolved is None else (resolved[0], dict(resolved[1]))


# Resolving a path is a walk through the URL patterns: kept per path (bounded, since
# anyone can ask for any path), and emptied when settings change.
@lru_cache(maxsize=1024)
def _cacheable_path(path_info: str, urlconf: Any) -> tuple[str, tuple[tuple[str, Any], ...]] | None:
    try:
        match = resolve(path_info, urlconf)
    except Resolver404:
        return None
    names = getattr(settings, "HTTP_CACHE_URL_NAMES", ())
    if match.namespace != NAMESPACE or match.url_name is None or match.url_name not in names:
        return None
    return match.url_name, tuple(match.kwargs.items())


class PageCacheMiddleware:
    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response
        # Everything the cache does not hold (errors, redirects, 404s) is compressed per
        # response as Django's GZipMiddleware does it; it is not in MIDDLEWARE itself,
        # where it would compress PDFs and weaken our strong ETags.
        self.gzip = GZipMiddleware(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        resolved = cacheable_url_name(request)
        if resolved is None:
            return self.gzip.process_response(request, self.get_response(request))
        url_name, kwargs = resolved
        store = int(getattr(settings, "PAGE_CACHE_SECONDS", 0))
        key = page_key(request, url_name, kwargs) if store else ""
        entry = _cache_get(key) if store else None
        if entry is None:
            # One that nginx sends back for the busy page was counted on its first pass.
            too_many = None if sent_back(request) else ratelimit.limited(request, url_name)
            if too_many is not None:
                return too_many
            response = self.get_response(request)
            if not isinstance(response, HttpResponse) or not cacheable(response):
                return self.gzip.process_response(request, response)
            # A kept entry holds both forms; one that is not only needs the one sent.
            entry = make_entry(response, compress=bool(store) or accepts_gzip(request))
            if store:
                _cache_set(key, entry, store)
        return answer(request, entry, url_name)


# With a shared cache (Redis), a small local cache in front keeps the hottest entries in
# the process: entries never change under their key (it names the release, the model
# version and the day), so a local copy can never be stale.
LOCAL_ALIAS = "local"


def _local() -> Any:
    return caches[LOCAL_ALIAS] if LOCAL_ALIAS in settings.CACHES else None


def _cache_get(key: str) -> Entry | None:
    local = _local()
    entry = local.get(key) if local is not None else None
    if entry is None:
        try:
            entry = cache.get(key)
        except Exception:  # a cache outage slows the site down, it does not take it down
            logger.warning("page cache unavailable", exc_info=True)
            return None
        if isinstance(entry, Entry) and local is not None:
            local.set(key, entry, LOCAL_SECONDS)
    return entry if isinstance(entry, Entry) else None


def _cache_set(key: str, entry: Entry, seconds: int) -> None:
    local = _local()
    if local is not None:
        local.set(key, entry, min(seconds, LOCAL_SECONDS))
    try:
        cache.set(key, entry, seconds)
    except Exception:
        logger.warning("page cache unavailable", exc_info=True)


LOCAL_SECONDS = 300
