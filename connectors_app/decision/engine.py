"""`recommend(**answers)`: the one decision every surface shows.

The flowchart (plus the procurement rule) gives the starting recommendation; the five
criteria confirm it, or overrule it only when it fails a hard requirement.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from statistics import fmean

from .answers import WORKSPACE_NAME, parse_answers
from .catalogue import Connector
from .criteria import SCORERS, Score
from .data import CATALOGUE, FLOWCHART, MODEL_VERSION
from .flowchart import Criterion, Walk
from .plans import (
    ChecklistItem,
    MigrationStage,
    current_connector,
    migration_plan,
    setup_checklist,
)


@dataclass(frozen=True)
class Ranked:
    connector: Connector
    scores: tuple[Score, ...]  # in criteria order
    eligible: bool
    why_not: str = ""

    @property
    def score(self) -> float:
        return round(fmean(s.score for s in self.scores), 3)

    @property
    def blockers(self) -> tuple[str, ...]:
        return tuple(s.blocker for s in self.scores if s.blocker)


@dataclass(frozen=True)
class CriterionResult:
    criterion: Criterion
    note: str
    scores: Mapping[str, Score]  # connector id -> score


@dataclass(frozen=True)
class Overrule:
    from_connector: Connector
    reason: str


@dataclass(frozen=True)
class Recommendation:
    model_version: str
    answers: Mapping[str, str]  # the answers in effect: those on the path
    workspace_name: str
    walk: Walk
    ignored: Mapping[str, str]  # answers to questions off the path
    pending: Mapping[str, str]  # answers to questions further on than the open one
    outcome: Connector | None = None  # the flowchart's, after the procurement rule
    connector: Connector | None = None
    overruled: Overrule | None = None
    ranking: tuple[Ranked, ...] = ()
    criteria: tuple[CriterionResult, ...] = ()
    why: str = ""
    warnings: tuple[str, ...] = ()
    checklist: tuple[ChecklistItem, ...] = ()
    migration_plan: tuple[MigrationStage, ...] = ()

    @property
    def complete(self) -> bool:
        return self.walk.complete

    @property
    def next_question(self) -> str | None:
        return self.walk.next_question

    @property
    def path(self) -> tuple[str, ...]:
        return self.walk.path


def _criterion_note(criterion: Criterion, answers: Mapping[str, str]) -> str:
    chosen = [
        q.choice(answers[q.id]).label
        for q in FLOWCHART.questions.values()
        if q.criterion == criterion.id
    ]
    return f"{criterion.docs} You answered: {'; '.join(chosen)}."


def _alternative_key(outcome: Connector) -> Callable[[Ranked], tuple[float, bool, int, int]]:
    # Higher score first; then the flowchart's family, then the better-documented one.
    order = list(CATALOGUE.connectors)
    return lambda r: (
        -r.score,
        r.connector.family != outcome.family,
        r.connector.unknown_count,
        order.index(r.connector.id),
    )


def _route_note(c: Connector, answers: Mapping[str, str], outcome: Connector) -> str:
    """Why the flowchart did not point at this connector, in the reader's terms."""
    if c.id == outcome.id:
        return "The flowchart pointed here"
    if answers.get("cloud_procurement") == "yes":
        return f"Procurement requires your own AWS account, which {c.name} does not run on"
    if answers.get("current_provider") == c.id:
        if answers.get("lifecycle_reporting") == "yes":
            return (
                f"You send through {c.name} today, but need lifecycle journey reporting, "
                "which its connector does not give"
            )
        if answers.get("smtp_only") == "yes":
            return (
                f"You send through {c.name} today, but with SMTP credentials only, "
                "and its API connector needs API access"
            )
        return f"You send through {c.name} today"
    if c.family == "relay":
        return "You own ESP deliverability, and Relay is for teams that hand it to GenieOS"
    if c.family == "lifecycle":
        if answers.get("lifecycle_reporting") == "yes":
            return "Iterable gives the journey reporting you asked for"
        return "Iterable adds lifecycle journey reporting, which your answers do not call for"
    if c.family == "smtp":
        return "SMTP has the thinnest event model, for SMTP-only access or legacy servers"
    if answers["owns_deliverability"] == "no":
        return f"{c.name} needs a provider account of your own, which you do not run"
    return f"Moving to {c.name} means moving your sending domain and reputation"


def _why_not(r: Ranked, chosen: Ranked, answers: Mapping[str, str], outcome: Connector) -> str:
    route = _route_note(r.connector, answers, outcome)
    if not r.eligible:
        return f"{route}, but it fails a hard requirement: {'; '.join(r.blockers)}."
    if r.score > chosen.score:
        # Only the flowchart's own choice can trail an alternative: soft criteria never
        # overrule it.
        return (
            f"{route}; it scores {r.score:.2f} against {chosen.score:.2f} on the five "
            "criteria, but only a hard requirement overrules the flowchart."
        )
    if r.score == chosen.score:
        tie = (
            "the flowchart's choice stands"
            if chosen.connector == outcome
            else f"{chosen.connector.name}'s facts leave less unknown"
        )
        return f"{route}; it ties on the five criteria at {r.score:.2f}, and {tie}."
    weakest_i = min(range(len(r.scores)), key=lambda i: r.scores[i].score - chosen.scores[i].score)
    name = FLOWCHART.criteria[weakest_i].name
    return (
        f"{route}; it scores {r.score:.2f} against {chosen.score:.2f}, "
        f"weakest on {name.lower()}: {r.scores[weakest_i].reason}"
    )


