"""Enumerate every complete set of answers by walking the flowchart, and recommend for
each once per test process."""

from collections.abc import Callable, Iterator
from functools import cache, lru_cache

import pytest

from connectors_app.decision import FLOWCHART, Recommendation, paths, recommend
from connectors_app.decision.flowchart import Walk

# The tests that walk every complete set of answers: one worker, one enumeration.
EVERY_ANSWER_SET = pytest.mark.xdist_group("every-answer-set")

# The questions that choose the flowchart's route; the others feed the criteria.
ROUTING_QUESTIONS = tuple(
    q for q, question in FLOWCHART.questions.items() if not question.criterion
)


@cache
def _all() -> tuple[tuple[tuple[tuple[str, str], ...], Walk], ...]:
    """Every complete set of answers with its walk, found by trying every choice at every
    step: the generic enumeration, which assumes nothing about which questions route."""
    done, todo = [], [{}]
    while todo:
        answers = todo.pop()
        walk = FLOWCHART.walk(answers)
        if walk.complete:
            done.append((tuple(answers.items()), walk))
            continue
        for value in FLOWCHART.questions[walk.next_question].values:
            todo.append({**answers, walk.next_question: value})
    return tuple(done)


def all_complete_answer_sets() -> Iterator[dict[str, str]]:
    return (dict(items) for items, _walk in _all())


def complete_walks() -> Iterator[tuple[dict[str, str], Walk]]:
    """Every complete set of answers with `FLOWCHART.walk` of it, walked once per process
    (the tests that use it share the xdist group `EVERY_ANSWER_SET`)."""
    return ((dict(items), walk) for items, walk in _all())


def route_of(answers: dict[str, str]) -> str:
    """The routing answers as a short id, e.g. "owns_deliverability=no&cloud_procurement=no"."""
    return "&".join(f"{q}={answers[q]}" for q in ROUTING_QUESTIONS if q in answers)


@cache
def _routes() -> dict[str, paths.Route]:
    """Each route's routing answers and the questions its path asks, by route id (the
    decision package walks the routing questions alone; the engine test checks that this
    gives exactly the sets of the generic enumeration). Cheap enough for collection time."""
    return dict(sorted((route_of(dict(r.answers)), r) for r in paths.routes()))


def routes() -> list[str]:
    """Every route through the flowchart: a unit of work small enough to spread the
    exhaustive tests over parallel workers."""
    return list(_routes())


def each_route(ids: Callable[[str], str] | None = None) -> list:
    """Every route as a parameter, the tests of one route in an xdist group of its own:
    loadgroup runs a group's tests one after another on one worker, so the route's
    recommendations are computed once for all of them (`recommendations_on`)."""
    return [
        pytest.param(route, marks=pytest.mark.xdist_group(f"route:{route}"), id=ids and ids(route))
        for route in routes()
    ]


@cache
def answer_sets_on(route: str) -> tuple[dict[str, str], ...]:
    """Every complete set of answers on `route`, in the order the path asks them."""
    return tuple(paths.answer_sets(_routes()[route]))


# One route's recommendations are about 10 MB and every route's about 400 MB: keep only
# the route a worker is on (and one more, for a test of another route run in between).
@lru_cache(maxsize=2)
def recommendations_on(route: str) -> tuple[Recommendation, ...]:
    """The recommendation for every complete set of answers on `route`, computed once for
    the tests of that route that run in a row (see `each_route`)."""
    return tuple(recommend(**answers) for answers in answer_sets_on(route))
