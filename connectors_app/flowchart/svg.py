"""Render the flowchart to SVG with `dot`, once per distinct chart.

The set of distinct charts is small (about 60: a path, its outcome and an overrule
target), so each is rendered once and kept: in the process, and in Django's cache, which
every worker and host shares when it is Redis (`prerender` fills it before the workers
start). The key is the model version plus the `Highlight`, never the raw query, so
equivalent answer sets share an entry. The accessible <title> and <desc>, which depend
on the answers and the workspace name, are added to the cached SVG per call.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import subprocess
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from xml.sax.saxutils import escape

from django.core.cache import cache

from connectors_app.decision import MODEL_VERSION, Recommendation
from connectors_app.flowchart.graph import Highlight, build_flowchart, highlight_for
from connectors_app.flowchart.text import chart_title, path_summary
from connectors_app.release import release_id

# A render takes ~15 ms; a stuck `dot` must not hold a worker (graphviz's pipe() has
# no timeout: https://github.com/xflr6/graphviz/issues/168).
DOT_TIMEOUT_SECONDS = 10
# Well above the number of distinct charts; a bound all the same.
CACHE_MAX_ENTRIES = 512
# A chart changes only with the model version, which is in its key: kept long in the
# shared cache, yet not forever once a new version leaves it unread.
SHARED_SECONDS = 30 * 24 * 3600
TITLE_ID = "flowchart-svg-title"
DESC_ID = "flowchart-svg-desc"
TITLE_MAX = 160

_PROLOG = re.compile(r"\A.*?(?=<svg\b)", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->\n?", re.DOTALL)
_SVG_OPEN = re.compile(r"<svg\b[^>]*>")

_cache: dict[tuple[str, Highlight | None], str] = {}
_shared_keys: set[str] = set()  # what this process put in Django's cache (clear_cache)
_lock = threading.Lock()
dot_runs = 0  # how many times this process ran `dot`: the cache's tests count on it


class FlowchartRenderError(RuntimeError):
    """`dot` failed or took too long."""


def run_dot(*, source: str, timeout: float = DOT_TIMEOUT_SECONDS) -> str:
    """Pipe DOT text through `dot -Tsvg` and return the SVG document."""
    global dot_runs
    dot_runs += 1
    try:
        result = subprocess.run(
            ["dot", "-Tsvg"], input=source.encode(), capture_output=True, timeout=timeout
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise FlowchartRenderError(f"dot did not render the flowchart: {exc}") from exc
    if result.returncode != 0:
        message = result.stderr.decode(errors="replace").strip()
        raise FlowchartRenderError(f"dot exited with {result.returncode}: {message}")
    return result.stdout.decode()


def inline_svg(document: str) -> str:
    """The <svg> element alone: no XML prolog, DOCTYPE or comments, so it can be
    inlined in HTML. dot writes every hyphen as `&#45;`; a hyphen needs no escape in
    XML, and plain ids ("node-Start") are what CSS and tests look for."""
    svg = _COMMENT.sub("", _PROLOG.sub("", document, count=1)).strip()
    return svg.replace("&#45;", "-")


def chart_svg(*, highlight: Highlight | None) -> str:
    """The inline SVG of the chart for `highlight`, rendered at most once per process,
    and once in all when the cache is shared."""
    key = (MODEL_VERSION, highlight)
    svg = _cache.get(key)
    if svg is None:
        with _lock:  # two threads asking for a new chart still run `dot` once
            svg = _cache.get(key)
            if svg is None:
                svg = _shared_get(highlight)
                if svg is None:
                    svg = _render(highlight)
                    _shared_set(highlight, svg)
                if len(_cache) >= CACHE_MAX_ENTRIES:
                    _cache.clear()
                _cache[key] = svg
    return svg


def prerender(highlights: Iterable[Highlight | None]) -> int:
    """Render into the shared cache each chart it does not hold yet, `dot` running on
    every core; returns how many were rendered. For a deploy to run before its workers
    start (`manage.py prerender_charts`), so no visitor waits for a first rendering."""
    missing = [h for h in set(highlights) if _shared_get(h) is None]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        for highlight, svg in zip(missing, pool.map(_render, missing), strict=True):
            _shared_set(highlight, svg)
    return len(missing)


def _render(highlight: Highlight | None) -> str:
    return inline_svg(run_dot(source=build_flowchart(highlight=highlight).source))


def _shared_key(highlight: Highlight | None) -> str:
    # Stable across processes, as a frozenset's order is not: its members sorted.
    text = "the whole chart"
    if highlight is not None:
        text = repr(
            [sorted(v) if isinstance(v, frozenset) else v for v in vars(highlight).values()]
        )
    # The release too: a deploy that restyles the chart must not serve the old drawing.
    digest = hashlib.sha256(text.encode()).hexdigest()[:32]
    return f"flowchart-svg:{MODEL_VERSION}:{release_id()}:{digest}"


def _shared_get(highlight: Highlight | None) -> str | None:
    try:
        svg = cache.get(_shared_key(highlight))
    except Exception:  # a cache that is down costs a `dot` run, never the page
        return None
    return svg if isinstance(svg, str) else None


def _shared_set(highlight: Highlight | None, svg: str) -> None:
    key = _shared_key(highlight)
    try:
        cache.set(key, svg, SHARED_SECONDS)
    except Exception:
        return
    _shared_keys.add(key)


def clear_cache() -> None:
    with _lock:
        _cache.clear()
        with contextlib.suppress(Exception):  # a cache that is down holds nothing to clear
            cache.delete_many(list(_shared_keys))
        _shared_keys.clear()


def with_accessible_text(svg: str, *, title: str, desc: str, id_prefix: str = "") -> str:
    """Give the SVG an accessible name and description. Both may hold user text (the
    workspace name), so both are XML-escaped here and only here. `id_prefix` keeps the
    ids unique when a page shows more than one chart."""
    if id_prefix:
        svg = svg.replace(' id="', f' id="{id_prefix}')
    title_id, desc_id = f"{id_prefix}{TITLE_ID}", f"{id_prefix}{DESC_ID}"
    if len(title) > TITLE_MAX:
        title = title[: TITLE_MAX - 1] + "…"
    opening = _SVG_OPEN.search(svg)
    assert opening is not None, "dot always writes an <svg> element"
    tag = opening.group(0)[:-1]
    new_tag = (
        f'{tag} role="img" class="flowchart-svg" aria-labelledby="{title_id} {desc_id}">'
        f'<title id="{title_id}">{escape(title)}</title>'
        f'<desc id="{desc_id}">{escape(desc)}</desc>'
    )
    return svg[: opening.start()] + new_tag + svg[opening.end() :]


def flowchart_svg(*, rec: Recommendation | None, id_prefix: str = "") -> str:
    """The flowchart with `rec`'s path highlighted (the whole chart for None), as an
    <svg> element with a title and a description of the path."""
    return with_accessible_text(
        chart_svg(highlight=highlight_for(rec)),
        title=chart_title(rec),
        desc=path_summary(rec),
        id_prefix=id_prefix,
    )
