"""Build the flowchart as a `graphviz.Digraph`, with the path of a recommendation lit up.

Pure: nothing here runs `dot` (see svg.py), so the DOT text is what tests
check. Every label comes from the flowchart data or from this module; user text (the
workspace name) never enters the graph, so one rendering serves every workspace with
the same path.

Styling uses only attributes `dot` writes into SVG as presentation attributes (fill,
stroke, font colour), so the picture looks the same inline in a page, on its own and in
WeasyPrint's PDF; `class` attributes let flowchart.css add to it.
"""

from __future__ import annotations

import itertools
import textwrap
from dataclasses import dataclass
from functools import cache

import graphviz

from connectors_app.decision import FLOWCHART, Recommendation, decide, recommend
from connectors_app.decision.flowchart import Edge, Node
from connectors_app.decision.paths import complete_answer_sets

RECOMMENDED = "Recommended"  # the extra node drawn when the criteria overrule the flowchart

# dot writes "Helvetica,sans-Serif" into the SVG: a sans-serif everywhere, and its
# layout uses metric-compatible Liberation Sans here, as browsers and WeasyPrint do.
FONT = "Helvetica"
BOLD = "Helvetica-Bold"
INK = "#212529"
DIM = "#6c757d"  # 4.7:1 on white: dimmed, yet still readable
DIM_LINE = "#ced4da"
TAKEN = "#0a58ca"
TAKEN_FILL = "#e7f1ff"
OUTCOME = "#146c43"
OUTCOME_FILL = "#d1e7dd"
OVERRULED = "#b02a37"
OVERRULED_FILL = "#f8f9fa"
CURRENT = "#ad5700"  # the open question of an incomplete path
CURRENT_FILL = "#fff3cd"


@dataclass(frozen=True)
class Highlight:
    """What to light up: everything a rendering depends on besides the data, so it is
    also the key of the rendering cache. Equivalent answer sets give equal highlights."""

    nodes: frozenset[str]
    edges: frozenset[tuple[str, str]]
    outcome: str = ""  # the flowchart's outcome node, once the path is complete
    outcome_label: str = ""  # the outcome node's label naming the actual connector
    current: str = ""  # the node whose question is open, on an incomplete path
    recommended: str = ""  # the recommended connector's name when it overrules the outcome
    overruled_by: str = ""  # the criteria whose hard requirement overruled it


def wrap(text: str, width: int = 24) -> str:
    """Break a long label over lines so that diamonds stay compact."""
    return "\n".join(textwrap.wrap(text, width)) if len(text) > width else text


def node_id(node: str) -> str:
    return f"node-{node}"


def edge_id(source: str, target: str) -> str:
    return f"edge-{source}-{target}"


def outcome_label(node: Node, rec: Recommendation) -> str:
    """The outcome's label, naming the connector where the node stands for several."""
    if node.connector_from and rec.outcome is not None:
        return f"{node.label} ({rec.outcome.name})"
    return node.label


def overruling_criteria(rec: Recommendation) -> str:
    """The names of the criteria whose hard requirement the flowchart's outcome fails."""
    if rec.overruled is None:
        return ""
    ranked = next(r for r in rec.ranking if r.connector.id == rec.overruled.from_connector.id)
    names = [
        criterion.name
        for criterion, score in zip(FLOWCHART.criteria, ranked.scores, strict=True)
        if score.blocker
    ]
    return ", ".join(names)


def highlight_for(rec: Recommendation | None) -> Highlight | None:
    """The highlight of a recommendation's path; None (the whole chart) before any answer."""
    if rec is None or not rec.answers:
        return None
    path = rec.path
    edges = FLOWCHART.taken_edges(path, rec.answers)
    if not rec.complete:
        return Highlight(
            nodes=frozenset(path),
            edges=frozenset((e.source, e.target) for e in edges),
            current=path[-1],
        )
    outcome = FLOWCHART.outcome_node(path)
    assert outcome is not None, "every complete path passes an outcome"
    assert rec.connector is not None
    return Highlight(
        nodes=frozenset(path),
        edges=frozenset((e.source, e.target) for e in edges),
        outcome=outcome.id,
        outcome_label=outcome_label(outcome, rec),
        recommended=rec.connector.name if rec.overruled else "",
        overruled_by=overruling_criteria(rec),
    )


