"""What a wizard step shows, worked out from the answers in its URL.

`wizard_state()` parses a query string, lets the engine walk it, and returns all a
step template needs. It never decides anything itself: the next question, what is
on the path and what is dropped all come from `recommend()`. The same state renders
at /wizard/, inside the docs page and inside the embed, so every URL is built from
the `base_url` the caller gives.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from django.http import QueryDict
from django.urls import reverse

from connectors_app.decision import FLOWCHART, Recommendation, recommend
from connectors_app.decision.answers import WORKSPACE_NAME
from connectors_app.decision.flowchart import Question
from connectors_app.forms import QuestionForm
from connectors_app.querystring import answers_query, parse_query

# Query keys that belong to the wizard itself, not to the answers.
EDIT = "edit"
CONTROL_KEYS = (EDIT,)


@dataclass(frozen=True)
class Notice:
    """A message above the step: "warning" when something in the URL was dropped,
    "info" for a neutral note."""

    level: str
    text: str


@dataclass(frozen=True)
class AnswerRow:
    question_id: str
    question: str
    answer: str
    edit_url: str


@dataclass(frozen=True)
class Progress:
    """Where the step stands on the current path. Branches still ahead can make the
    path shorter or longer, so the total is a range until they are answered."""

    step: int  # 1-based number of the question shown
    answered: int
    low: int  # fewest questions any path from here asks
    high: int  # most questions any path from here asks

    @property
    def exact(self) -> bool:
        return self.low == self.high

    @property
    def total_text(self) -> str:
        return str(self.high) if self.exact else f"{self.low}\N{EN DASH}{self.high}"

    @property
    def text(self) -> str:
        return f"Question {self.step} of {self.total_text}"

    @property
    def percent(self) -> int:
        # Counted against the longest possible path: never promises more than is done.
        return round(100 * self.answered / self.high) if self.high else 100


@dataclass(frozen=True)
class WizardState:
    rec: Recommendation
    base_url: str
    hx_target: str
    url: str  # this step's canonical URL: valid answers only (plus edit)
    report_url: str
    question: Question | None  # None when the answers are complete
    editing: bool
    form: QuestionForm | None
    notices: tuple[Notice, ...]
    has_problems: bool  # the URL held something invalid (not just off-path answers)
    progress: Progress
    answers_so_far: tuple[AnswerRow, ...]
    back_url: str
    hidden_fields: tuple[tuple[str, str], ...]  # the other answers, carried by the form
    query: str  # the answers (and workspace name) in effect, without control keys

    @property
    def complete(self) -> bool:
        return self.question is None

    @property
    def announcement(self) -> str:
        """What a screen reader hears after a step is swapped in."""
        if self.question is None:
            return "All questions answered."
        return f"{self.progress.text}: {self.question.text}"


@cache
def _branching_questions() -> frozenset[str]:
    return frozenset(q for edge in FLOWCHART.edges for q in edge.when)


def path_length_range(answers: Mapping[str, str]) -> tuple[int, int]:
    """The fewest and most questions a complete path can ask, given these answers.

    Only questions that choose an edge change which questions a path asks, so only
    their answers matter, and the result is cached on them.
    """
    branching = _branching_questions()
    return _lengths_for(frozenset((q, v) for q, v in answers.items() if q in branching))


@cache
def _lengths_for(key: frozenset[tuple[str, str]]) -> tuple[int, int]:
    answers = dict(key)
    while True:
        walk = FLOWCHART.walk(answers)
        if walk.complete:
            return len(walk.asked), len(walk.asked)
        question = FLOWCHART.questions[walk.next_question]
        if question.id in _branching_questions():
            break
        # Any answer to a question that routes nowhere walks on the same way.
        answers[question.id] = question.values[0]
    lengths = [_lengths_for(key | {(question.id, value)}) for value in question.values]
    return min(low for low, _ in lengths), max(high for _, high in lengths)


def _url(base_url: str, query: str) -> str:
    return f"{base_url}?{query}" if query else base_url


def _problem_text(key: str, message: str, raw: QueryDict) -> str:
    if key == WORKSPACE_NAME:
        return f"The workspace name was not kept: {message}"
    question = FLOWCHART.questions.get(key)
    if question is None:
        return f"The link held “{key}”, which is not one of the wizard's questions; it was ignored."
    shown = ", ".join(raw.getlist(key))
    return (
        f"The link's answer to “{question.text}” was “{shown}”, which is not one of its "
        "answers, so it was dropped: choose again when the question comes up."
    )


def wizard_state(
    query: QueryDict, *, base_url: str, hx_target: str = "#wizard-step"
) -> WizardState:
    """Everything one wizard step shows, for the answers in `query`.

    Invalid keys and choices are dropped with a notice; answers off the path are
    dropped with a notice; answers for later questions are kept. `edit=<question id>`
    shows an answered question on the path again, prefilled.
    """
    parsed = parse_query(query, ignore=CONTROL_KEYS)
    given = parsed.answers
    rec = recommend({**given, WORKSPACE_NAME: parsed.workspace_name})
    notices = [Notice("warning", _problem_text(p.key, p.message, query)) for p in parsed.problems]
    if rec.ignored:
        dropped = "; ".join(
            f"“{FLOWCHART.questions[q].text}”" for q in FLOWCHART.questions if q in rec.ignored
        )
        notices.append(
            Notice(
                "warning", f"These answers do not apply on your path and were dropped: {dropped}"
            )
        )
    if rec.pending:
        notices.append(
            Notice("info", "Answers for later steps are kept and apply when you get there.")
        )

    kept = {**rec.answers, **rec.pending}  # in effect now, or waiting further on
    ws = rec.workspace_name

    edit_id = query.get(EDIT, "")
    editing = False
    question_id = rec.next_question
    if edit_id:
        if edit_id in rec.answers:
            question_id, editing = edit_id, True
        elif edit_id in FLOWCHART.questions:
            notices.append(
                Notice(
                    "warning",
                    f"“{FLOWCHART.questions[edit_id].text}” is not an answered question on "
                    "your path, so there is nothing to change there yet.",
                )
            )
        else:
            notices.append(Notice("warning", f"There is no question “{edit_id}” to change."))

    def edit_url(q: str) -> str:
        return _url(base_url, answers_query(kept, ws, **{EDIT: q}))

    question = FLOWCHART.questions[question_id] if question_id else None
    form = None
    if question is not None:
        bad = [p for p in parsed.problems if p.key == question.id]
        if bad:
            # Bound to the bad value so the field shows what was wrong.
            form = QuestionForm({question.id: query.get(question.id, "")}, question=question)
            form.is_valid()
        else:
            form = QuestionForm(initial={question.id: kept.get(question.id)}, question=question)

    asked = rec.walk.asked
    low, high = path_length_range(rec.answers)
    step = asked.index(question.id) + 1 if question else len(asked)
    progress = Progress(step=step, answered=len(rec.answers), low=low, high=high)

    rows = tuple(
        AnswerRow(
            question_id=q,
            question=FLOWCHART.questions[q].text,
            answer=FLOWCHART.questions[q].choice(rec.answers[q]).label,
            edit_url=edit_url(q),
        )
        for q in asked
        if q in rec.answers
    )
    before = asked[: step - 1] if question else asked
    previous = [q for q in before if q in rec.answers]
    back_url = edit_url(previous[-1]) if previous else ""

    hidden = [(q, v) for q, v in kept.items() if question is None or q != question.id]
    if ws:
        hidden.append((WORKSPACE_NAME, ws))
    clean = answers_query(kept, ws)
    return WizardState(
        rec=rec,
        base_url=base_url,
        hx_target=hx_target,
        url=_url(base_url, answers_query(kept, ws, **{EDIT: question_id if editing else ""})),
        report_url=_url(reverse("connectors:report"), answers_query(rec.answers, ws)),
        question=question,
        editing=editing,
        form=form,
        notices=tuple(notices),
        has_problems=bool(parsed.problems),
        progress=progress,
        answers_so_far=rows,
        back_url=back_url,
        hidden_fields=tuple(hidden),
        query=clean,
    )
