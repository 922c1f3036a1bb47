"""What a saved report's page and PDF show, from the stored contract JSON."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.urls import reverse

from connectors_app.decision import FLOWCHART
from connectors_app.links import Links
from connectors_app.models import SavedReport
from connectors_app.saved_reports import Comparison, compare, expires


@dataclass(frozen=True)
class AnswerRow:
    question: str
    answer: str


def answer_rows(answers: Mapping[str, str]) -> tuple[AnswerRow, ...]:
    """The stored answers in today's words where today's questions still have them."""
    rows = []
    for qid, value in answers.items():
        question = FLOWCHART.questions.get(qid)
        if question is None or value not in question.values:
            rows.append(AnswerRow(qid, value))
        else:
            rows.append(AnswerRow(question.text, question.choice(value).label))
    return tuple(rows)


@dataclass(frozen=True)
class SavedPage:
    report: SavedReport
    advice: Mapping[str, Any]  # the contract JSON as saved
    answers: tuple[AnswerRow, ...]
    comparison: Comparison
    expires: datetime
    url: str
    pdf_url: str
    wizard_url: str  # today's wizard with the same answers

    @property
    def today(self) -> Mapping[str, Any] | None:
        return self.comparison.today


def saved_page(report: SavedReport) -> SavedPage:
    links = Links(
        answers=report.answers,
        workspace_name=report.workspace_name,
        wizard_base=reverse("connectors:wizard"),
    )
    return SavedPage(
        report=report,
        advice=report.recommendation,
        answers=answer_rows(report.answers),
        comparison=compare(report),
        expires=expires(report),
        url=reverse("saved:detail", args=[report.pk]),
        pdf_url=reverse("saved:pdf", args=[report.pk]),
        wizard_url=links.wizard,
    )
