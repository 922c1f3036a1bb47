import html
import re

import pytest
from django.urls import reverse

from connectors_app.decision import CATALOGUE, FLOWCHART
from tests.scenarios import SCENARIOS

DOCS = reverse("connectors:docs")


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def complete_answers(connector_id: str) -> dict[str, str]:
    return next(s["answers"] for s in SCENARIOS if s["expect"].get("connector") == connector_id)


def test_docs_page_shows_the_docs_prose_in_the_products_words(client):
    response = client.get(DOCS)

    assert response.status_code == 200
    text = page_text(response)
    for key in ("title", "lead", "intro", "switching", "migration"):
        assert FLOWCHART.page[key] in text, key
    assert "switch back without changing the SDK calls" in text


def test_docs_page_has_every_row_of_the_decision_table(client):
    text = page_text(client.get(DOCS))

    rows = re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</th>(.*?)</tr>", text, re.S)
    assert [need for need, _ in rows] == [row.need for row in FLOWCHART.decision_table]
    for (_, cells), row in zip(rows, FLOWCHART.decision_table, strict=True):
        assert row.choice in cells
        assert row.why in cells


def test_every_connector_named_in_the_table_links_to_its_page(client):
    text = client.get(DOCS).content.decode()

    named = {cid for row in FLOWCHART.decision_table for cid in row.connectors}
    assert named == set(CATALOGUE.connectors)
    for connector_id in named:
        assert f'href="{reverse("connectors:connector", args=[connector_id])}"' in text


def test_docs_page_lists_the_five_things_to_evaluate(client):
    text = page_text(client.get(DOCS))

    assert len(FLOWCHART.criteria) == 5
    for criterion in FLOWCHART.criteria:
        assert f"{criterion.name}:</strong> {criterion.docs}" in text


def test_docs_page_draws_the_whole_flowchart_as_svg(client):
    text = page_text(client.get(DOCS))

    section = text[text.index('id="docs-flowchart"') :]
    svg = section[section.index("<svg") : section.index("</svg>")]
    # Graphviz wraps a long label over several <text> lines.
    drawn = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))
    for node in FLOWCHART.nodes.values():
        if node.origin == "docs":
            assert node.label in drawn, node.id


def test_docs_page_runs_the_wizard_in_place(client):
    response = client.get(DOCS)

    text = response.content.decode()
    assert f'action="{DOCS}"' in text
    assert f'hx-get="{DOCS}"' in text
    assert 'name="owns_deliverability"' in text


def test_docs_page_htmx_request_gets_only_the_wizard_step(client):
    response = client.get(DOCS, {"owns_deliverability": "yes"}, headers={"HX-Request": "true"})

    text = response.content.decode()
    assert text.lstrip().startswith('<div id="wizard-step"')
    assert "<html" not in text
    assert 'name="current_provider"' in text
    assert response["HX-Push-Url"] == f"{DOCS}?owns_deliverability=yes"
    assert "HX-Request" in response["Vary"]


def test_docs_page_complete_answers_show_the_compact_report(client):
    answers = complete_answers("postmark")

    response = client.get(DOCS, answers)

    text = page_text(response)
    report = text[text.index('class="report-inline"') :]
    assert "Postmark" in report
    rec = response.context["rec"]
    assert rec.why in report
    assert f"{reverse('connectors:report')}?" in report
    assert f"{reverse('connectors:report-pdf')}?" in report
    # In the docs page the links stay in the tab: it is not framed.
    assert 'target="_blank"' not in report
    ranked = re.findall(r'<ol class="ranking-top">(.*?)</ol>', report, re.S)[0]
    assert ranked.count("<li>") == 3
    assert rec.ranking[0].connector.name in ranked


def test_docs_page_refuses_framing(client):
    response = client.get(DOCS)

    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


@pytest.mark.parametrize("connector", list(CATALOGUE), ids=lambda c: c.id)
def test_connector_page_lists_each_capability_with_its_source(client, connector):
    response = client.get(reverse("connectors:connector", args=[connector.id]))

    assert response.status_code == 200
    text = page_text(response)
    assert f'<h1 id="connector-title">{connector.name}</h1>' in text
    for label, fact in connector.facts.items():
        assert label in text
        assert fact.note in text
        if fact.source:
            assert f'href="{fact.source}"' in text
    assert response["X-Frame-Options"] == "DENY"


def test_connector_page_says_unknown_and_whom_to_ask(client):
    relay = CATALOGUE["relay"]
    unknown = [label for label, fact in relay.facts.items() if not fact.known]
    assert unknown  # the catalogue leaves Relay's size limit unknown

    text = page_text(client.get(reverse("connectors:connector", args=["relay"])))

    assert text.count("Unknown</span>") == len(unknown)
    assert f"Confirm with {relay.confirm_with}." in text


def test_unknown_connector_is_a_friendly_404(client):
    response = client.get(reverse("connectors:connector", args=["pigeon-post"]))

    assert response.status_code == 404
    text = page_text(response)
    assert "There is no connector called “pigeon-post”" in text
    for connector in CATALOGUE:
        assert reverse("connectors:connector", args=[connector.id]) in text


def test_docs_pages_set_no_cookies(client):
    for url in (DOCS, reverse("connectors:connector", args=["smtp"])):
        response = client.get(url, complete_answers("smtp"))
        assert not response.cookies