@cache
def every_highlight() -> frozenset[Highlight | None]:
    """Every chart a page can show (about 60): the whole chart, each path so far, and each
    complete path with its outcome and any overrule. A highlight depends on the routing
    answers and the decision alone, so one recommendation per distinct pair gives them."""
    charts: set[Highlight | None] = {None}
    seen = set()
    for answers in complete_answer_sets():
        decision = decide(answers)
        assert decision is not None, "a complete set of answers has a decision"
        routing = tuple((q, v) for q, v in answers.items() if not FLOWCHART.questions[q].criterion)
        key = (routing, decision.connector.id, decision.outcome.id, decision.blocked_on)
        if key in seen:
            continue
        seen.add(key)
        asked = list(answers.items())
        charts |= {highlight_for(recommend(**dict(asked[:n]))) for n in range(1, len(asked) + 1)}
    return frozenset(charts)


def _node_attrs(node: Node, hl: Highlight | None) -> dict[str, str]:
    shape = "diamond" if node.kind == "decision" else "box"
    styles = ["filled"]
    if node.kind == "outcome":
        styles.append("rounded")  # an end node, as Mermaid's rounded outcomes look
    if node.origin == "added":
        styles.append("dashed")
    classes = ["flowchart-node", node.kind, node.origin]
    attrs = {"shape": shape, "label": wrap(node.label), "color": INK, "fontcolor": INK}
    attrs |= {"fillcolor": "white", "penwidth": "1.2"}
    if hl is not None:
        if node.id in hl.nodes:
            classes.append("taken")
            attrs |= {"color": TAKEN, "fillcolor": TAKEN_FILL, "penwidth": "2.5"}
        else:
            classes.append("dimmed")
            attrs |= {"color": DIM_LINE, "fontcolor": DIM}
        if node.id == hl.current:
            classes.append("current")
            attrs |= {"color": CURRENT, "fillcolor": CURRENT_FILL, "penwidth": "3"}
            attrs["label"] = f"{wrap(node.label)}\n(next question)"
        if node.id == hl.outcome:
            classes.append("flowchart-outcome")
            attrs["label"] = wrap(hl.outcome_label)
            if hl.recommended:
                classes.append("overruled")
                attrs |= {"color": OVERRULED, "fillcolor": OVERRULED_FILL, "fontcolor": DIM}
                attrs["label"] = f"{wrap(hl.outcome_label)}\n✗ overruled by the criteria"
                styles.append("dashed")
            else:
                classes.append("recommended")
                attrs |= {"color": OUTCOME, "fillcolor": OUTCOME_FILL, "penwidth": "3.5"}
                attrs |= {"fontname": BOLD}
                attrs["label"] = f"{wrap(hl.outcome_label)}\n✓ recommended"
    attrs["style"] = ",".join(dict.fromkeys(styles))
    return {**attrs, "id": node_id(node.id), "class": " ".join(classes)}


def _edge_attrs(edge: Edge, hl: Highlight | None) -> dict[str, str]:
    classes = ["flowchart-edge", edge.origin]
    attrs = {"color": INK, "fontcolor": INK, "penwidth": "1.2"}
    if edge.origin == "added":
        attrs["style"] = "dashed"
    if edge.label:
        attrs["label"] = wrap(edge.label, 22)
    if hl is not None:
        if (edge.source, edge.target) in hl.edges:
            classes.append("taken")
            attrs |= {"color": TAKEN, "fontcolor": TAKEN, "penwidth": "3"}
        else:
            classes.append("dimmed")
            attrs |= {"color": DIM_LINE, "fontcolor": DIM}
    return {**attrs, "id": edge_id(edge.source, edge.target), "class": " ".join(classes)}


