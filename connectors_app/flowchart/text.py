"""The flowchart's path in words: the text alternative beside the picture, and its <desc>.

Display only: every fact comes from the Recommendation and the flowchart data.
"""

from __future__ import annotations

from connectors_app.decision import FLOWCHART, Recommendation
from connectors_app.flowchart.graph import outcome_label, overruling_criteria


def _question_step(question_id: str, rec: Recommendation) -> str:
    question = FLOWCHART.questions[question_id]
    if question_id in rec.answers:
        return f"{question.text} You answered: {question.choice(rec.answers[question_id]).label}."
    return f"{question.text} Not answered yet: this is the next question."


def path_steps(rec: Recommendation | None) -> tuple[str, ...]:
    """Each node on the path in order, with each question asked there and its answer,
    then the outcome and, where the criteria overruled it, the final recommendation."""
    if rec is None or not rec.answers:
        return chart_in_words()
    steps: list[str] = []
    outcome = FLOWCHART.outcome_node(rec.path) if rec.complete else None
    for node_id in rec.path:
        node = FLOWCHART.nodes[node_id]
        if node.questions:
            if node.kind == "step":
                steps.append(f"{node.label}.")
            steps += [
                _question_step(q, rec)
                for q in node.questions
                if q in rec.answers or q == rec.next_question
            ]
        elif node.kind == "outcome" and node is outcome:
            steps.append(f"The flowchart's outcome: {outcome_label(node, rec)}.")
        elif node.kind == "outcome":
            steps.append(f"The flowchart passes “{node.label}” and goes on.")
        else:
            steps.append(f"{node.label}.")
    if rec.complete and rec.connector is not None:
        if rec.overruled is not None:
            steps.append(
                f"The criteria overruled {rec.overruled.from_connector.name} "
                f"({overruling_criteria(rec).lower()}): {rec.overruled.reason}"
            )
        steps.append(f"Recommended: {rec.connector.name}.")
    return tuple(steps)


def chart_in_words() -> tuple[str, ...]:
    """The whole chart, one node a line: where each of its arrows leads."""
    lines = []
    for node in FLOWCHART.nodes.values():
        edges = FLOWCHART.out_edges(node.id)
        if not edges:
            continue
        added = " (added by the wizard)" if node.origin == "added" else ""
        routes = "; ".join(
            f"{f'if {e.label}, ' if e.label else 'then '}“{FLOWCHART.nodes[e.target].label}”"
            f"{' (an added arrow)' if e.origin == 'added' else ''}"
            for e in edges
        )
        lines.append(f"From “{node.label}”{added}: {routes}.")
    return tuple(lines)


def path_summary(rec: Recommendation | None) -> str:
    """One paragraph for the SVG's <desc>."""
    return " ".join(path_steps(rec))


def chart_title(rec: Recommendation | None) -> str:
    """The chart's accessible name; the workspace name is user text, escaped by callers."""
    if rec is None or not rec.answers:
        title = "Flowchart: choosing a connector"
    elif not rec.complete:
        title = "Flowchart: choosing a connector, the path so far"
    else:
        assert rec.connector is not None
        title = f"Flowchart: choosing a connector, the path to {rec.connector.name}"
    if rec is not None and rec.workspace_name:
        title += f", for {rec.workspace_name}"
    return title