def _why(
    chosen: Ranked,
    outcome: Connector,
    overruled: Overrule | None,
    answers: Mapping[str, str],
    walk: Walk,
) -> str:
    clauses = []
    for question_id in walk.asked:
        because = FLOWCHART.questions[question_id].choice(answers[question_id]).because
        if because and not FLOWCHART.questions[question_id].criterion:
            clauses.append(because)
    if len(clauses) > 1:
        clauses[-1] = "and " + clauses[-1]
    route = ", ".join(clauses)
    route = route[:1].upper() + route[1:]
    outcomes = [FLOWCHART.nodes[n] for n in walk.path if FLOWCHART.nodes[n].kind == "outcome"]
    docs_outcome = CATALOGUE[FLOWCHART.outcome_connector(outcomes[0], answers)]
    points = f"so the flowchart points to {docs_outcome.name}"
    if docs_outcome != outcome:
        points += f", and the procurement rule then to {outcome.name}"
    c = chosen.connector
    halves = any(s.status == "unknown" for s in chosen.scores)
    scored = f"scores {chosen.score:.2f} of 1 on the five criteria" + (
        " (what the docs leave unknown counts as half)" if halves else ""
    )
    if overruled:
        return (
            f"{route}, {points}, but {outcome.name} fails a hard requirement. "
            f"{c.name} meets them all and {scored}. {c.summary}"
        )
    return f"{route}, {points}, which meets every hard requirement and {scored}. {c.summary}"


def _warnings(chosen: Ranked, answers: Mapping[str, str]) -> list[str]:
    c = chosen.connector
    warnings = []
    for criterion, s in zip(FLOWCHART.criteria, chosen.scores, strict=True):
        if s.status in ("partial", "unknown", "gap", "blocked"):
            warnings.append(f"{criterion.name}: {s.reason} {s.advice}".strip())
    if c.setup.note and not c.docs_url:
        warnings.append(f"Setup: {c.setup.note}")
    if answers.get("lifecycle_reporting") == "yes" and c.journey_analytics.value != "yes":
        warnings.append(
            f"Journey reporting is lost: you need it, but {c.name} puts no GenieOS sends in "
            "journey analytics (the procurement rule sends you here). Ask whether Iterable "
            "can be approved, or report journeys from your lifecycle platform separately."
        )
    return warnings


def recommend(*, workspace_name: str = "", **given: str) -> Recommendation:
    """The recommendation for answers already parsed (`parse_answers`), given as
    question id = choice, and an optional workspace name to title it.

    Raises AnswerError for an unknown question or choice all the same: a caller that
    skipped parsing gets the surfaces' own message, never a KeyError.
    """
    parse_answers({**given, WORKSPACE_NAME: workspace_name}).raise_problems()
    walk = FLOWCHART.walk(given)
    answers = {q: given[q] for q in walk.asked if q in given}
    ahead = set() if walk.complete else FLOWCHART.reachable_questions(walk.path[-1])
    pending = {q: v for q, v in given.items() if q not in answers and q in ahead}
    ignored = {q: v for q, v in given.items() if q not in answers and q not in ahead}
    base = Recommendation(
        model_version=MODEL_VERSION,
        answers=answers,
        workspace_name=workspace_name,
        walk=walk,
        ignored=ignored,
        pending=pending,
    )
    if not walk.complete:
        return base

    outcome_node = FLOWCHART.outcome_node(walk.path)
    assert outcome_node is not None, "every complete path passes an outcome"
    outcome = CATALOGUE[FLOWCHART.outcome_connector(outcome_node, answers)]
    scored = [
        Ranked(
            connector=c,
            scores=(scores := tuple(SCORERS[k.id](c, answers) for k in FLOWCHART.criteria)),
            eligible=not any(s.blocker for s in scores),
        )
        for c in CATALOGUE
    ]
    by_id = {r.connector.id: r for r in scored}
    alternatives = sorted(scored, key=_alternative_key(outcome))
    eligible = [r for r in alternatives if r.eligible]
    chosen = by_id[outcome.id]
    overruled = None
    if not chosen.eligible and eligible:
        chosen = eligible[0]
        blockers = "; ".join(by_id[outcome.id].blockers)
        overruled = Overrule(
            outcome,
            f"{outcome.name} cannot meet a hard requirement: {blockers}. "
            f"{chosen.connector.name} is the best connector that meets them all.",
        )
    others = [r for r in alternatives if r is not chosen]
    ordered = [chosen] + [r for r in others if r.eligible] + [r for r in others if not r.eligible]
    ranking = tuple(
        Ranked(r.connector, r.scores, r.eligible, _why_not(r, chosen, answers, outcome))
        if r is not chosen
        else r
        for r in ordered
    )
    current = current_connector(answers)
    leaving = current is not None and current[0].id != chosen.connector.id
    # The flowchart's own SMTP outcome keeps today's server or provider, over SMTP.
    if chosen.connector.id == "smtp" and overruled is None:
        leaving = False
    return Recommendation(
        model_version=MODEL_VERSION,
        answers=answers,
        workspace_name=workspace_name,
        walk=walk,
        ignored=ignored,
        pending=pending,
        outcome=outcome,
        connector=chosen.connector,
        overruled=overruled,
        ranking=ranking,
        criteria=tuple(
            CriterionResult(
                k, _criterion_note(k, answers), {r.connector.id: r.scores[i] for r in scored}
            )
            for i, k in enumerate(FLOWCHART.criteria)
        ),
        why=_why(chosen, outcome, overruled, answers, walk),
        warnings=tuple(_warnings(chosen, answers)),
        checklist=setup_checklist(chosen.connector, answers),
        migration_plan=(
            migration_plan(old=current[0], old_name=current[1], new=chosen.connector)
            if leaving and current
            else ()
        ),
    )


__all__ = ["WORKSPACE_NAME", "Recommendation", "recommend"]
