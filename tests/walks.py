"""Enumerate every complete set of answers by walking the flowchart."""

from collections.abc import Iterator
from functools import cache

from connectors_app.decision import FLOWCHART


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
