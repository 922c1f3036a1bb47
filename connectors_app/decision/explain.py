"""The sentences that explain a recommendation, written from the flowchart's data.

The routing lives once, in flowchart.toml: each choice's `because` clause explains a
route through it, and `if_chosen` names the condition it sets. This module walks that
data to say why the flowchart led where it did, why it did not lead elsewhere, and
what a single different answer would change. No question id is tested here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

from .catalogue import Connector
from .data import CATALOGUE, FLOWCHART
from .paths import Route, routes


def _routing(question_id: str) -> bool:
    return not FLOWCHART.questions[question_id].criterion


def because(question_id: str, value: str) -> str:
    return FLOWCHART.questions[question_id].choice(value).because


def join_clauses(clauses: Sequence[str]) -> str:
    clauses = [c for c in clauses if c]
    if len(clauses) < 3:
        return " and ".join(clauses)
    return f"{', '.join(clauses[:-1])} and {clauses[-1]}"


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def route_clauses(answers: Mapping[str, str], asked: Sequence[str]) -> list[str]:
    """The `because` clauses of the routing answers on a path, in path order."""
    return [because(q, answers[q]) for q in asked if _routing(q) and q in answers]


_ROUTING_IDS = tuple(q for q in FLOWCHART.questions if _routing(q))


def not_routed_here(c: Connector, answers: Mapping[str, str]) -> str:
    """Why the flowchart did not lead to `c`: the nearest route that does, and where
    the reader's answers leave it."""
    return _not_routed_here(c.id, tuple(answers.get(q, "") for q in _ROUTING_IDS))


@lru_cache(maxsize=4096)
def _not_routed_here(connector_id: str, routing: tuple[str, ...]) -> str:
    # Only the routing answers matter: cached on them.
    c = CATALOGUE[connector_id]
    answers = {q: v for q, v in zip(_ROUTING_IDS, routing, strict=True) if v}
    order = list(FLOWCHART.questions)

    def differences(route: Route) -> list[str]:
        return [q for q, v in route.answers.items() if answers.get(q) != v]

    # The nearest route: fewest different answers, then the latest point of departure.
    nearest = min(
        (r for r in routes() if r.connector == c.id),
        key=lambda r: (len(diff := differences(r)), -max(order.index(q) for q in diff)),
    )
    diff = differences(nearest)
    needed = [
        because(q, nearest.answers[q])
        for q in diff
        if q in answers or FLOWCHART.questions[q].choice(nearest.answers[q]).connector
    ]
    given = [because(q, answers[q]) for q in diff if q in answers]
    return f"The flowchart leads to {c.name} when {join_clauses(needed)}; {join_clauses(given)}"


def why(
    *,
    answers: Mapping[str, str],
    asked: Sequence[str],
    docs_outcome: Connector,
    outcome: Connector,
    chosen: Connector,
    chosen_score: float,
    halves: bool,
    blockers: Sequence[str],
    moving_from: str,
) -> str:
    """The recommendation's paragraph: the route, then what the criteria made of it."""
    route = capitalised(join_clauses(route_clauses(answers, asked)))
    points = f"so the flowchart points to {docs_outcome.name}"
    if docs_outcome != outcome:
        points += f", and the procurement rule then to {outcome.name}"
    scored = f"scores {chosen_score:.2f} of 1 on the five criteria" + (
        " (what the docs leave unknown counts as half)" if halves else ""
    )
    if chosen != outcome:
        move = f"moving from {moving_from} to {chosen.name}" if moving_from else chosen.name
        return (
            f"{route}, {points}, but {outcome.name} cannot meet a hard requirement "
            f"({'; '.join(blockers)}). That means {move}: it meets every hard requirement "
            f"and {scored}. {chosen.summary}"
        )
    return f"{route}, {points}, which meets every hard requirement and {scored}. {chosen.summary}"


def overrule_reason(
    *, outcome: Connector, chosen: Connector, blockers: Sequence[str], moving_from: str
) -> str:
    """Why the flowchart's answer was overruled, in the reader's own terms."""
    head = f"The flowchart's {outcome.name} fails a hard requirement: {'; '.join(blockers)}."
    if moving_from and moving_from != chosen.name:
        return (
            f"{head} That means moving from {moving_from} to {chosen.name}, "
            "the best connector that meets them all."
        )
    return f"{head} {chosen.name} is the best connector that meets them all."


def change_sentence(question_id: str, value: str, connector: Connector, stands: bool) -> str:
    """One "what would change" line: the condition, then the connector it would give."""
    condition = capitalised(FLOWCHART.questions[question_id].choice(value).if_chosen)
    verb = "would stand" if stands else "would be recommended"
    return f"{condition}, {connector.name} {verb}."
