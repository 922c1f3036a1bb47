"""Graph searches over the flowchart: how many questions the paths ahead still ask.

The wizard's progress ("Question 3 of 7-9") and the home page's "7-9 questions" come
from here, so they always agree with the walk itself.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import product

from .data import FLOWCHART


@cache
def branching_questions() -> frozenset[str]:
    """The questions whose answer chooses an edge."""
    return frozenset(q for edge in FLOWCHART.edges for q in edge.when)


def path_length_range(answers: Mapping[str, str]) -> tuple[int, int]:
    """The fewest and most questions a complete path can ask, given these answers."""
    lengths = [length for length, _ in paths_ahead(answers)]
    return min(lengths), max(lengths)


def paths_ahead(answers: Mapping[str, str]) -> frozenset[tuple[int, int]]:
    """For every complete path these answers still allow: (questions it asks,
    questions on it that have no answer yet).

    Only questions that choose an edge change which questions a path asks, so only
    their values matter (with which questions are answered), and the result is
    cached on those.
    """
    branching = branching_questions()
    return _paths_for(
        frozenset((q, v) for q, v in answers.items() if q in branching),
        frozenset(q for q in answers if q in FLOWCHART.questions),
    )


@lru_cache(maxsize=4096)
def _paths_for(
    routing: frozenset[tuple[str, str]], answered: frozenset[str]
) -> frozenset[tuple[int, int]]:
    # Any value walks the same way through a question that routes nowhere.
    answers = {q: FLOWCHART.questions[q].values[0] for q in answered} | dict(routing)
    walk = FLOWCHART.walk(answers)
    if walk.complete:
        return frozenset({(len(walk.asked), 0)})
    assert walk.next_question is not None
    question = FLOWCHART.questions[walk.next_question]
    routes = question.id in branching_questions()
    found = set()
    for value in question.values if routes else question.values[:1]:
        after = routing | {(question.id, value)} if routes else routing
        for length, left in _paths_for(after, answered | {question.id}):
            found.add((length, left + 1))
    return frozenset(found)


@dataclass(frozen=True)
class Route:
    """One way through the routing questions: their answers (in the order the path asks
    them), every question the path asks, and the connector the flowchart ends at."""

    answers: Mapping[str, str]
    asked: tuple[str, ...]
    connector: str


@cache
def routes() -> tuple[Route, ...]:
    """Every route through the flowchart. Only the routing questions are walked (any
    answer to a criterion goes the same way), so this is quick."""
    criteria = {q: question.values[0] for q, question in FLOWCHART.questions.items()}
    criteria = {q: v for q, v in criteria.items() if FLOWCHART.questions[q].criterion}
    found: list[Route] = []
    todo: list[dict[str, str]] = [{}]
    while todo:
        routing = todo.pop()
        walk = FLOWCHART.walk({**criteria, **routing})
        if walk.complete:
            node = FLOWCHART.outcome_node(walk.path)
            assert node is not None, "every route ends at an outcome"
            found.append(Route(routing, walk.asked, FLOWCHART.outcome_connector(node, routing)))
            continue
        assert walk.next_question is not None
        todo += [
            {**routing, walk.next_question: v}
            for v in FLOWCHART.questions[walk.next_question].values
        ]
    return tuple(found)


def answer_sets(route: Route) -> Iterator[dict[str, str]]:
    """Every complete set of answers on one route, in the order its path asks them."""
    criteria = [q for q in route.asked if q not in route.answers]
    for values in product(*(FLOWCHART.questions[q].values for q in criteria)):
        chosen = {**route.answers, **dict(zip(criteria, values, strict=True))}
        yield {q: chosen[q] for q in route.asked}


def complete_answer_sets() -> Iterator[dict[str, str]]:
    """Every complete set of answers (27,216 today), route by route."""
    for route in routes():
        yield from answer_sets(route)
