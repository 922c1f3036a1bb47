"""Enumerate every complete set of answers by walking the flowchart, and recommend for
each once per test process."""

from collections.abc import Iterator
from functools import cache

from connectors_app.decision import FLOWCHART, Recommendation, recommend

# The questions that choose the flowchart's route; the others feed the criteria.
ROUTING_QUESTIONS = tuple(
    q for q, question in FLOWCHART.questions.items() if not question.criterion
)


@cache
def _all() -> tuple[tuple[tuple[str, str], ...], ...]:
    done, todo = [], [{}]
    while todo:
        answers = todo.pop()
        walk = FLOWCHART.walk(answers)
        if walk.complete:
            done.append(tuple(answers.items()))
            continue
        for value in FLOWCHART.questions[walk.next_question].values:
            todo.append({**answers, walk.next_question: value})
    return tuple(done)


def all_complete_answer_sets() -> Iterator[dict[str, str]]:
    return (dict(items) for items in _all())


def route_of(answers: dict[str, str]) -> str:
    """The routing answers as a short id, e.g. "owns_deliverability=no&cloud_procurement=no"."""
    return "&".join(f"{q}={answers[q]}" for q in ROUTING_QUESTIONS if q in answers)


@cache
def _by_route() -> dict[str, tuple[dict[str, str], ...]]:
    routes: dict[str, list[dict[str, str]]] = {}
    for answers in all_complete_answer_sets():
        routes.setdefault(route_of(answers), []).append(answers)
    return {route: tuple(sets) for route, sets in sorted(routes.items())}


def routes() -> list[str]:
    """Every route through the flowchart: a unit of work small enough to spread the
    exhaustive tests over parallel workers."""
    return list(_by_route())


def answer_sets_on(route: str) -> tuple[dict[str, str], ...]:
    return _by_route()[route]


@cache
def recommendations_on(route: str) -> tuple[Recommendation, ...]:
    """The recommendation for every complete set of answers on `route`, computed once."""
    return tuple(recommend(**answers) for answers in answer_sets_on(route))


def every_recommendation() -> Iterator[Recommendation]:
    """The recommendation for every complete set of answers, each computed once."""
    for route in routes():
        yield from recommendations_on(route)