def _legend(graph: graphviz.Digraph, hl: Highlight | None) -> None:
    """A key beneath the chart: one sample node per style that the chart uses."""
    entries = [
        ("docs", "From the docs' flowchart", {"style": "filled"}),
        ("added", "Dashed: added by the wizard", {"style": "dashed,filled"}),
    ]
    if hl is not None:
        entries.append(
            (
                "taken",
                "The path taken",
                {"color": TAKEN, "fillcolor": TAKEN_FILL, "penwidth": "2.5"},
            )
        )
        entries.append(("dimmed", "Not on the path", {"color": DIM_LINE, "fontcolor": DIM}))
    if hl is not None and hl.current:
        entries.append(
            ("current", "The next question", {"color": CURRENT, "fillcolor": CURRENT_FILL})
        )
    if hl is not None and hl.outcome:
        entries.append(
            ("recommended", "The recommendation", {"color": OUTCOME, "fillcolor": OUTCOME_FILL})
        )
    if hl is not None and hl.recommended:
        entries.append(
            ("overruled", "Overruled outcome", {"color": OVERRULED, "style": "dashed,filled"})
        )
    # Rows of three beneath the chart: the invisible edge from the last step pulls the
    # key down, invisible edges within it keep the order.
    with graph.subgraph(name="cluster_legend") as legend:
        legend.attr(label="Key", id="legend", color=DIM_LINE, fontcolor=INK, style="rounded")
        legend.attr("node", shape="box", fontsize="11", margin="0.1,0.04", height="0.3")
        legend.attr("node", width="2")
        rows = [entries[i : i + 3] for i in range(0, len(entries), 3)]
        for number, row in enumerate(rows):
            with legend.subgraph(name=f"legend_row{number}") as line:
                line.attr(rank="same")
                for key, text, attrs in row:
                    style = {"color": INK, "fillcolor": "white", "fontcolor": INK}
                    line.node(
                        f"legend_{key}",
                        text,
                        **{"style": "filled", **style, **attrs},
                        id=f"legend-{key}",
                        **{"class": "legend " + key},
                    )
                for (left, _, _), (right, _, _) in itertools.pairwise(row):
                    line.edge(f"legend_{left}", f"legend_{right}", style="invis")
        for above, below in itertools.pairwise(rows):
            legend.edge(f"legend_{above[0][0]}", f"legend_{below[0][0]}", style="invis")
    graph.edge("Criteria", f"legend_{entries[0][0]}", style="invis")


def build_flowchart(*, highlight: Highlight | None = None) -> graphviz.Digraph:
    """The docs' flowchart plus the wizard's additions, with `highlight`'s path lit up."""
    graph = graphviz.Digraph(name="Choosing a connector")
    graph.attr(rankdir="TB", fontname=FONT, bgcolor="white", nodesep="0.35", ranksep="0.45")
    graph.attr(id="flowchart", newrank="true")
    graph.attr("node", fontname=FONT, fontsize="14", margin="0.15,0.07")
    graph.attr("edge", fontname=FONT, fontsize="12", arrowsize="0.8")
    for node in FLOWCHART.nodes.values():
        graph.node(node.id, **_node_attrs(node, highlight))
    for edge in FLOWCHART.edges:
        graph.edge(edge.source, edge.target, **_edge_attrs(edge, highlight))
    if highlight is not None and highlight.recommended:
        graph.node(
            RECOMMENDED,
            f"Recommended: {highlight.recommended}\n"
            "(the criteria overruled\nthe flowchart's outcome)",
            shape="box",
            style="rounded,filled,bold",
            color=OUTCOME,
            fillcolor=OUTCOME_FILL,
            fontcolor=INK,
            penwidth="3.5",
            fontname=BOLD,
            id=node_id(RECOMMENDED),
            **{"class": "flowchart-node outcome recommended"},
        )
        graph.edge(
            highlight.outcome,
            RECOMMENDED,
            label=f"overruled: {highlight.overruled_by.lower()}",
            style="dashed",
            color=OVERRULED,
            fontcolor=OVERRULED,
            penwidth="2.5",
            id=edge_id(highlight.outcome, RECOMMENDED),
            **{"class": "flowchart-edge overrule"},
        )
    _legend(graph, highlight)
    return graph
