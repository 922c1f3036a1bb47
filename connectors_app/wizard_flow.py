"""What a wizard step shows, worked out from the answers in its URL.

`wizard_state()` takes a request's answers, read once (request_answers.py), and
returns all a step template needs. It never decides anything itself: the next
question, what is on the path and what is dropped all come from `recommend()`. The
same state renders at /wizard/, inside the docs page and inside the embed; every URL
comes from the reading's `Links`, which point at the wizard where it runs.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.forms import BoundField
from django.http import HttpRequest

from connectors_app.answer_rows import AnswerRow, answer_rows
from connectors_app.decision import FLOWCHART, Recommendation
from connectors_app.decision.answers import WORKSPACE_NAME, clip, summarise
from connectors_app.decision.flowchart import Question
from connectors_app.decision.paths import paths_ahead
from connectors_app.flowchart.figure import FlowchartFigure, flowchart_figure
from connectors_app.forms import QuestionForm
from connectors_app.links import EDIT, SUBMITTED, Links
from connectors_app.request_answers import Reading, Surface, read_answers


@dataclass(frozen=True)
class Notice:
    """A message above the step: "warning" when something in the URL was dropped,
    "info" for a neutral note."""

    level: str
    text: str


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
    links: Links  # every URL of these answers; the wizard's own go where it runs
    hx_target: str
    url: str  # this step's canonical URL: valid answers only (plus edit)
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
    figure: FlowchartFigure | None  # the path's chart beside the step, where asked for
    # The question's heading level: 1 where the step has the page to itself (the
    # question is the page's heading, as GOV.UK does), 2 inside the docs page or embed.
    heading_level: int = 1
    # How htmx records a step in history: "push", or "replace" in the embed, which must
    # never add entries to its host page's history.
    history: str = "push"
    missing_answer: bool = False  # sent without choosing: the error summary shows

    @property
    def field(self) -> BoundField | None:
        """The question's radio field, which the template lays out itself."""
        if self.form is None or self.question is None:
            return None
        return self.form[self.question.id]

    @property
    def errors(self) -> tuple[tuple[str, str], ...]:
        """(message, id of the input it links to) for the error summary."""
        field = self.field
        if field is None or not field.errors:
            return ()
        return tuple((str(message), f"{field.auto_id}_0") for message in field.errors)

    @property
    def base_url(self) -> str:
        return self.links.wizard_base

    @property
    def report_url(self) -> str:
        return self.links.report

    @property
    def complete(self) -> bool:
        return self.question is None

    @property
    def title(self) -> str:
        """The tab title, the same for the full page and after an htmx swap."""
        if self.question is None:
            return "Every question is answered · Connector Wizard"
        error = "Error: " if self.errors else ""
        return f"{error}{self.progress.text}: {self.question.text} · Connector Wizard"


def _problem_text(key: str, message: str, given: tuple[str, ...]) -> str:
    if key == WORKSPACE_NAME:
        return f"The workspace name was not kept: {message}"
    question = FLOWCHART.questions.get(key)
    if question is None:
        return f"The link held “{key}”, which is not one of the wizard's questions; it was ignored."
    return (
        f"The link's answer to “{question.text}” was “{clip(', '.join(given))}”, which is "
        "not one of its answers, so it was dropped: choose again when the question comes up."
    )


def _notices(reading: Reading) -> list[Notice]:
    """What the link held that was dropped or kept aside, a few problems at most."""
    rec = reading.rec
    texts = [
        _problem_text(p.key, p.message, reading.given.get(p.key, ())) for p in reading.problems
    ]
    notices = [Notice("warning", text) for text in summarise(texts)]
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
    return notices


