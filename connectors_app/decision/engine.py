"""`recommend(**answers)`: the one decision every surface shows.

The flowchart (plus the procurement rule) gives the starting recommendation; the five
criteria confirm it, or overrule it only when it fails a hard requirement. Then the
same decision, rerun with each single answer on the path changed, says what would
change the call.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from . import advice, explain
from .answers import WORKSPACE_NAME, parse_answers
from .catalogue import Connector
from .criteria import Score, score
from .data import CATALOGUE, FLOWCHART, MODEL_VERSION
from .flowchart import Criterion, Walk
from .plans import ChecklistItem, MigrationStage, current_connector, migration_plan, setup_checklist

# Statuses that fully meet a hard requirement. An overrule moves to a connector that
# fully meets them when there is one, never to one that may fail the same requirement.
FULLY_MET = ("fit", "not_needed")


@dataclass(frozen=True)
class Ranked:
    connector: Connector
    scores: tuple[Score, ...]  # in criteria order
    eligible: bool
    why_not: str = ""
    score: float = field(init=False)

    def __post_init__(self) -> None:
        # Computed once: rankings are sorted and compared on it many times.
        mean = sum(s.score for s in self.scores) / len(self.scores)
        object.__setattr__(self, "score", round(mean, 3))

    @property
    def blockers(self) -> tuple[str, ...]:
        return tuple(s.blocker for s in self.scores if s.blocker)

    @property
    def fully_meets_hard_requirements(self) -> bool:
        return all(s.hard in FULLY_MET for s in self.scores if s.hard)


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
class Change:
    """A single different answer on the path that would change the recommendation."""

    question: str
    answer: str
    connector: Connector
    text: str


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
    what_would_change: tuple[Change, ...] = ()

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
    return lambda r: (
        -r.score,
        r.connector.family != outcome.family,
        r.connector.unknown_count,
        _ORDER[r.connector.id],
    )


_ORDER = {connector_id: i for i, connector_id in enumerate(CATALOGUE.connectors)}


# The answers the criteria read: a ranking is cached on these alone.
_RANKING_INPUTS = (
    "owns_deliverability",
    "current_provider",
    *(q.id for q in FLOWCHART.questions.values() if q.criterion),
)


def _ranked(answers: Mapping[str, str]) -> tuple[Ranked, ...]:
    return _ranked_for(tuple(answers.get(q, "") for q in _RANKING_INPUTS))


@lru_cache(maxsize=8192)
def _ranked_for(values: tuple[str, ...]) -> tuple[Ranked, ...]:
    answers = {q: v for q, v in zip(_RANKING_INPUTS, values, strict=True) if v}
    ranked = []
    for c in CATALOGUE:
        scores = tuple(score(k.id, c, answers) for k in FLOWCHART.criteria)
        ranked.append(Ranked(c, scores, eligible=not any(s.blocker for s in scores)))
    return tuple(ranked)


def _choose(ranked: tuple[Ranked, ...], outcome: Connector) -> Ranked:
    """The flowchart's outcome when eligible; otherwise the best eligible connector,
    preferring one that fully meets the hard requirements."""
    by_id = {r.connector.id: r for r in ranked}
    if by_id[outcome.id].eligible:
        return by_id[outcome.id]
    eligible = sorted((r for r in ranked if r.eligible), key=_alternative_key(outcome))
    if not eligible:
        return by_id[outcome.id]
    fully = [r for r in eligible if r.fully_meets_hard_requirements]
    return (fully or eligible)[0]


@lru_cache(maxsize=256)
def _route(routing: tuple[str, ...]) -> tuple[tuple[str, ...], str | None]:
    """For the routing answers (in question order, "" when unanswered): the questions
    the path asks and the flowchart's outcome (None while a routing answer is missing)."""
    answers = {q.id: v for q, v in zip(_ROUTING, routing, strict=True) if v}
    # Criteria questions never route: any value walks the same way through them.
    answers |= {q.id: q.values[0] for q in FLOWCHART.questions.values() if q.criterion}
    walk = FLOWCHART.walk(answers)
    if not walk.complete:
        return walk.asked, None
    node = FLOWCHART.outcome_node(walk.path)
    assert node is not None
    return walk.asked, FLOWCHART.outcome_connector(node, answers)


