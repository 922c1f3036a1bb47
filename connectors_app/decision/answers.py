"""Validate a raw set of answers: every surface parses through here, so all of them
reject the same input with the same message."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .data import FLOWCHART

WORKSPACE_NAME = "workspace_name"
WORKSPACE_NAME_MAX = 80
# Control, format (bidi overrides, zero-width), surrogate, private-use and unassigned
# characters: nothing a person means to type in a title.
_ODD_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}


@dataclass(frozen=True)
class AnswerProblem:
    key: str
    message: str


# A hostile request can hold thousands of problems: say the first few, then count.
PROBLEMS_SHOWN = 20
# How much of a value a message quotes: enough to recognise it, never a whole upload.
VALUE_SHOWN = 40


def clip(text: str) -> str:
    """`text`, cut with an ellipsis when longer than a message should quote."""
    return text if len(text) <= VALUE_SHOWN else text[: VALUE_SHOWN - 1] + "…"


def shown(value: object) -> str:
    """A short repr of a value for a message."""
    return clip(repr(value))


def summarise(messages: Sequence[str], *, limit: int = PROBLEMS_SHOWN) -> list[str]:
    """At most `limit` messages, then "and N more" for the rest."""
    head = list(messages[:limit])
    if len(messages) > limit:
        head.append(f"and {len(messages) - limit} more")
    return head


class AnswerError(ValueError):
    """Raised by the strict surfaces (API, command line) for any invalid answer."""

    def __init__(self, problems: Sequence[AnswerProblem]):
        self.problems = tuple(problems)
        super().__init__(" ".join(summarise([p.message for p in self.problems])))


@dataclass(frozen=True)
class ParsedAnswers:
    answers: dict[str, str]
    workspace_name: str
    problems: tuple[AnswerProblem, ...]

    def raise_problems(self) -> None:
        if self.problems:
            raise AnswerError(self.problems)


def choices_text(question_id: str) -> str:
    return ", ".join(FLOWCHART.questions[question_id].values)


def check_workspace_name(value: str) -> str | None:
    """The problem with a workspace name, or None when it can title a report."""
    if len(value) > WORKSPACE_NAME_MAX:
        return (
            f"workspace_name is {len(value)} characters long; "
            f"at most {WORKSPACE_NAME_MAX} are allowed."
        )
    if any(unicodedata.category(ch) in _ODD_CATEGORIES for ch in value):
        return "workspace_name holds control or invisible formatting characters; use plain text."
    return None


def _single(key: str, value: object) -> tuple[str | None, AnswerProblem | None]:
    if isinstance(value, list | tuple):
        # Compared one by one, not through a set: the items may be unhashable JSON.
        if any(item != value[0] for item in value[1:]):
            return None, AnswerProblem(key, f"{key} is given more than once with different values.")
        value = value[0] if value else ""
    if not isinstance(value, str):
        return None, AnswerProblem(key, f"{key} must be a string, got {shown(value)}.")
    return value, None


def parse_answers(raw: Mapping[str, object]) -> ParsedAnswers:
    """Split raw input into valid answers, a workspace name and the problems found.

    Values may be strings or lists of strings (a query string can repeat a key).
    """
    answers: dict[str, str] = {}
    problems: list[AnswerProblem] = []
    workspace_name = ""
    valid_ids = ", ".join([*FLOWCHART.questions, WORKSPACE_NAME])
    for key, raw_value in raw.items():
        if key != WORKSPACE_NAME and key not in FLOWCHART.questions:
            # Checked first, so a message never quotes a long unknown key in full.
            # The valid ids once, on the first unknown key: a hostile query with a
            # thousand of them must not repeat the list a thousand times.
            listed = any(p.message.startswith("Unknown question id") for p in problems)
            message = f"Unknown question id {shown(key)}" + (
                "." if listed else f"; valid ids: {valid_ids}."
            )
            problems.append(AnswerProblem(clip(key), message))
            continue
        value, problem = _single(key, raw_value)
        if problem:
            problems.append(problem)
            continue
        assert value is not None
        if key == WORKSPACE_NAME:
            name = value.strip()
            problem_text = check_workspace_name(name)
            if problem_text:
                problems.append(AnswerProblem(key, problem_text))
            else:
                workspace_name = name
        elif value not in FLOWCHART.questions[key].values:
            problems.append(
                AnswerProblem(
                    key,
                    f"{shown(value)} is not a choice for {key}; "
                    f"valid choices: {choices_text(key)}.",
                )
            )
        else:
            answers[key] = value
    return ParsedAnswers(answers, workspace_name, tuple(problems))
