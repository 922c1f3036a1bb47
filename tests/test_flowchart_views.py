"""/flowchart.svg, .dot and .mmd, the figure and its template, and the rendering cache."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from connectors_app.decision import recommend
from connectors_app.flowchart import svg as flowchart_svg
from connectors_app.flowchart.figure import flowchart_figure
from connectors_app.querystring import answers_query
from tests.scenarios import SCENARIOS

SVG = "{http://www.w3.org/2000/svg}"
EU_OVERRULE = next(s["answers"] for s in SCENARIOS if s["name"] == "Postmark cannot host in the EU")
HOSTILE_NAME = '<IMG SRC="/etc/passwd"> \\G \\N & "quotes"'
EXPORTS = ["connectors:flowchart-svg", "connectors:flowchart-dot", "connectors:flowchart-mmd"]


def url(name: str, answers: dict[str, str] | None = None, **extra: str) -> str:
    query = answers_query(answers or {}, **extra)
    return reverse(name) + (f"?{query}" if query else "")


def classes_by_id(svg: str) -> dict[str, set[str]]:
    root = ET.fromstring(svg)
    return {
        el.get("id"): set((el.get("class") or "").split()) for el in root.iter() if el.get("id")
    }


def test_svg_without_answers_is_the_whole_chart(client):
    response = client.get(url("connectors:flowchart-svg"))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert "max-age=" in response["Cache-Control"]
    assert "default-src 'self'" in response["Content-Security-Policy"]
    found = classes_by_id(response.text)
    assert "node-Start" in found and "node-Criteria" in found
    assert not any({"taken", "dimmed"} & c for c in found.values())


def test_svg_highlights_the_path_and_the_overrule(client):
    response = client.get(url("connectors:flowchart-svg", EU_OVERRULE))

    assert response.status_code == 200
    found = classes_by_id(response.text)
    assert "taken" in found["node-APIESP"] and "overruled" in found["node-APIESP"]
    assert "dimmed" in found["node-Relay"]
    assert "recommended" in found["node-Recommended"]
    assert "Amazon SES" in response.text


def test_incomplete_answers_highlight_the_path_so_far(client):
    response = client.get(url("connectors:flowchart-svg", {"owns_deliverability": "no"}))

    assert response.status_code == 200
    found = classes_by_id(response.text)
    assert "taken" in found["node-Relay"] and "taken" in found["edge-Start-Relay"]
    assert "current" in found["node-Procurement"]
    assert "dimmed" in found["node-Existing"]


@pytest.mark.parametrize("name", EXPORTS)
def test_bad_answers_get_400_naming_the_key_and_choices(client, name):
    # Keys that are not questions pass quietly (shared links gather tracking parameters);
    # a bad choice for a real question does not.
    response = client.get(reverse(name) + "?owns_deliverability=maybe&utm_source=chat")

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "owns_deliverability" in response.text and "valid choices: yes, no" in response.text
    assert "utm_source" not in response.text


@pytest.mark.parametrize("name", EXPORTS)
def test_exports_refuse_post(client, name):
    assert client.post(reverse(name)).status_code == 405


def test_dot_export_is_the_graph_source(client):
    response = client.get(url("connectors:flowchart-dot", EU_OVERRULE))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/vnd.graphviz; charset=utf-8"
    assert response.text.startswith('digraph "Choosing a connector" {')
    assert 'id="node-Recommended"' in response.text


def test_mermaid_export_is_plain_text(client):
    response = client.get(url("connectors:flowchart-mmd"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.text.startswith("flowchart TD\n")


def test_workspace_name_reaches_svg_and_dot_only_escaped(client):
    svg = client.get(url("connectors:flowchart-svg", EU_OVERRULE, workspace_name=HOSTILE_NAME))
    dot = client.get(url("connectors:flowchart-dot", EU_OVERRULE, workspace_name=HOSTILE_NAME))

    assert svg.status_code == dot.status_code == 200
    assert "<IMG" not in svg.text
    root = ET.fromstring(svg.text)
    assert root.find(f".//{SVG}image") is None
    assert root.find(f"{SVG}title").text.endswith(HOSTILE_NAME)
    assert "IMG" not in dot.text and "passwd" not in dot.text


def figure_html(rec, **kwargs) -> str:
    return render_to_string(
        "connectors/_flowchart_figure.html", {"figure": flowchart_figure(rec, **kwargs)}
    )


def test_no_chart_is_rendered_twice(client):
    flowchart_svg.clear_cache()
    before = flowchart_svg.dot_runs

    client.get(url("connectors:flowchart-svg", EU_OVERRULE))
    assert flowchart_svg.dot_runs == before + 1
    # The same chart: answers in another order, an off-path answer, another name.
    reordered = dict(reversed(list(EU_OVERRULE.items())))
    client.get(url("connectors:flowchart-svg", reordered, workspace_name="Acme"))
    client.get(url("connectors:flowchart-svg", {**EU_OVERRULE, "smtp_only": "no"}))
    html = figure_html(recommend(**EU_OVERRULE))
    assert flowchart_svg.dot_runs == before + 1
    assert 'id="node-Recommended"' in html
    # Another path is another chart.
    client.get(url("connectors:flowchart-svg", {**EU_OVERRULE, "data_residency": "none"}))
    assert flowchart_svg.dot_runs == before + 2


def test_figure_shows_chart_caption_and_steps():
    html = figure_html(recommend(**EU_OVERRULE, workspace_name=HOSTILE_NAME))

    assert '<figure class="flowchart-figure"' in html and "<figcaption" in html
    assert 'role="img"' in html and "<?xml" not in html
    assert "The criteria overruled Postmark" in html
    assert "<li>Recommended: Amazon SES.</li>" in html
    assert "<IMG" not in html
    assert 'href="/flowchart.dot?owns_deliverability=yes' in html
    assert "style=" not in html


def test_figure_without_rec_is_the_whole_chart():
    html = figure_html(None)

    assert 'id="node-Start"' in html and 'class="node flowchart-node' in html
    assert "taken" not in html
    assert "From “Do you already own ESP deliverability?”: if No, “Use GenieOS Relay”" in html
    assert 'href="/flowchart.svg"' in html


def test_figure_of_a_path_so_far():
    html = figure_html(recommend(owns_deliverability="yes"))

    assert "the path so far" in html
    assert "Which provider sends your email today? Not answered yet" in html


def test_two_figures_on_one_page_keep_their_ids_unique():
    rec = recommend(**EU_OVERRULE)
    html = figure_html(None) + figure_html(rec, number=2)

    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    assert 'id="flowchart-figure"' in html and 'id="flowchart-figure-2"' in html
    assert 'aria-labelledby="f2-flowchart-svg-title"' in html
    assert 'aria-describedby="flowchart-figure-2-steps"' in html
    assert 'id="f2-node-Recommended"' in html