_ROUTING = tuple(q for q in FLOWCHART.questions.values() if not q.criterion)


@dataclass(frozen=True)
class Decision:
    """The call alone, without its prose: what `recommend()` chooses, the flowchart's
    own outcome, and the criteria that outcome is blocked on (when overruled)."""

    connector: Connector
    outcome: Connector
    blocked_on: tuple[str, ...]

    @property
    def overruled(self) -> bool:
        return self.connector != self.outcome


def decide(answers: Mapping[str, str]) -> Decision | None:
    """The decision `recommend()` makes for these answers, or None while a question on
    their path is open: for counting and "what would change", which need no prose."""
    return _decide_for(tuple(answers.get(q, "") for q in FLOWCHART.questions))


def _decide_for(values: tuple[str, ...]) -> Decision | None:
    # `values`: every question's answer in flowchart order, "" when unanswered.
    asked, outcome_id = _route(tuple(values[i] for i in _ROUTING_POSITIONS))
    if outcome_id is None:
        return None
    on_path = tuple(values[_POSITION[q]] for q in asked)
    if "" in on_path:
        return None
    return _decide_on_path(asked, on_path, outcome_id)


@lru_cache(maxsize=32768)  # more than there are complete answer sets (27,216)
def _decide_on_path(asked: tuple[str, ...], on_path: tuple[str, ...], outcome_id: str) -> Decision:
    # Keyed on the answers the path asks alone: an answer off the path changes nothing.
    answers = dict(zip(asked, on_path, strict=True))
    outcome = CATALOGUE[outcome_id]
    scores = tuple(score(k.id, outcome, answers) for k in FLOWCHART.criteria)
    blocked_on = tuple(
        k.id for k, s in zip(FLOWCHART.criteria, scores, strict=True) if s.status == "blocked"
    )
    if not any(s.blocker for s in scores):
        return Decision(outcome, outcome, blocked_on)  # as _choose: an eligible outcome stands
    return Decision(_choose(_ranked(answers), outcome).connector, outcome, blocked_on)


_POSITION = {q: i for i, q in enumerate(FLOWCHART.questions)}
_ROUTING_POSITIONS = tuple(_POSITION[q.id] for q in _ROUTING)


