"""The flowchart picture: the DOT text we build, and the SVG that a real `dot` makes of it."""

import re
import xml.etree.ElementTree as ET

import pytest

from connectors_app.decision import FLOWCHART, recommend
from connectors_app.flowchart.graph import (
    RECOMMENDED,
    build_flowchart,
    edge_id,
    highlight_for,
    node_id,
)
from connectors_app.flowchart.svg import flowchart_svg, inline_svg, run_dot
from connectors_app.flowchart.text import path_steps
from tests.scenarios import SCENARIOS

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE_NAME = '<IMG SRC="/etc/passwd"> \\G \\N & "quotes"'


def scenario(name: str) -> dict[str, str]:
    return next(s["answers"] for s in SCENARIOS if s["name"] == name)


EU_OVERRULE = scenario("Postmark cannot host in the EU")
RELAY = scenario("no deliverability of your own: GenieOS Relay")


def dot_statement(source: str, name: str) -> str:
    """The DOT statement (node or edge) whose id attribute is `name`."""
    statements = re.findall(r"^\t\S.*?\]$", source, re.MULTILINE | re.DOTALL)
    found = [s for s in statements if f'id="{name}"' in s]
    assert len(found) == 1, name
    return found[0]


def classes(source: str, name: str) -> set[str]:
    match = re.search(r'class="([^"]*)"', dot_statement(source, name))
    assert match
    return set(match.group(1).split())


