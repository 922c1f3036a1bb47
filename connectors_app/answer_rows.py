"""The answers in effect as a person reads them, each with the link that changes it:
the wizard's "Your answers so far" and the report's "Your answers" both list them."""

from __future__ import annotations

from dataclasses import dataclass

from connectors_app.decision import FLOWCHART, Recommendation
from connectors_app.links import Links


@dataclass(frozen=True)
class AnswerRow:
    question_id: str
    question: str
    answer: str
    edit_url: str


def answer_rows(rec: Recommendation, *, links: Links) -> tuple[AnswerRow, ...]:
    """The answers in effect, in path order, each with its edit link."""
    return tuple(
        AnswerRow(
            question_id=q,
            question=FLOWCHART.questions[q].text,
            answer=FLOWCHART.questions[q].choice(rec.answers[q]).label,
            edit_url=links.edit(q),
        )
        for q in rec.walk.asked
        if q in rec.answers
    )