def _what_would_change(
    answers: Mapping[str, str], asked: tuple[str, ...], chosen: Connector, outcome: Connector
) -> tuple[Change, ...]:
    values = tuple(answers.get(q, "") for q in FLOWCHART.questions)
    changes = []
    for question_id in asked:
        question = FLOWCHART.questions[question_id]
        if not question.what_if:
            continue
        i = _POSITION[question_id]
        for value in question.values:
            if value == answers[question_id]:
                continue
            decision = _decide_for((*values[:i], value, *values[i + 1 :]))
            if decision is None or decision.connector == chosen:
                continue
            other = decision.connector
            stands = other == outcome
            text = explain.change_sentence(question_id, value, other, stands)
            changes.append(Change(question_id, value, other, text))
    return tuple(changes)


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
        workspace_name=workspace_name.strip(),
        walk=walk,
        ignored=ignored,
        pending=pending,
    )
    if not walk.complete:
        return base

    outcome_node = FLOWCHART.outcome_node(walk.path)
    assert outcome_node is not None, "every complete path passes an outcome"
    outcome = CATALOGUE[FLOWCHART.outcome_connector(outcome_node, answers)]
    first_outcome = next(
        FLOWCHART.nodes[n] for n in walk.path if FLOWCHART.nodes[n].kind == "outcome"
    )
    docs_outcome = CATALOGUE[FLOWCHART.outcome_connector(first_outcome, answers)]
    scored = _ranked(answers)
    by_id = {r.connector.id: r for r in scored}
    chosen = _choose(scored, outcome)
    current = current_connector(answers)
    moving_from = current[1] if current and current[0] != chosen.connector else ""
    overruled = None
    if chosen.connector != outcome:
        overruled = Overrule(
            outcome,
            explain.overrule_reason(
                outcome=outcome,
                chosen=chosen.connector,
                blockers=by_id[outcome.id].blockers,
                moving_from=moving_from,
            ),
        )
    alternatives = sorted((r for r in scored if r is not chosen), key=_alternative_key(outcome))
    ordered = [r for r in alternatives if r.eligible] + [r for r in alternatives if not r.eligible]
    ranking = (
        chosen,
        *(
            Ranked(r.connector, r.scores, r.eligible, _why_not(r, chosen, answers, outcome))
            for r in ordered
        ),
    )
    # The flowchart's own SMTP outcome keeps today's server or provider, over SMTP.
    leaving = bool(moving_from) and not (chosen.connector.id == "smtp" and overruled is None)
    domain = chosen.scores[0]
    return Recommendation(
        model_version=MODEL_VERSION,
        answers=answers,
        workspace_name=base.workspace_name,
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
        why=explain.why(
            answers=answers,
            asked=walk.asked,
            docs_outcome=docs_outcome,
            outcome=outcome,
            chosen=chosen.connector,
            chosen_score=chosen.score,
            halves=any(s.status == "unknown" for s in chosen.scores),
            blockers=by_id[outcome.id].blockers,
            moving_from=moving_from,
        ),
        warnings=advice.warnings(chosen.connector, chosen.scores, answers),
        checklist=setup_checklist(chosen.connector, answers, domain=domain),
        migration_plan=(
            migration_plan(old=current[0], old_name=current[1], new=chosen.connector, domain=domain)
            if leaving and current
            else ()
        ),
        what_would_change=_what_would_change(answers, walk.asked, chosen.connector, outcome),
    )


def _why_not(r: Ranked, chosen: Ranked, answers: Mapping[str, str], outcome: Connector) -> str:
    c = r.connector
    route = "The flowchart's own answer" if c == outcome else explain.not_routed_here(c, answers)
    if not r.eligible:
        return f"{route}, but it fails a hard requirement: {'; '.join(r.blockers)}."
    if r.score > chosen.score and chosen.connector != outcome:
        # Overruled: the choice fully meets the hard requirements, this one may not.
        hard = next(s for s in r.scores if s.hard and s.hard not in FULLY_MET)
        return (
            f"{route}. It scores {r.score:.2f} against {chosen.score:.2f}, but may not meet "
            f"a hard requirement that {chosen.connector.name} fully meets. {hard.reason}"
        )
    if r.score > chosen.score:
        # Only the flowchart's own choice can trail an alternative: soft criteria never
        # overrule it.
        return (
            f"{route}. It scores {r.score:.2f} against {chosen.score:.2f} on the five "
            "criteria, but only a hard requirement overrules the flowchart."
        )
    if r.score == chosen.score:
        if chosen.connector == outcome:
            tie = "the flowchart's choice stands"
        elif chosen.fully_meets_hard_requirements and not r.fully_meets_hard_requirements:
            tie = f"only {chosen.connector.name} fully meets the hard requirements"
        else:
            tie = f"{chosen.connector.name}'s facts leave less unknown"
        return f"{route}. It ties on the five criteria at {r.score:.2f}, and {tie}."
    weakest = min(range(len(r.scores)), key=lambda i: r.scores[i].score - chosen.scores[i].score)
    name = FLOWCHART.criteria[weakest].name
    return (
        f"{route}. It scores {r.score:.2f} against {chosen.score:.2f}, weakest on "
        f"{name.lower()}. {r.scores[weakest].reason}"
    )


__all__ = ["WORKSPACE_NAME", "Change", "Decision", "Recommendation", "decide", "recommend"]
