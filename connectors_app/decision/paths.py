"""Graph searches over the flowchart: how many questions the paths ahead still ask.

The wizard's progress ("Question 3 of 7-9") and the home page's "7-9 questions" come
from here, so they always agree with the walk itself.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
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


@cache
def routes() -> tuple[tuple[dict[str, str], tuple[str, ...]], ...]:
    """Every route through the flowchart: its routing answers and the questions its path
    asks. Only the routing questions are walked (any answer to a criterion goes the same
    way), so this is quick."""
    criteria = {q: question.values[0] for q, question in FLOWCHART.questions.items()}
    criteria = {q: v for q, v in criteria.items() if FLOWCHART.questions[q].criterion}
    found: list[tuple[dict[str, str], tuple[str, ...]]] = []
    todo: list[dict[str, str]] = [{}]
    while todo:
        routing = todo.pop()
        walk = FLOWCHART.walk({**criteria, **routing})
        if walk.complete:
            found.append((routing, walk.asked))
            continue
        assert walk.next_question is not None
        todo += [
            {**routing, walk.next_question: v}
            for v in FLOWCHART.questions[walk.next_question].values
        ]
    return tuple(found)


def answer_sets(routing: Mapping[str, str], asked: tuple[str, ...]) -> Iterator[dict[str, str]]:
    """Every complete set of answers on one route (`routes()`), in the order its path
    asks the questions."""
    criteria = [q for q in asked if q not in routing]
    for values in product(*(FLOWCHART.questions[q].values for q in criteria)):
        chosen = {**routing, **dict(zip(criteria, values, strict=True))}
        yield {q: chosen[q] for q in asked}


def complete_answer_sets() -> Iterator[dict[str, str]]:
    """Every complete set of answers (27,216 today), route by route."""
    for routing, asked in routes():
        yield from answer_sets(routing, asked)
