"""The docs' flowchart and its questions as data, and the walk through them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from itertools import pairwise
from typing import Any


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    because: str = ""  # a clause for the recommendation's "why", when the choice routes
    connector: str = ""  # for current_provider: the connector that provider uses
    if_chosen: str = ""  # the condition this choice sets, for "what would change" lines


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    hint: str
    origin: str  # "docs" or "added"
    criterion: str  # the criterion it feeds, or "" for a routing question
    choices: tuple[Choice, ...]
    what_if: bool = True  # whether "what would change it" tries its other answers

    @cached_property
    def values(self) -> tuple[str, ...]:
        return tuple(choice.value for choice in self.choices)

    def choice(self, value: str) -> Choice:
        return self._by_value[value]

    @cached_property
    def _by_value(self) -> dict[str, Choice]:
        return {choice.value: choice for choice in self.choices}


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    kind: str  # "decision", "step" or "outcome"
    shape: str  # the docs' Mermaid shape: "rect" or "rhombus"
    origin: str
    questions: tuple[str, ...] = ()
    connector: str = ""
    connector_from: str = ""  # the question whose choice names the connector


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str
    origin: str
    walk: bool
    when: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def holds(self, answers: Mapping[str, str]) -> bool:
        return all(answers.get(q) in choices for q, choices in self.when.items())


@dataclass(frozen=True)
class Criterion:
    id: str
    name: str
    docs: str


@dataclass(frozen=True)
class TableRow:
    need: str
    choice: str
    connectors: tuple[str, ...]
    why: str


@dataclass(frozen=True)
class Walk:
    """Where a set of answers leads: the nodes visited and the first open question."""

    path: tuple[str, ...]
    next_question: str | None
    asked: tuple[str, ...]  # the questions on the path, answered or not, in order

    @property
    def complete(self) -> bool:
        return self.next_question is None


@dataclass(frozen=True)
class Flowchart:
    start: str
    source: str
    questions: Mapping[str, Question]
    nodes: Mapping[str, Node]
    edges: tuple[Edge, ...]
    criteria: tuple[Criterion, ...]
    decision_table: tuple[TableRow, ...]
    page: Mapping[str, str]

    def out_edges(self, node_id: str) -> tuple[Edge, ...]:
        return self._out_edges.get(node_id, ())

    @cached_property
    def _out_edges(self) -> dict[str, tuple[Edge, ...]]:
        by_source: dict[str, list[Edge]] = {}
        for edge in self.edges:
            by_source.setdefault(edge.source, []).append(edge)
        return {source: tuple(edges) for source, edges in by_source.items()}

    def walk(self, answers: Mapping[str, str]) -> Walk:
        """Follow the answers from the start until an open question or the end."""
        node_id, path, asked = self.start, [self.start], []
        while True:
            node = self.nodes[node_id]
            for question_id in node.questions:
                asked.append(question_id)
                if question_id not in answers:
                    return Walk(tuple(path), question_id, tuple(asked))
            edge = next((e for e in self.out_edges(node_id) if e.walk and e.holds(answers)), None)
            if edge is None:
                return Walk(tuple(path), None, tuple(asked))
            node_id = edge.target
            path.append(node_id)

    def taken_edges(self, path: tuple[str, ...], answers: Mapping[str, str]) -> list[Edge]:
        """The edges the walk followed, one continuous route from the start: where it
        took an added detour, the docs' own edge it stands in for stays unlit."""
        steps = set(pairwise(path))
        return [
            e for e in self.edges if e.walk and (e.source, e.target) in steps and e.holds(answers)
        ]

    def reachable_questions(self, node_id: str) -> set[str]:
        """Every question on any route onward from a node, whatever the answers."""
        seen: set[str] = set()
        questions: set[str] = set()
        todo = [node_id]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            questions.update(self.nodes[current].questions)
            todo += [e.target for e in self.out_edges(current) if e.walk]
        return questions

    def outcome_node(self, path: tuple[str, ...]) -> Node | None:
        """The flowchart's outcome: the last outcome node on the path."""
        outcomes = [self.nodes[n] for n in path if self.nodes[n].kind == "outcome"]
        return outcomes[-1] if outcomes else None

    def outcome_connector(self, node: Node, answers: Mapping[str, str]) -> str:
        if node.connector_from:
            question = self.questions[node.connector_from]
            return question.choice(answers[node.connector_from]).connector
        return node.connector


def load_flowchart(raw: Mapping[str, Any]) -> Flowchart:
    questions = {
        q["id"]: Question(
            id=q["id"],
            text=q["text"],
            hint=q["hint"],
            origin=q["origin"],
            criterion=q["criterion"],
            choices=tuple(Choice(**c) for c in q["choices"]),
            what_if=q.get("what_if", True),
        )
        for q in raw["questions"]
    }
    nodes = {
        n["id"]: Node(**{**n, "questions": tuple(n.get("questions", ()))}) for n in raw["nodes"]
    }
    edges = tuple(
        Edge(**{**e, "when": {q: tuple(v) for q, v in e["when"].items()}}) for e in raw["edges"]
    )
    return Flowchart(
        start=raw["start"],
        source=raw["source"],
        questions=questions,
        nodes=nodes,
        edges=edges,
        criteria=tuple(Criterion(**c) for c in raw["criteria"]),
        decision_table=tuple(
            TableRow(**{**r, "connectors": tuple(r["connectors"])}) for r in raw["decision_table"]
        ),
        page=dict(raw["page"]),
    )