def svg_tree(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def svg_ids(root: ET.Element) -> dict[str, ET.Element]:
    return {el.get("id"): el for el in root.iter() if el.get("id")}


def test_whole_chart_draws_every_node_and_edge_with_ids():
    source = build_flowchart().source

    for node in FLOWCHART.nodes.values():
        statement = dot_statement(source, node_id(node.id))
        assert statement.startswith(f"\t{node.id} [")
    edge_ids = [edge_id(e.source, e.target) for e in FLOWCHART.edges]
    assert len(set(edge_ids)) == len(edge_ids)
    for edge in FLOWCHART.edges:
        statement = dot_statement(source, edge_id(edge.source, edge.target))
        assert statement.startswith(f"\t{edge.source} -> {edge.target} [")
        if edge.label:
            assert edge.label.split()[0] in statement
    assert "taken" not in source and "dimmed" not in source


def test_decisions_are_diamonds_outcomes_rounded_and_additions_dashed():
    source = build_flowchart().source

    for node in FLOWCHART.nodes.values():
        statement = dot_statement(source, node_id(node.id))
        style = re.search(r'style="?([\w,]+)', statement).group(1).split(",")
        assert ("shape=diamond" in statement) == (node.kind == "decision")
        assert ("rounded" in style) == (node.kind == "outcome")
        assert ("dashed" in style) == (node.origin == "added")
    for edge in FLOWCHART.edges:
        statement = dot_statement(source, edge_id(edge.source, edge.target))
        assert ("style=dashed" in statement) == (edge.origin == "added")
    assert 'label="Dashed: added by the wizard"' in source


def test_path_taken_is_highlighted_and_the_rest_dimmed():
    rec = recommend(**RELAY)
    source = build_flowchart(highlight=highlight_for(rec)).source

    for node in FLOWCHART.nodes:
        expected = "taken" if node in rec.path else "dimmed"
        assert expected in classes(source, node_id(node)), node
    taken = {(e.source, e.target) for e in FLOWCHART.taken_edges(rec.path, rec.answers)}
    for edge in FLOWCHART.edges:
        expected = "taken" if (edge.source, edge.target) in taken else "dimmed"
        assert expected in classes(source, edge_id(edge.source, edge.target))
    relay = dot_statement(source, node_id("Relay"))
    assert {"flowchart-outcome", "recommended"} <= classes(source, node_id("Relay"))
    assert "✓ recommended" in relay
    assert RECOMMENDED not in source


def test_overrule_shows_the_flowchart_outcome_and_the_recommendation():
    rec = recommend(**EU_OVERRULE)
    source = build_flowchart(highlight=highlight_for(rec)).source

    outcome = dot_statement(source, node_id("APIESP"))
    assert "(Postmark)" in outcome and "overruled" in outcome
    assert "overruled" in classes(source, node_id("APIESP"))
    assert "recommended" not in classes(source, node_id("APIESP"))
    final = dot_statement(source, node_id(RECOMMENDED))
    assert "Recommended: Amazon SES" in final
    assert "recommended" in classes(source, node_id(RECOMMENDED))
    overrule = dot_statement(source, edge_id("APIESP", RECOMMENDED))
    assert "overruled: regional requirements" in overrule
    assert "style=dashed" in overrule


def test_incomplete_path_marks_the_next_question_and_no_outcome():
    rec = recommend(**{"owns_deliverability": "yes", "current_provider": "postmark"})
    source = build_flowchart(highlight=highlight_for(rec)).source

    assert "current" in classes(source, node_id("Lifecycle"))
    for node in ("Start", "Existing", "CurrentProvider"):
        assert "taken" in classes(source, node_id(node))
    assert "dimmed" in classes(source, node_id("APIESP"))
    assert "flowchart-outcome" not in source and "✓ recommended" not in source


def test_equivalent_answers_give_the_same_highlight():
    plain = highlight_for(recommend(**RELAY))
    # current_provider is off the Relay path: ignored, so the same chart.
    with_off_path = highlight_for(recommend(**{**RELAY, "current_provider": "postmark"}))
    with_name = highlight_for(recommend(**{**RELAY, "workspace_name": "Acme"}))

    assert plain == with_off_path == with_name
    assert highlight_for(recommend()) is None
    assert plain != highlight_for(recommend(**{**RELAY, "cloud_procurement": "yes"}))


def test_rendered_svg_is_inline_accessible_and_keeps_the_ids():
    rec = recommend(**EU_OVERRULE)
    svg = flowchart_svg(rec=rec)

    assert svg.startswith("<svg") and "<?xml" not in svg and "<!DOCTYPE" not in svg
    root = svg_tree(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "flowchart-svg-title flowchart-svg-desc"
    ids = svg_ids(root)
    assert "Amazon SES" in ids["flowchart-svg-title"].text
    desc = ids["flowchart-svg-desc"].text
    assert "Postmark" in desc and "Recommended: Amazon SES." in desc
    assert "taken" in ids["node-Start"].get("class").split()
    assert "dimmed" in ids["node-Relay"].get("class").split()
    assert "taken" in ids["edge-SMTPOnly-APIESP"].get("class").split()
    assert ids["node-Recommended"] is not None
    assert ids["edge-APIESP-Recommended"] is not None
    # Colours are presentation attributes, so the PDF and a bare SVG viewer show them.
    start_shape = ids["node-Start"].find(f"{SVG}polygon")
    assert start_shape.get("stroke") == "#0a58ca"
    assert "style=" not in svg


def test_workspace_name_is_only_escaped_text():
    rec = recommend(**{**EU_OVERRULE, "workspace_name": HOSTILE_NAME})
    source = build_flowchart(highlight=highlight_for(rec)).source
    svg = flowchart_svg(rec=rec)

    assert "IMG" not in source and "passwd" not in source
    assert "<IMG" not in svg and "<img" not in svg.lower()
    assert '&lt;IMG SRC="/etc/passwd"&gt; \\G \\N &amp; "quotes"' in svg
    root = svg_tree(svg)
    assert root.find(f".//{SVG}image") is None
    assert svg_ids(root)["flowchart-svg-title"].text.endswith(f"for {HOSTILE_NAME}")


def test_run_dot_renders_the_graph_source():
    document = run_dot(source=build_flowchart().source)

    assert document.startswith("<?xml")
    assert inline_svg(document).startswith("<svg")
    assert "<!--" not in inline_svg(document)


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        (
            EU_OVERRULE,
            [
                "Do you already own ESP deliverability? You answered: Yes",
                "Which provider sends your email today? You answered: Postmark.",
                "The flowchart's outcome: Use the ESP API connector (Postmark).",
                "Where must your email data reside? You answered: In the European Union.",
                "The criteria overruled Postmark (regional requirements)",
                "Recommended: Amazon SES.",
            ],
        ),
        (
            {"owns_deliverability": "yes"},
            [
                "Keep your existing ESP connector.",
                "Which provider sends your email today? Not answered yet",
            ],
        ),
    ],
)
def test_text_alternative_lists_the_path_step_by_step(answers, expected):
    steps = path_steps(recommend(**answers))

    position = -1
    for text in expected:
        matches = [i for i, step in enumerate(steps) if text in step]
        assert matches, text
        assert matches[0] > position, f"{text} out of order"
        position = matches[0]


def test_text_alternative_of_the_whole_chart_follows_every_arrow():
    lines = path_steps(None)

    for edge in FLOWCHART.edges:
        source = FLOWCHART.nodes[edge.source].label
        target = FLOWCHART.nodes[edge.target].label
        line = next(line for line in lines if line.startswith(f"From “{source}”"))
        assert f"“{target}”" in line
        if edge.label:
            assert f"if {edge.label}, “{target}”" in line
