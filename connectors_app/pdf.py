"""The downloadable PDF report: WeasyPrint renders the report's own template with a
print stylesheet.

Rendering is the app's most expensive work (a cold render of the longest report takes
about a second of CPU, in WeasyPrint's parsing, layout and drawing), so four things
guard it:

- a cache keyed by model version, paper size, the answers in effect and the day, so a
  repeat download does no rendering at all; with REDIS_URL every process and host
  shares it;
- a cap on concurrent renders shared by every worker process of a host (file locks in a
  directory only the service can reach), because PDF traffic otherwise starves every
  other page (docs/security-notes.md). A request that finds every slot taken does not
  wait by default: RenderBusy, a 503 with Retry-After, so it never holds a worker that
  a wizard step needs. Each host caps itself; behind a load balancer the shared cache
  means a PDF is rendered about once, wherever it was asked for;
- each render runs in a short-lived child forked from the (warm) worker, so the native
  memory WeasyPrint does not give back (~0.3 MB a render) goes with the child, and a
  stuck render is killed at PDF_RENDER_TIMEOUT_SECONDS;
- a URL fetcher that serves only an allowlist of the app's own static files, because
  WeasyPrint's default fetcher reads local files and makes server-side requests.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import hashlib
import logging
import mimetypes
import os
import pickle
import select
import signal
import stat
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import timezone
from django.utils.encoding import uri_to_iri
from django.utils.text import slugify
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from connectors_app.decision import Recommendation, recommend
from connectors_app.decision.gallery import keep
from connectors_app.querystring import answers_query
from connectors_app.report_context import report_context

logger = logging.getLogger(__name__)

PAPER_SIZES = ("a4", "letter")
DEFAULT_PAPER = "a4"

# The print document names its assets with absolute URLs on this origin, so that
# WeasyPrint needs no base URL (base_url=None: relative user-supplied URLs resolve to
# nothing) and the fetcher can recognise its own assets exactly. `.invalid` is
# reserved (RFC 2606): even a fetcher bug could never reach a real host.
ASSET_ORIGIN = "https://connector-wizard.invalid"
# Static files the print document may load; everything else is refused.
ASSET_ALLOWLIST = frozenset({"css/print.css", "css/print-letter.css"})
STYLESHEETS = {
    "a4": ("css/print.css",),
    "letter": ("css/print.css", "css/print-letter.css"),
}

TEMPLATE = "connectors/report_pdf.html"
CACHE_SECONDS = 24 * 60 * 60


class RenderBusy(Exception):
    """Every render slot stayed taken for the whole wait: ask the client to retry."""


class RenderFailed(Exception):
    """WeasyPrint failed on our own document: a bug, logged with its traceback."""


def asset_url(path: str) -> str:
    """The absolute URL under which the print document loads a static file."""
    return ASSET_ORIGIN + static(path)


class StaticOnlyFetcher(URLFetcher):
    """Serves the allowlisted static files from Django's staticfiles finders and
    refuses (and logs) every other URL: http(s), file:, data:, anything.

    `refused` records what was refused, so tests can see that nothing was fetched.
    """

    def __init__(self) -> None:
        # No redirects, only https (our asset origin); fetch() below never opens a
        # connection anyway, these are belt and braces for the parent's machinery.
        super().__init__(timeout=1, allowed_protocols=("https",), allow_redirects=False)
        self.refused: list[str] = []
        self.served: list[str] = []

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        path = self._allowed_file(url)
        if path is None:
            self.refused.append(url)
            # %.200r: a data: URL can be megabytes; repr keeps log lines single.
            logger.warning("PDF fetcher refused %.200r", url)
            raise ValueError(f"Refused by the PDF URL fetcher: {url[:200]}")
        self.served.append(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=path.read_bytes(), headers={"Content-Type": content_type}
        )

    @staticmethod
    def _allowed_file(url: str) -> Path | None:
        try:
            parts = urlsplit(url)
        except ValueError:
            return None
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin != ASSET_ORIGIN or parts.query or parts.fragment:
            return None
        # Compared with the URL static() gives each allowlisted file, so hashed names
        # (whitenoise's manifest storage under make serve) are recognised too.
        relative = _allowed_paths().get(parts.path)
        if relative is None:
            return None
        found = finders.find(relative)
        return Path(found) if found else None


def _allowed_paths() -> dict[str, str]:
    return {urlsplit(static(path)).path: path for path in ASSET_ALLOWLIST}


# --- Concurrency cap ------------------------------------------------------------------


class UnsafeLockDir(RuntimeError):
    """The lock directory is not the service's own: someone else could hold the slots."""


