"""Invariants of the flowchart data: the walk is a state machine that always ends."""

import re
from itertools import pairwise

from connectors_app.decision import FLOWCHART
from tests.scenarios import DOCS_PAGE
from tests.walks import EVERY_ANSWER_SET, complete_walks

pytestmark = EVERY_ANSWER_SET

MERMAID_EDGE = re.compile(r"^\s*(\w+)\s*-->\s*(?:\|([^|]*)\|\s*)?(\w+)")
MERMAID_NODE = re.compile(r"(\w+)(\[|\{)([^\]\}]+)[\]\}]")


def docs_mermaid() -> list[str]:
    text = DOCS_PAGE.read_text()
    lines = text[text.index("flowchart TD") :].splitlines()[1:]
    return lines[: lines.index("")] if "" in lines else lines


def test_every_node_is_reached_by_some_answers():
    visited = {node for _answers, walk in complete_walks() for node in walk.path}

    assert visited == set(FLOWCHART.nodes)


def test_every_walk_edge_is_taken_by_some_answers():
    taken = set()
    for _answers, walk in complete_walks():
        taken |= set(pairwise(walk.path))

    walk_edges = {(e.source, e.target) for e in FLOWCHART.edges if e.walk}
    assert walk_edges <= taken


def test_every_complete_path_passes_an_outcome_and_ends_at_the_criteria():
    for _answers, walk in complete_walks():  # complete: the enumeration keeps no other
        assert FLOWCHART.outcome_node(walk.path) is not None
        assert walk.path[-1] == "Criteria"


def test_every_choice_of_every_decision_has_an_edge():
    for node in FLOWCHART.nodes.values():
        if node.kind != "decision":
            continue
        edges = [e for e in FLOWCHART.out_edges(node.id) if e.walk]
        (question_id,) = node.questions
        for value in FLOWCHART.questions[question_id].values:
            assert any(e.when.get(question_id, (value,)).count(value) for e in edges), (
                node.id,
                value,
            )


def test_every_node_and_edge_of_the_docs_chart_is_in_the_data():
    lines = docs_mermaid()
    for line in lines:
        for node_id, _shape, label in MERMAID_NODE.findall(line):
            assert FLOWCHART.nodes[node_id].label == label
            assert FLOWCHART.nodes[node_id].origin == "docs"
    docs_edges = {m.groups("") for line in lines if (m := MERMAID_EDGE.match(line))}
    ours = {(e.source, e.label, e.target) for e in FLOWCHART.edges if e.origin == "docs"}
    assert len(docs_edges) == 8
    assert docs_edges == ours


def test_added_questions_are_marked_as_additions():
    added = {q.id for q in FLOWCHART.questions.values() if q.origin == "added"}

    assert {"current_provider", "cloud_procurement", "same_domain", "data_residency"} <= added
    assert FLOWCHART.questions["owns_deliverability"].origin == "docs"


def test_the_highlighted_route_is_one_continuous_walk():
    for answers, walk in complete_walks():
        taken = [(e.source, e.target) for e in FLOWCHART.taken_edges(walk.path, answers)]
        assert sorted(taken) == sorted(pairwise(walk.path))
