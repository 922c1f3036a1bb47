"""The report's template context, shared by the report page and its PDF.

Only display work happens here: labels, visual levels, links and the list of
sources. Every decision was made by `recommend()`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.template.defaultfilters import floatformat

from connectors_app.answer_rows import answer_rows
from connectors_app.decision import CATALOGUE, FLOWCHART, Recommendation
from connectors_app.decision.catalogue import Connector
from connectors_app.decision.criteria import Score
from connectors_app.flowchart.figure import flowchart_figure
from connectors_app.forms import WorkspaceNameForm
from connectors_app.links import Links, route

# How a score reads, with a mark so that no status is told by colour alone.
STATUS_LABELS = {
    "fit": "Fits",
    "not_needed": "Not needed",
    "partial": "Partial fit",
    "setup": "Setup step",
    "unknown": "Unknown",
    "gap": "Gap",
    "blocked": "Blocked",
}
STATUS_MARKS = {
    "fit": "✓",
    "not_needed": "\N{EN DASH}",
    "partial": "◐",
    "setup": "⚙",
    "unknown": "?",
    "gap": "✗",
    "blocked": "⊘",
}


@dataclass(frozen=True)
class Cell:
    criterion: str
    status: str
    label: str
    mark: str
    level: int  # 0-10, for the score-N bar class
    reason: str
    advice: str
    source: str
    blocker: str


@dataclass(frozen=True)
class ScoreRow:
    rank: int
    connector: Connector
    url: str  # the connector's page
    recommended: bool
    eligible: bool
    score: float
    score_text: str  # as the report prints it, two places
    level: int
    cells: tuple[Cell, ...]
    why_not: str
    blockers: tuple[str, ...]


@dataclass(frozen=True)
class Source:
    url: str
    checked: str  # ISO date the source was last read, "" when not recorded


@dataclass(frozen=True)
class ChangeLink:
    """One answer that would change the recommendation, and the page that shows it."""

    text: str
    url: str
    connector: Connector


def _change_links(rec: Recommendation, links: Links) -> tuple[ChangeLink, ...]:
    """Each of the engine's `what_would_change`, with a link to the report for the same
    answers but that one. The changed set is walked again, so the link carries only the
    answers then in effect; if it opens new questions, it goes to the wizard to ask them.
    (The engine names a change only for a set that reaches a connector, so only the walk
    is needed here, not a whole second recommendation for each link.)"""
    changes = []
    for change in rec.what_would_change:
        answers = {**links.answers, change.question: change.answer}
        walk = FLOWCHART.walk(answers)
        on_path = {q: answers[q] for q in walk.asked if q in answers}
        changed = Links(
            answers=on_path, workspace_name=rec.workspace_name, wizard_base=links.wizard_base
        )
        url = changed.report if walk.complete else changed.wizard
        changes.append(ChangeLink(text=change.text, url=url, connector=change.connector))
    return tuple(changes)


def _level(score: float) -> int:
    return max(0, min(10, round(score * 10)))


# Scores and cells repeat across every report: each distinct one is made once.
@lru_cache(maxsize=1024)
def _score_text(score: float) -> str:
    return str(floatformat(score, 2))


@lru_cache(maxsize=2048)
def _cell(criterion: str, score: Score) -> Cell:
    return Cell(
        criterion=criterion,
        status=score.status,
        label=STATUS_LABELS[score.status],
        mark=STATUS_MARKS[score.status],
        level=_level(score.score),
        reason=score.reason,
        advice=score.advice,
        source=score.source,
        blocker=score.blocker,
    )


def _sources(rec: Recommendation, rows: tuple[ScoreRow, ...]) -> tuple[Source, ...]:
    """Every source behind a fact on the report, once each, in the order they appear,
    with the date it was last checked."""
    assert rec.connector is not None
    urls = [FLOWCHART.source, rec.connector.summary_source]
    urls += [cell.source for row in rows for cell in row.cells]
    urls += [item.source for item in rec.checklist]
    urls += [url for stage in rec.migration_plan for url in stage.sources]
    urls.append(rec.connector.docs_url)
    dates = CATALOGUE.source_dates
    return tuple(Source(url, dates.get(url, "")) for url in dict.fromkeys(u for u in urls if u))


def report_context(
    rec: Recommendation,
    *,
    links: Links | None = None,
    for_print: bool = False,
    title_form: WorkspaceNameForm | None = None,
    query: str | None = None,
) -> dict[str, Any]:
    """Context for `connectors/_report_body.html` for a complete recommendation.

    `links` are the request's (relative ones from `rec` when None: the PDF prints its
    own absolute share link); `title_form` is the report page's workspace-name form (a
    fresh one when None). `query` is still accepted from connectors_app/pdf.py, which
    passes the answers' query string: every link is derived from `rec`, which gives the
    same string.
    """
    del query  # see the docstring: links come from `rec`
    if not rec.complete or rec.connector is None:
        raise ValueError("report_context needs a complete recommendation")
    links = links or Links.of(rec)
    names = [criterion.name for criterion in FLOWCHART.criteria]
    rows = tuple(
        ScoreRow(
            rank=rank,
            connector=r.connector,
            url=route("connectors:connector", r.connector.id),
            recommended=r.connector.id == rec.connector.id,
            eligible=r.eligible,
            score=r.score,
            score_text=_score_text(r.score),
            level=_level(r.score),
            cells=tuple(_cell(name, s) for name, s in zip(names, r.scores, strict=True)),
            why_not=r.why_not,
            blockers=r.blockers,
        )
        for rank, r in enumerate(rec.ranking, start=1)
    )
    chosen = rows[0]
    if title_form is None:
        title_form = WorkspaceNameForm(initial={"workspace_name": rec.workspace_name})
    return {
        "rec": rec,
        "connector": rec.connector,
        "workspace_name": rec.workspace_name,
        "overruled": rec.overruled,
        "chosen_row": chosen,
        # Connectors that pass every hard requirement and score higher: the report says
        # first why the flowchart's answer still stands.
        "outscored_by": tuple(row for row in rows[1:] if row.eligible and row.score > chosen.score),
        "changes": _change_links(rec, links),
        "score_rows": rows,
        "other_rows": rows[1:],
        "criteria": rec.criteria,
        "answer_rows": answer_rows(rec, links=links),
        # A migration plan means a switch; otherwise (keeping the provider, Relay) the
        # checks are about relying on the recommendation, not about switching.
        "warnings_title": (
            "Before you switch: check these"
            if rec.migration_plan
            else f"Check these before you rely on {rec.connector.name}"
        ),
        # Answers the link carried for questions off this path: left out, and said so.
        "ignored_questions": tuple(
            FLOWCHART.questions[q].text for q in FLOWCHART.questions if q in rec.ignored
        ),
        "sources": _sources(rec, rows),
        "links": links,
        "figure": flowchart_figure(rec, links=links),
        "share_url": links.share,
        "title_form": title_form,
        # The title form resends the answers; the name comes from the form's own input.
        "title_hidden_fields": tuple(rec.answers.items()),
        "for_print": for_print,
    }