def _slot_dir() -> Path:
    """The render slots' directory: PDF_RENDER_LOCK_DIR, else a folder under
    $XDG_RUNTIME_DIR (per user, 0700) or ~/.cache. Never a fixed name in a world-writable
    /tmp, where any local user could create it first and hold every slot."""
    configured = getattr(settings, "PDF_RENDER_LOCK_DIR", None)
    if configured:
        directory = Path(configured)
    else:
        runtime = os.environ.get("XDG_RUNTIME_DIR", "")
        base = Path(runtime) if runtime else Path.home() / ".cache"
        # One directory per checkout, so two deployments on a host do not share slots.
        tag = hashlib.sha256(str(settings.BASE_DIR).encode()).hexdigest()[:12]
        directory = base / "connector-wizard" / f"pdf-slots-{tag}"
    return _private_dir(directory)


def _private_dir(directory: Path) -> Path:
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = directory.lstat()
    if (
        not stat.S_ISDIR(info.st_mode)
        or info.st_uid != os.getuid()
        or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    ):
        raise UnsafeLockDir(
            f"{directory} must be a directory owned by uid {os.getuid()} that no one else "
            "can write to; set PDF_RENDER_LOCK_DIR to one."
        )
    return directory


@contextlib.contextmanager
def render_slot() -> Iterator[None]:
    """Hold one of PDF_RENDER_SLOTS render slots (default 1), waiting at most
    PDF_RENDER_WAIT_SECONDS (default 0) before raising RenderBusy.

    File locks (flock), not a threading semaphore: production runs sync gunicorn
    workers, one process per core, and only a lock the processes share caps renders
    across them. flock also excludes threads of one process, since each acquire opens
    its own file description.
    """
    slots = max(1, int(getattr(settings, "PDF_RENDER_SLOTS", 1)))
    wait = float(getattr(settings, "PDF_RENDER_WAIT_SECONDS", 0.0))
    directory = _slot_dir()
    deadline = time.monotonic() + wait
    while True:
        for index in range(slots):
            # Closing the file releases its lock too, even if the render raises. O_NOFOLLOW:
            # a symlink planted in place of a lock file is refused, not followed.
            fd = os.open(
                directory / f"slot-{index}.lock",
                os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC,
                0o600,
            )
            with os.fdopen(fd, "r+b") as handle:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue
                yield
                return
        if time.monotonic() >= deadline:
            raise RenderBusy()
        time.sleep(0.05)


# --- Rendering -------------------------------------------------------------------------


class RenderCounter:
    """How many PDFs this process has rendered: tests and the benchmark read it to
    prove that a repeat request rendered nothing."""

    def __init__(self) -> None:
        self.renders = 0
        self._lock = threading.Lock()

    def count(self) -> None:
        with self._lock:
            self.renders += 1


RENDER_STATS = RenderCounter()


def print_context(
    *, rec: Recommendation, paper: str, today: date, created: datetime, share_url: str
) -> dict:
    """The report body's own context (helper module shared with the web page) plus the
    print document's title block and stylesheets."""
    context = report_context(
        rec, query=answers_query(rec.answers, rec.workspace_name), for_print=True
    )
    context.update(
        rec=rec,
        paper=paper,
        today=today,
        created=created,
        document_title=document_title(rec),
    )
    if share_url:  # absolute, so the printed link works; the body's own is relative
        # Printed for a person to read or type: a CJK workspace name shows as itself,
        # not as %E6%9D%B1... (uri_to_iri decodes only what is safe to decode). A link
        # over it keeps the real, percent-encoded URL as its target.
        context["share_url"] = uri_to_iri(share_url)
        context["share_href"] = share_url
    return context


def document_title(rec: Recommendation) -> str:
    name = rec.connector.name if rec.connector else "incomplete"
    if rec.workspace_name:
        return f"{rec.workspace_name}: email connector recommendation ({name})"
    return f"Email connector recommendation: {name}"


def render_report_pdf(
    *,
    rec: Recommendation,
    paper: str = DEFAULT_PAPER,
    today: date | None = None,
    share_url: str = "",
    fetcher: StaticOnlyFetcher | None = None,
) -> bytes:
    """Render the report for a complete recommendation as a tagged PDF (PDF/UA-1)."""
    if paper not in PAPER_SIZES:
        raise ValueError(f"paper must be one of {', '.join(PAPER_SIZES)}")
    if not rec.complete or rec.connector is None:
        raise ValueError("only a complete recommendation has a report")
    created = timezone.now().replace(microsecond=0)
    html = render_to_string(
        TEMPLATE,
        print_context(
            rec=rec,
            paper=paper,
            today=today or created.date(),
            created=created,
            share_url=share_url,
        ),
    )
    return print_html_to_pdf(html, paper=paper, fetcher=fetcher)


