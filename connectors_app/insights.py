"""Counting for the docs owner: how many start, reach each question, finish, and why
the criteria overruled the flowchart. Daily totals only, never who.

What is counted (event, key), per day:

- `started`, "": a wizard showing its first question with no answers yet;
- `reached`, question id: a wizard step showing that question (not when `edit` asks an
  answered one again, not htmx's history restore);
- `answered`, question id: a step or report reached by answering that question, i.e. the
  question before the one shown on the answers' path (the last one for a report);
- `finished`, connector id: a report shown (the report page, or the docs page and the
  embed showing theirs in place);
- `overruled`, "<flowchart's connector>:<blocking criteria>": a finished report where a
  hard requirement overruled the flowchart.

A question's drop-off is reached minus answered: it is only ever counted against the
walks whose path reached it, so a question on one branch is not charged with those who
took the other. Without cookies a reload counts again; the numbers are page views, not
people, and the page says so.

The middleware sits outside the response cache (settings.MIDDLEWARE), so a step served
from the cache still counts; the counts go to a per-process buffer and are written with
one UPSERT per row at most every INSIGHTS_FLUSH_SECONDS, from a short-lived thread, so
a step pays for a dict increment, never for a database write.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from functools import lru_cache

from django.conf import settings
from django.db import connection
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils import timezone

from connectors_app.decision import FLOWCHART, decide, parse_answers
from connectors_app.decision.paths import routes
from connectors_app.models import InsightCount

logger = logging.getLogger(__name__)

STARTED = "started"
REACHED = "reached"
ANSWERED = "answered"
FINISHED = "finished"
OVERRULED = "overruled"
EVENTS = (STARTED, REACHED, ANSWERED, FINISHED, OVERRULED)

NAMESPACE = "connectors"
WIZARD_URLS = frozenset({"wizard", "docs", "embed"})  # a step, or the report in place
REPORT_URLS = frozenset({"report"})
EDIT = "edit"  # links.EDIT: an answered question shown again is not progress

Event = tuple[str, str]


# --- What a request counts as ----------------------------------------------------------------


def _finish(answers: Mapping[str, str]) -> tuple[Event, ...]:
    """The events of a finished report for these answers: the decision alone, without
    the report's prose (cached in the engine: counting a report must stay cheap)."""
    decision = decide(answers)
    if decision is None:
        return ()
    events: list[Event] = [(FINISHED, decision.connector.id)]
    if decision.overruled:
        kinds = "+".join(decision.blocked_on) or "other"
        events.append((OVERRULED, f"{decision.outcome.id}:{kinds}"))
    return tuple(events)


def events_for(url_name: str, query: Mapping[str, list[str]]) -> tuple[Event, ...]:
    """What a 200 answer to a GET of `url_name` with this query counts as."""
    if url_name in WIZARD_URLS and EDIT in query:
        return ()
    raw = {key: values for key, values in query.items() if key in FLOWCHART.questions}
    answers = parse_answers(raw).answers  # a bad choice is asked again: not an answer
    walk = FLOWCHART.walk(answers)
    if walk.complete:
        if url_name not in WIZARD_URLS | REPORT_URLS:
            return ()
        return ((ANSWERED, walk.asked[-1]), *_finish(answers))
    if url_name not in WIZARD_URLS:
        return ()  # a report that is not complete redirected; nothing shown
    assert walk.next_question is not None
    events: list[Event] = [(REACHED, walk.next_question)]
    if len(walk.asked) >= 2:
        events.append((ANSWERED, walk.asked[-2]))
    elif not answers:
        events.append((STARTED, ""))
    return tuple(events)


# --- The buffer --------------------------------------------------------------------------------

_buffer: Counter[tuple[date, str, str]] = Counter()
_lock = threading.Lock()
_last_flush = time.monotonic()


def record(events: Iterable[Event], *, day: date | None = None) -> None:
    today = day or timezone.localdate()
    with _lock:
        for event, key in events:
            _buffer[(today, event, key[:120])] += 1


def pending() -> dict[tuple[date, str, str], int]:
    with _lock:
        return dict(_buffer)


def flush() -> int:
    """Write the buffered counts (one UPSERT per row, adding to what is stored);
    returns how many rows were written. Counts that fail to write stay buffered."""
    global _last_flush
    with _lock:
        rows = list(_buffer.items())
        _buffer.clear()
        _last_flush = time.monotonic()
    if not rows:
        return 0
    table = connection.ops.quote_name(InsightCount._meta.db_table)
    q = connection.ops.quote_name
    sql = (
        f"INSERT INTO {table} ({q('day')}, {q('event')}, {q('key')}, {q('count')}) "
        f"VALUES (%s, %s, %s, %s) "
        f"ON CONFLICT ({q('day')}, {q('event')}, {q('key')}) "
        f"DO UPDATE SET {q('count')} = {table}.{q('count')} + excluded.{q('count')}"
    )
    try:
        with connection.cursor() as cursor:
            cursor.executemany(sql, [(day, event, key, n) for (day, event, key), n in rows])
    except Exception:
        logger.warning("insight counts not written; kept for the next flush", exc_info=True)
        with _lock:
            for row, n in rows:
                _buffer[row] += n
        return 0
    return len(rows)


_flusher: threading.Thread | None = None


def _flush_in_background() -> None:
    try:
        flush()
    finally:
        # The thread's own database connection: close it, or each flush leaks one.
        connection.close()


def maybe_flush() -> None:
    """When a flush is due, write the buffer from a short-lived thread: a database
    write (an fsync under load can take a few hundred milliseconds) never holds up the
    step that happened to make it due."""
    global _flusher
    seconds = float(getattr(settings, "INSIGHTS_FLUSH_SECONDS", 10))
    if time.monotonic() - _last_flush < seconds:
        return
    with _lock:
        if _flusher is not None and _flusher.is_alive():
            return
        _flusher = threading.Thread(target=_flush_in_background, name="insights-flush", daemon=True)
        _flusher.start()


def _flush_at_exit() -> None:
    if _buffer and getattr(settings, "INSIGHTS_ENABLED", False):
        # The interpreter is going away: never fail its exit.
        with contextlib.suppress(Exception):
            flush()


atexit.register(_flush_at_exit)


@lru_cache(maxsize=1)
def counted_paths() -> dict[str, str]:
    """The counted pages' paths (none takes an argument) to their URL names: a dict
    lookup per request, cheaper than resolving every path."""
    names = WIZARD_URLS | REPORT_URLS
    return {reverse(f"{NAMESPACE}:{name}"): name for name in names}


class InsightsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if (
            response.status_code != 200
            or request.method != "GET"
            or not getattr(settings, "INSIGHTS_ENABLED", False)
            or request.headers.get("HX-History-Restore-Request") == "true"
        ):
            return response
        url_name = counted_paths().get(request.path_info)
        if url_name is None:
            return response
        try:
            record(events_for(url_name, dict(request.GET.lists())))
            maybe_flush()
        except Exception:  # counting must never cost a user their page
            logger.warning("insight not counted", exc_info=True)
        return response


# --- Reading them back ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def always_asked() -> frozenset[str]:
    """The questions every complete path asks; the others are on branches."""
    return frozenset.intersection(*(frozenset(route.asked) for route in routes()))
