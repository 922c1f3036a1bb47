"""What a wizard step shows, worked out from the answers in its URL.

`wizard_state()` parses a query string, lets the engine walk it, and returns all a
step template needs. It never decides anything itself: the next question, what is
on the path and what is dropped all come from `recommend()`. The same state renders
at /wizard/, inside the docs page and inside the embed, so every URL is built from
the `base_url` the caller gives.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import QueryDict
from django.urls import reverse

from connectors_app.decision import FLOWCHART, Recommendation, recommend
from connectors_app.decision.answers import WORKSPACE_NAME
from connectors_app.decision.flowchart import Question
from connectors_app.decision.paths import paths_ahead
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
class KeptRow:
    """An answer the URL holds for a question not reached yet: it applies when the
    path gets there. It cannot be edited before then, only cleared."""

    question_id: str
    question: str
    answer: str
    clear_url: str


def _span(low: int, high: int) -> str:
    return str(high) if low == high else f"{low}\N{EN DASH}{high}"


@dataclass(frozen=True)
class Progress:
    """Where the step stands on the current path. Branches still ahead can make the
    path shorter or longer, so totals are ranges until they are answered.

    Answers kept for later questions count as done: the bar and the "left to
    answer" count say how much a person still has to do, not how far the path
    has been walked.
    """

    step: int  # 1-based number of the question shown
    answered: int  # answers on the path so far
    low: int  # fewest questions any path from here asks
    high: int  # most questions any path from here asks
    left_low: int  # fewest questions still without an answer on any path from here
    left_high: int  # most questions still without an answer
    percent: int  # share done on the path that leaves the most to do
    editing: bool = False

    @property
    def exact(self) -> bool:
        return self.low == self.high

    @property
    def total_text(self) -> str:
        return _span(self.low, self.high)

    @property
    def text(self) -> str:
        return f"Question {self.step} of {self.total_text}"

    @property
    def left_text(self) -> str:
        """How many questions still need an answer, shown when "Question N of M"
        alone would mislead: later answers are already kept, or an earlier answer
        is being changed. Empty when the step number already says it."""
        if self.left_high == 0:
            return "all answered"
        said_by_step = (self.low - self.step + 1, self.high - self.step + 1)
        if not self.editing and (self.left_low, self.left_high) == said_by_step:
            return ""
        return f"{_span(self.left_low, self.left_high)} left to answer"


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
    kept_for_later: tuple[KeptRow, ...]
    back_url: str
    hidden_fields: tuple[tuple[str, str], ...]  # the other answers, carried by the form
    query: str  # the answers (and workspace name) in effect, without control keys

    @property
    def complete(self) -> bool:
        return self.question is None

    @property
    def title(self) -> str:
        """The tab title, the same for the full page and after an htmx swap."""
        if self.question is None:
            return "Every question is answered · Connector Wizard"
        return f"{self.progress.text}: {self.question.text} · Connector Wizard"

    @property
    def announcement(self) -> str:
        """What a screen reader hears after a step is swapped in."""
        if self.question is None:
            return "All questions answered."
        return f"{self.progress.text}: {self.question.text}"


def answer_rows(rec: Recommendation, *, edit_url: Callable[[str], str]) -> tuple[AnswerRow, ...]:
    """The answers in effect, in path order, each with the link that changes it."""
    return tuple(
        AnswerRow(
            question_id=q,
            question=FLOWCHART.questions[q].text,
            answer=FLOWCHART.questions[q].choice(rec.answers[q]).label,
            edit_url=edit_url(q),
        )
        for q in rec.walk.asked
        if q in rec.answers
    )


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
    rec = recommend(**given, workspace_name=parsed.workspace_name)
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
    step = asked.index(question.id) + 1 if question else len(asked)
    # Kept answers narrow the paths ahead and count as done.
    ahead = paths_ahead(kept)
    progress = Progress(
        step=step,
        answered=len(rec.answers),
        low=min(length for length, _ in ahead),
        high=max(length for length, _ in ahead),
        left_low=min(left for _, left in ahead),
        left_high=max(left for _, left in ahead),
        # Rounded down against the path that leaves the most to do: never runs ahead.
        percent=min(100 * (length - left) // length for length, left in ahead),
        editing=editing,
    )

    rows = answer_rows(rec, edit_url=edit_url)
    kept_rows = tuple(
        KeptRow(
            question_id=q,
            question=FLOWCHART.questions[q].text,
            answer=FLOWCHART.questions[q].choice(rec.pending[q]).label,
            clear_url=_url(
                base_url,
                answers_query(
                    {k: v for k, v in kept.items() if k != q},
                    ws,
                    **{EDIT: question_id if editing else ""},
                ),
            ),
        )
        for q in FLOWCHART.questions
        if q in rec.pending
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
        kept_for_later=kept_rows,
        back_url=back_url,
        hidden_fields=tuple(hidden),
        query=clean,
    )