def _progress(rec: Recommendation, kept: dict[str, str], *, step: int, editing: bool) -> Progress:
    # Kept answers narrow the paths ahead and count as done.
    ahead = paths_ahead(kept)
    return Progress(
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


def edited_question(reading: Reading) -> str:
    """The answered question that `edit=` asks to change, or "" for none."""
    edit_id = reading.controls.get(EDIT, "")
    return edit_id if edit_id in reading.rec.answers else ""


def shows_report(reading: Reading) -> bool:
    """Whether the wizard has nothing to ask: a complete, valid set of answers, and no
    answer being changed. The wizard page then sends the person to the report."""
    return reading.rec.complete and not reading.problems and not edited_question(reading)


def read_wizard(request: HttpRequest, *, wizard_base: str = "") -> tuple[Reading, str]:
    """`read_answers` for a wizard, and the question its form was sent from ("" for a
    link): the form's own key, a control of the wizard's policy."""
    reading = read_answers(request, Surface.WIZARD, wizard_base=wizard_base)
    return reading, reading.controls.get(SUBMITTED, "")


def wizard_state(
    reading: Reading,
    *,
    hx_target: str = "#wizard-step",
    with_figure: bool = False,
    submitted: str = "",
    heading_level: int = 1,
    history: str = "push",
) -> WizardState:
    """Everything one wizard step shows, for the answers of `reading`.

    Invalid keys and choices are dropped with a notice; answers off the path are
    dropped with a notice; answers for later questions are kept. `edit=<question id>`
    shows an answered question on the path again, prefilled. `with_figure` adds the
    chart of the path, for a wizard that has the page to itself. `submitted` is the
    question the form was sent from: if that question is still the one to ask and no
    answer came, the form shows why it did not go on.
    """
    rec, links = reading.rec, reading.links
    notices = _notices(reading)
    kept = links.kept  # in effect now, or waiting further on

    edit_id = reading.controls.get(EDIT, "")
    editing = bool(edited_question(reading))
    question_id = edited_question(reading) or rec.next_question
    if edit_id and not editing:
        if edit_id in FLOWCHART.questions:
            notices.append(
                Notice(
                    "warning",
                    f"“{FLOWCHART.questions[edit_id].text}” is not an answered question on "
                    "your path, so there is nothing to change there yet.",
                )
            )
        else:
            notices.append(Notice("warning", f"There is no question “{clip(edit_id)}” to change."))

    question = FLOWCHART.questions[question_id] if question_id else None
    form = None
    missing = question is not None and submitted == question.id and question.id not in reading.given
    if question is not None:
        if missing:
            form = QuestionForm({}, question=question)
            form.is_valid()
        elif question.id in reading.problem_keys:
            # Bound to the bad value so the field shows what was wrong.
            bad = reading.given[question.id][-1]
            form = QuestionForm({question.id: bad}, question=question)
            form.is_valid()
        else:
            form = QuestionForm(initial={question.id: kept.get(question.id)}, question=question)

    asked = rec.walk.asked
    step = asked.index(question.id) + 1 if question else len(asked)
    editing_id = question_id if editing and question_id else ""
    kept_rows = tuple(
        KeptRow(
            question_id=q,
            question=FLOWCHART.questions[q].text,
            answer=FLOWCHART.questions[q].choice(rec.pending[q]).label,
            clear_url=links.clear(q, editing=editing_id),
        )
        for q in FLOWCHART.questions
        if q in rec.pending
    )
    before = asked[: step - 1] if question else asked
    previous = [q for q in before if q in rec.answers]

    hidden = [(q, v) for q, v in kept.items() if question is None or q != question.id]
    if rec.workspace_name:
        hidden.append((WORKSPACE_NAME, rec.workspace_name))
    return WizardState(
        rec=rec,
        links=links,
        hx_target=hx_target,
        url=links.step(editing=editing_id),
        question=question,
        editing=editing,
        form=form,
        notices=tuple(notices),
        has_problems=bool(reading.problems),
        progress=_progress(rec, kept, step=step, editing=editing),
        answers_so_far=answer_rows(rec, links=links),
        kept_for_later=kept_rows,
        back_url=links.edit(previous[-1]) if previous else "",
        hidden_fields=tuple(hidden),
        figure=flowchart_figure(rec, links=links) if with_figure else None,
        heading_level=heading_level,
        history=history,
        missing_answer=missing,
    )