def print_html_to_pdf(html: str, *, paper: str, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    """A print document as a tagged PDF (PDF/UA-1): the print stylesheets and fonts
    parsed once per process, every asset through the allowlisting fetcher, no base URL."""
    document = HTML(string=html, base_url=None, url_fetcher=fetcher or StaticOnlyFetcher())
    return document.write_pdf(
        stylesheets=stylesheets(paper), font_config=_font_config(), pdf_variant="pdf/ua-1"
    )


# --- Parsed once per process ------------------------------------------------------------
# Parsing print.css took ~0.25 s of every render, and a fresh FontConfiguration (the
# default per render) reopens and reshapes every font. Both are built once in the worker;
# renders fork from it (render_in_child) and inherit them warm.

_FONT_CONFIG: FontConfiguration | None = None
_PARSED: dict[str, tuple[int, CSS]] = {}


def _font_config() -> FontConfiguration:
    global _FONT_CONFIG
    if _FONT_CONFIG is None:
        _FONT_CONFIG = FontConfiguration()
    return _FONT_CONFIG


def stylesheets(paper: str) -> list[CSS]:
    """The print stylesheets for `paper`, parsed once per process (again only when a
    file changes, for the dev server). Loaded through StaticOnlyFetcher like any asset,
    so a url() inside them is held to the same allowlist.

    WeasyPrint gives stylesheets passed this way the user origin, below the document's
    own (author) declarations; the print document has none but the chart's SVG width and
    height attributes, which print.css overrides with !important."""
    sheets = []
    for path in STYLESHEETS[paper]:
        found = finders.find(path)
        mtime = os.stat(found).st_mtime_ns if found else 0
        cached = _PARSED.get(path)
        if cached is None or cached[0] != mtime:
            css = CSS(
                url=asset_url(path), url_fetcher=StaticOnlyFetcher(), font_config=_font_config()
            )
            cached = _PARSED[path] = (mtime, css)
        sheets.append(cached[1])
    return sheets


def cache_key(*, rec: Recommendation, paper: str, today: date, share_url: str = "") -> str:
    """Equivalent answer sets share a key: only the answers in effect count, in
    canonical order. The day is part of it so the title block's date stays true, and
    the printed link (its host) too."""
    canonical = answers_query(rec.answers, rec.workspace_name)
    parts = (rec.model_version, paper, today.isoformat(), canonical, share_url)
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"report-pdf:{digest}"


def cached_report_pdf(
    *, rec: Recommendation, paper: str, today: date, share_url: str = ""
) -> bytes | None:
    """The PDF for `rec` if the cache holds it, without rendering."""
    return _cache_get(cache_key(rec=rec, paper=paper, today=today, share_url=share_url))


def report_pdf_bytes(*, rec: Recommendation, paper: str, today: date, share_url: str = "") -> bytes:
    """The PDF for `rec`, from the cache or freshly rendered within a render slot, in a
    child process.

    Raises RenderBusy when no slot frees up in time and RenderFailed when WeasyPrint
    fails or the render outlives PDF_RENDER_TIMEOUT_SECONDS (logged with the traceback).
    """
    key = cache_key(rec=rec, paper=paper, today=today, share_url=share_url)
    pdf = _cache_get(key)
    if pdf is not None:
        return pdf
    with render_slot():
        # Another request may have rendered it while this one waited for the slot.
        pdf = _cache_get(key)
        if pdf is not None:
            return pdf
        try:
            pdf = render_in_child(rec=rec, paper=paper, today=today, share_url=share_url)
        except Exception as exc:
            logger.exception("PDF render failed for %s", key)
            raise RenderFailed() from exc
        RENDER_STATS.count()
    try:
        cache.set(key, pdf, CACHE_SECONDS)
    except Exception:  # a cache outage costs renders, not answers
        logger.warning("PDF cache unavailable", exc_info=True)
    return pdf


def _cache_get(key: str) -> bytes | None:
    try:
        pdf = cache.get(key)
    except Exception:
        logger.warning("PDF cache unavailable", exc_info=True)
        return None
    return pdf if isinstance(pdf, bytes) else None


# --- Rendering in a short-lived child ---------------------------------------------------------

# The loggers whose records a child sends back, so they reach the parent's handlers
# (tests' caplog among them) as if the render had run in process.
_CHILD_LOGGERS = ("", "weasyprint", "connectors_app", "fontTools")


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        # Made picklable: the message formatted, arguments and traceback as text.
        record.msg = record.getMessage()
        record.args = None
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        self.records.append(record)


def render_in_child(*, rec: Recommendation, paper: str, today: date, share_url: str) -> bytes:
    """render_report_pdf() in a child forked from this process (run_in_child)."""
    return run_in_child(
        lambda: render_report_pdf(rec=rec, paper=paper, today=today, share_url=share_url)
    )


def run_in_child(render: Callable[[], bytes]) -> bytes:
    """render() in a child forked from this process, its result sent back over a pipe.

    Why fork: the worker has WeasyPrint imported, its fonts and styles loaded, so the
    child starts warm (a fresh interpreter would pay seconds of imports per PDF), and
    whatever the render allocates, WeasyPrint's native memory included, is returned
    when the child exits: the long-lived worker's memory stays flat. Production runs
    gunicorn sync workers, single-threaded, where forking is safe.
    """
    with _warm_lock:  # the dev server's threads: one warm-up, not one each
        if not _warmed:
            warm_up()
    timeout = float(getattr(settings, "PDF_RENDER_TIMEOUT_SECONDS", 45.0))
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: render, send, and leave without running any cleanup
        try:
            os.close(read_fd)
            # Below the workers in the CPU queue: a wizard step waiting for a core goes
            # first (on two cores a render otherwise competes with every page).
            os.nice(int(getattr(settings, "PDF_RENDER_NICE", 10)))
            # No garbage collection: the child exits after one render, which returns all
            # its memory, and collecting on the way cost a sixth of the render (0.93 s
            # against 0.77 s) to keep its peak 5 MB lower.
            gc.disable()
            collect = _Collect()
            for name in _CHILD_LOGGERS:
                child_logger = logging.getLogger(name)
                child_logger.handlers = [collect]
            try:
                pdf = render()
                payload = pickle.dumps((True, pdf, collect.records))
            except BaseException:
                payload = pickle.dumps((False, traceback.format_exc(), collect.records))
            with os.fdopen(write_fd, "wb") as out:
                out.write(payload)
        finally:
            os._exit(0)
    os.close(write_fd)
    payload = b""
    try:
        payload = _read_all(read_fd, deadline=time.monotonic() + timeout)
    finally:
        os.close(read_fd)
        if not payload:  # timed out or died: make sure it is gone, then reap it
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    if not payload:
        raise RuntimeError("the PDF render child sent nothing")
    ok, result, records = pickle.loads(payload)
    for record in records:
        logging.getLogger(record.name).handle(record)
    if not ok:
        raise RuntimeError(f"the PDF render failed in its child process:\n{result}")
    return result


def _read_all(fd: int, *, deadline: float) -> bytes:
    chunks: list[bytes] = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the PDF render took too long and was stopped")
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            continue
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


_warmed = False
_warm_lock = threading.Lock()


def warm_up() -> None:
    """Render one real report in this process: gunicorn calls it as each worker starts,
    otherwise the first render_in_child() does. Imports, the parsed stylesheets, and the
    shared font configuration with every face and size the report uses are then loaded
    here once, and every forked render starts warm (about 0.1 s less than from a small
    warm-up page; it keeps ~25 MB more in each worker). The longest report: an
    overrule with a migration plan.

    A failure is logged, not raised: a worker must start whatever the PDF's state, and
    the PDF requests then fail on their own (RenderFailed) while every other page works.
    """
    global _warmed
    try:
        render_report_pdf(rec=recommend(**keep("postmark", data_residency="eu")))
    except Exception:
        logger.exception("PDF warm-up failed")
        return
    _warmed = True


def download_filename(*, rec: Recommendation, today: date) -> tuple[str, str]:
    """(ASCII file name, Unicode file name) such as acme-inc-amazon-ses-2026-11-26.pdf.

    Both come from slugify, so they hold only letters, digits and hyphens: nothing a
    user typed reaches the header unescaped.
    """
    assert rec.connector is not None
    connector = rec.connector.id.replace("_", "-")
    tail = f"{connector}-{today.isoformat()}.pdf"
    ascii_name = slugify(rec.workspace_name).replace("_", "-").strip("-")
    unicode_name = slugify(rec.workspace_name, allow_unicode=True).replace("_", "-").strip("-")
    fallback = "connector-recommendation"
    return (
        f"{ascii_name or fallback}-{tail}",
        f"{unicode_name or fallback}-{tail}",
    )


def content_disposition(*, rec: Recommendation, today: date) -> str:
    ascii_name, unicode_name = download_filename(rec=rec, today=today)
    header = f'attachment; filename="{ascii_name}"'
    if unicode_name != ascii_name:
        # RFC 6266 / RFC 5987: browsers that read filename* prefer it.
        header += f"; filename*=UTF-8''{quote(unicode_name, safe='')}"
    return header
