"""Read a request's answers once: parse, recommend, and build its links.

Every view that takes answers starts with `read_answers(request, Surface.X)`. What
happens to a key that is neither a question nor the workspace name is the surface's
policy, one row of POLICIES, not a rule inside each view.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass

from django.http import HttpRequest, QueryDict

from connectors_app.decision import FLOWCHART, AnswerProblem, Recommendation, parse_answers
from connectors_app.decision import recommend as decide
from connectors_app.decision.answers import WORKSPACE_NAME
from connectors_app.links import EDIT, SUBMITTED, Links, public_origin


class Surface(enum.Enum):
    API = "api"
    REPORT = "report"
    PDF = "pdf"
    FLOWCHART = "flowchart"  # the SVG, DOT and Mermaid exports
    WIZARD = "wizard"  # /wizard/, and the wizard in place on the docs page and the embed


class Unknown(enum.Enum):
    """What a surface does with a key that is neither a question nor workspace_name."""

    REJECT = "reject"  # a problem like any other
    IGNORE = "ignore"  # dropped without a word
    WARN = "warn"  # dropped with a notice, except tracking parameters


@dataclass(frozen=True)
class Policy:
    unknown: Unknown
    controls: tuple[str, ...] = ()  # the view's own keys, which are not answers


POLICIES: Mapping[Surface, Policy] = {
    # Programs call the API: a typo must fail loudly, tracking parameters included.
    Surface.API: Policy(Unknown.REJECT),
    # Shared links gather tracking parameters (and worse) on their way: keep quiet.
    Surface.REPORT: Policy(Unknown.IGNORE),
    Surface.PDF: Policy(Unknown.IGNORE, controls=("paper",)),
    Surface.FLOWCHART: Policy(Unknown.IGNORE),
    # A person reads the wizard: say what was dropped, unless it is only tracking.
    Surface.WIZARD: Policy(Unknown.WARN, controls=(EDIT, SUBMITTED)),
}

# Parameters that link shorteners, mail tools and ad networks append to shared links.
TRACKING_PREFIXES = ("utm_",)
TRACKING_KEYS = frozenset({"fbclid", "gclid", "msclkid", "mc_cid", "mc_eid", "_ga", "ref"})
_ANSWER_KEYS = frozenset([*FLOWCHART.questions, WORKSPACE_NAME])


def is_tracking(key: str) -> bool:
    return key in TRACKING_KEYS or key.startswith(TRACKING_PREFIXES)


def _is_read(key: str, policy: Policy) -> bool:
    """Whether `key` goes to the parser: answers always, other keys only where the
    policy has something to say about them (the parser calls them unknown)."""
    if key in _ANSWER_KEYS or policy.unknown is Unknown.REJECT:
        return True
    return policy.unknown is Unknown.WARN and not is_tracking(key)


@dataclass(frozen=True)
class Reading:
    """One request's answers, read once."""

    rec: Recommendation  # for the valid answers; problems were left out
    problems: tuple[AnswerProblem, ...]  # what the surface's policy counts as wrong
    given: Mapping[str, tuple[str, ...]]  # the answer keys as sent, bad values included
    controls: Mapping[str, str]  # the surface's own keys that were sent (edit, paper)
    links: Links

    @property
    def problem_keys(self) -> frozenset[str]:
        return frozenset(p.key for p in self.problems)


def read_query(
    query: QueryDict, surface: Surface, *, wizard_base: str = "", origin: str = ""
) -> Reading:
    """Parse `query` by `surface`'s policy and recommend for its valid answers.

    The wizard's links go to `wizard_base` (/wizard/ unless given); `origin` makes the
    share link absolute.
    """
    policy = POLICIES[surface]
    raw: dict[str, list[str]] = {}
    for key in query:
        if key in policy.controls:
            continue
        if _is_read(key, policy):
            raw[key] = query.getlist(key)
    parsed = parse_answers(raw)
    rec = decide(**parsed.answers, workspace_name=parsed.workspace_name)
    given = {key: tuple(values) for key, values in raw.items() if key in _ANSWER_KEYS}
    return Reading(
        rec=rec,
        problems=parsed.problems,
        given=given,
        controls={key: query.getlist(key)[-1] for key in policy.controls if key in query},
        links=Links.of(rec, wizard_base=wizard_base, origin=origin, given=given),
    )


def read_answers(request: HttpRequest, surface: Surface, *, wizard_base: str = "") -> Reading:
    """`read_query` for a request's query string, its share link on the public origin."""
    return read_query(request.GET, surface, wizard_base=wizard_base, origin=public_origin(request))
