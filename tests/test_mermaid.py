"""Our Mermaid export holds the docs' own chart, node for node and edge for edge."""

import re

from connectors_app.decision import FLOWCHART, recommend
from connectors_app.flowchart.graph import highlight_for
from connectors_app.flowchart.mermaid import flowchart_mermaid, mermaid_label
from tests.scenarios import DOCS_PAGE, SCENARIOS

_NODE = r"(\w+)(?:\[([^\]]*)\]|\{([^}]*)\})?"
_EDGE = re.compile(rf"^{_NODE}\s*(-->|-\.->)\s*(?:\|([^|]*)\|)?\s*{_NODE}$")
_DEFINITION = re.compile(rf"^{_NODE}$")


def _label(text: str) -> str:
    if text.startswith('"') and text.endswith('"'):
        text = text[1:-1].replace("#quot;", '"').replace("#35;", "#")
    return text


def parse_mermaid(text: str) -> tuple[dict[str, tuple[str, str]], set[tuple[str, str, str]]]:
    """Nodes (id -> (shape, label)) and edges (source, label, target) of a Mermaid
    flowchart: the statements after `flowchart TD` up to the first blank line."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == "flowchart TD")
    nodes: dict[str, tuple[str, str]] = {}
    edges: set[tuple[str, str, str]] = set()

    def define(node_id: str, rect: str | None, rhombus: str | None) -> None:
        if rect is not None:
            nodes[node_id] = ("rect", _label(rect))
        elif rhombus is not None:
            nodes[node_id] = ("rhombus", _label(rhombus))

    for raw in lines[start + 1 :]:
        line = raw.strip()
        if not line:
            break
        if line.startswith(("%%", "classDef ", "class ", "linkStyle ")):
            continue
        if edge := _EDGE.match(line):
            src, src_rect, src_rhombus, _arrow, label, dst, dst_rect, dst_rhombus = edge.groups()
            define(src, src_rect, src_rhombus)
            define(dst, dst_rect, dst_rhombus)
            edges.add((src, _label(label or ""), dst))
        elif definition := _DEFINITION.match(line):
            define(*definition.groups())
        else:
            raise AssertionError(f"unparsed Mermaid line: {line!r}")
    return nodes, edges


def test_docs_chart_parses():
    nodes, edges = parse_mermaid(DOCS_PAGE.read_text())

    assert nodes["Start"] == ("rect", "Do you already own ESP deliverability?")
    assert nodes["SMTPOnly"] == ("rhombus", "Only SMTP credentials available?")
    assert ("SMTPOnly", "No", "APIESP") in edges
    assert len(nodes) == 8 and len(edges) == 8


def test_export_holds_every_docs_node_label_shape_and_edge():
    docs_nodes, docs_edges = parse_mermaid(DOCS_PAGE.read_text())
    our_nodes, our_edges = parse_mermaid(flowchart_mermaid())

    for node_id, shape_and_label in docs_nodes.items():
        assert our_nodes.get(node_id) == shape_and_label, node_id
    assert docs_edges <= our_edges, docs_edges - our_edges


def test_export_marks_what_the_wizard_adds():
    text = flowchart_mermaid()
    nodes, edges = parse_mermaid(text)

    added = [n.id for n in FLOWCHART.nodes.values() if n.origin == "added"]
    assert f"class {','.join(added)} added" in text
    assert set(nodes) == set(FLOWCHART.nodes)
    for edge in FLOWCHART.edges:
        assert (edge.source, edge.label, edge.target) in edges
        arrow = "-->" if edge.origin == "docs" else "-.->"
        assert re.search(rf"^  {edge.source} {re.escape(arrow)}", text, re.MULTILINE)


def test_export_highlights_the_path_and_the_overrule():
    answers = next(s["answers"] for s in SCENARIOS if s["name"] == "Postmark cannot host in the EU")
    text = flowchart_mermaid(highlight=highlight_for(recommend(**answers)))
    nodes, edges = parse_mermaid(text)

    assert nodes["Recommended"] == ("rect", "Recommended: Amazon SES")
    assert ("APIESP", "overruled: regional requirements", "Recommended") in edges
    assert "class APIESP overruled" in text and "class Recommended recommended" in text
    taken_line = next(line for line in text.splitlines() if line.startswith("  class Start,"))
    assert "Relay" not in taken_line.split()[1].split(",")
    assert "linkStyle " in text


def test_labels_that_mermaid_would_misread_are_quoted():
    assert mermaid_label("Use SMTP") == "Use SMTP"
    assert mermaid_label("Use the ESP API connector (Postmark)") == (
        '"Use the ESP API connector (Postmark)"'
    )
    assert mermaid_label('say "hi" #1') == '"say #quot;hi#quot; #35;1"'
