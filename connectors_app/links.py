"""Every URL derived from a set of answers, built in one place.

A `Links` is made once per request from the recommendation (request_answers.py does
it), then views, view-models and templates ask it for the report, the PDF, the share
link, the wizard's edit, clear and back links and the flowchart exports. Each URL
carries only the answers in effect (and the workspace name), in question order, so
equivalent answer sets share their links, and so their caches.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any
from urllib.parse import urljoin

from django.conf import settings
from django.core.signals import setting_changed
from django.http import HttpRequest, QueryDict
from django.urls import get_script_prefix, get_urlconf, reverse

from connectors_app.decision import FLOWCHART, Recommendation
from connectors_app.decision.answers import WORKSPACE_NAME
from connectors_app.querystring import answers_query, with_extra

# The wizard's own query key (not an answer): show this answered question again.
EDIT = "edit"
# The wizard form's own key: the question it was showing when sent. Sent without an
# answer to that question, the step shows an error instead of asking again in silence.
SUBMITTED = "asked"


def public_origin(request: HttpRequest) -> str:
    """Where absolute links point: settings.PUBLIC_BASE_URL when the deployment sets it
    (behind a proxy the request's own host may be an internal name), else the host the
    request came to. The Host is validated (DisallowedHost, a 400) either way, so a bad
    Host never gets a page, cached or not."""
    host = request.get_host()
    return getattr(settings, "PUBLIC_BASE_URL", "") or f"{request.scheme}://{host}"


def absolute_url(request: HttpRequest, url: str) -> str:
    """`url` (a path from reverse() or static()) as an absolute URL on the public origin."""
    return urljoin(public_origin(request), url)


def _at(path: str, query: str) -> str:
    return f"{path}?{query}" if query else path


def route(name: str, *args: str) -> str:
    """`reverse(name, args=args)`, kept per process: a page links to the same few routes
    many times over, and reverse() is slow. Keyed by what else it reads (the script
    prefix and the request's URLconf); a settings change empties it."""
    return _route(name, args, get_script_prefix(), get_urlconf())


@lru_cache(maxsize=256)
def _route(name: str, args: tuple[str, ...], prefix: str, urlconf: str | None) -> str:
    return reverse(name, args=args, urlconf=urlconf)


def _settings_changed(**kwargs: Any) -> None:
    _route.cache_clear()


setting_changed.connect(_settings_changed)


@dataclass(frozen=True)
class Links:
    """The URLs of one set of answers.

    `answers` are those in effect (on the path), `later` those kept for questions the
    path has not reached yet. The wizard's own links (edit, clear, back, the step
    itself) go to `wizard_base`, which is /wizard/, the docs page or the embed;
    `origin` makes the share link absolute (empty: every link stays relative).
    """

    answers: Mapping[str, str] = field(default_factory=dict)
    later: Mapping[str, str] = field(default_factory=dict)
    workspace_name: str = ""
    wizard_base: str = ""
    origin: str = ""
    # The question keys as the request sent them, bad values included: where the
    # wizard must say what was wrong, a link passes them on.
    given: Mapping[str, Sequence[str]] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        rec: Recommendation | None,
        *,
        wizard_base: str = "",
        origin: str = "",
        given: Mapping[str, Sequence[str]] | None = None,
    ) -> Links:
        """The links for `rec` (None: no answers, the whole chart)."""
        base = wizard_base or route("connectors:wizard")
        if rec is None:
            return cls(wizard_base=base, origin=origin)
        return cls(
            answers=dict(rec.answers),
            later=dict(rec.pending),
            workspace_name=rec.workspace_name,
            wizard_base=base,
            origin=origin,
            given=dict(given or {}),
        )

    @property
    def kept(self) -> dict[str, str]:
        """The answers in effect and those kept for later: what the wizard carries on."""
        return {**self.answers, **self.later}

    # Every page of these answers shares one query, every wizard link the kept one:
    # each is built once per Links.
    @cached_property
    def _answers_query(self) -> str:
        return answers_query(self.answers, self.workspace_name)

    @cached_property
    def _kept_query(self) -> str:
        return answers_query(self.kept, self.workspace_name)

    def absolute(self, url: str) -> str:
        return urljoin(self.origin, url) if self.origin else url

    # --- Pages of the answers in effect --------------------------------------------

    @property
    def report(self) -> str:
        return _at(route("connectors:report"), self._answers_query)

    @property
    def share(self) -> str:
        """The report's address to pass on: absolute when the origin is known."""
        return self.absolute(self.report)

    @property
    def pdf(self) -> str:
        return self.pdf_on()

    def pdf_on(self, paper: str = "") -> str:
        """The PDF, on `paper` when it is not the default size."""
        return _at(route("connectors:report-pdf"), with_extra(self._answers_query, paper=paper))

    @property
    def save(self) -> str:
        """The page that saves the report of these answers (its form carries the CSRF
        token, so the report itself stays cookie-free)."""
        return _at(route("saved:new"), self._answers_query)

    @property
    def flowchart_svg(self) -> str:
        return _at(route("connectors:flowchart-svg"), self._answers_query)

    @property
    def flowchart_dot(self) -> str:
        return _at(route("connectors:flowchart-dot"), self._answers_query)

    @property
    def flowchart_mmd(self) -> str:
        return _at(route("connectors:flowchart-mmd"), self._answers_query)

    # --- The wizard -------------------------------------------------------------------

    @property
    def wizard(self) -> str:
        """The wizard with just the valid answers, kept ones included."""
        return _at(self.wizard_base, self._kept_query)

    @property
    def wizard_as_given(self) -> str:
        """The wizard with the answers as they were sent, bad ones included, so that it
        can say what was wrong with each."""
        query = QueryDict(mutable=True)
        for key in [*FLOWCHART.questions, WORKSPACE_NAME]:
            if key in self.given:
                query.setlist(key, list(self.given[key]))
        return _at(self.wizard_base, query.urlencode())

    def step(self, *, editing: str = "") -> str:
        """The canonical URL of a wizard step: the kept answers, and `edit` if changing one."""
        return _at(self.wizard_base, with_extra(self._kept_query, **{EDIT: editing}))

    def edit(self, question_id: str) -> str:
        """Show an answered question again, prefilled, keeping every other answer."""
        return self.step(editing=question_id)

    def clear(self, question_id: str, *, editing: str = "") -> str:
        """Drop a kept answer, keeping the others (and the question being changed)."""
        rest = {q: v for q, v in self.kept.items() if q != question_id}
        return _at(self.wizard_base, answers_query(rest, self.workspace_name, **{EDIT: editing}))

    @property
    def start_over(self) -> str:
        return self.wizard_base
