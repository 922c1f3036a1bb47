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
    assert CATALOGUE["postmark"].summary in report
    assert "The flowchart points here" in report
    assert f"{reverse('connectors:report')}?" in report
    assert f"{reverse('connectors:report-pdf')}?" in report
    # In the docs page the links stay in the tab: it is not framed.
    assert 'target="_blank"' not in report
    also = re.findall(
        r'<ul class="list-inline connector-list also-eligible">(.*?)</ul>', report, re.S
    )
    others = [r.connector for r in rec.ranking if r.eligible and r.connector.id != "postmark"]
    assert [c.name for c in others[:4]] == re.findall(r">([^<>]+)</a>", also[0])


def test_compact_report_does_not_rank_the_flowchart_pick_below_others(client):
    # Relay scores 0.80 (unknown facts count as half) yet the flowchart picks it; others
    # score 1.00. The result must not list scores that read as "the others beat it".
    response = client.get(DOCS, complete_answers("relay"))
    rec = response.context["rec"]
    assert rec.connector.id == "relay" and len(rec.warnings) > 1
    assert any(r.score > rec.ranking[0].score for r in rec.ranking if r.eligible)
    rec_text = page_text(response)
    report = rec_text[rec_text.index('class="report-inline"') :]

    assert "% fit" not in report
    assert "Best fits" not in report
    assert "Also eligible" in report
    assert "They meet your hard requirements too" in report
    # Relay for a team with no ESP of its own: there is nothing to switch from.
    assert f"<strong>{len(rec.warnings)} things to confirm</strong>: the full report" in report
    assert CATALOGUE["relay"].summary in report


def test_compact_report_says_when_the_criteria_overruled_the_flowchart(client):
    answers = next(s["answers"] for s in SCENARIOS if s["name"] == "Postmark cannot host in the EU")

    text = page_text(client.get(DOCS, answers))

    report = text[text.index('class="report-inline"') :]
    overruled = re.findall(r'<li class="report-inline-overruled">(.*?)</li>', report, re.S)[0]
    assert "The criteria overruled the flowchart" in overruled
    assert "pointed to Postmark" in overruled
    assert "The flowchart points here" not in report
    assert "lead the flowchart to" not in report  # it led to Postmark


def title_of(response) -> str:
    return html.unescape(re.findall(r"<title>(.*?)</title>", response.content.decode(), re.S)[0])


def data_title_of(response) -> str:
    found = re.findall(r'data-wizard-step[^>]*data-title="([^"]*)"', response.content.decode())
    return html.unescape(found[0])


@pytest.mark.parametrize(
    "query",
    [{"owns_deliverability": "yes"}, complete_answers("relay")],
    ids=["mid-walk", "complete"],
)
def test_docs_page_title_without_js_matches_the_title_js_sets(client, query):
    # wizard.js copies the swapped step's data-title into document.title: a full page
    # load of the same URL (no JS) must show the same title.
    page = client.get(DOCS, query)
    step = client.get(DOCS, query, headers={"HX-Request": "true"})

    assert title_of(page) == data_title_of(step)


def test_docs_page_title_names_the_page_before_any_answer_and_the_result_after(client):
    assert title_of(client.get(DOCS)) == f"{FLOWCHART.page['title']} · Connector Wizard"
    done = title_of(client.get(DOCS, complete_answers("relay")))
    assert done == f"Your recommendation: {CATALOGUE['relay'].name} · Connector Wizard"


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


def test_unknown_fact_with_a_source_says_the_page_was_checked(client):
    relay = CATALOGUE["relay"]
    checked = [f for f in relay.facts.values() if f.grade == "unknown" and f.source]
    unsourced = [f for f in relay.facts.values() if not f.source]
    assert checked and unsourced  # the catalogue has both kinds for Relay

    text = page_text(client.get(reverse("connectors:connector", args=["relay"])))

    cells = re.findall(r'<td class="source-cell"[^>]*>(.*?)</td>', text, re.S)
    words = [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in cells]
    for fact in checked:
        source = fact.source.removeprefix("https://").removesuffix("/")
        assert f"Checked: {source} It does not say. checked" in " | ".join(words)
    assert words.count("No source found") == len(unsourced)
    # "no source found" never follows a URL.
    assert not any("/" in w and "no source found" in w.lower() for w in words)


def crumbs(response) -> list[tuple[str, str]]:
    nav = re.findall(r'<ol class="breadcrumb small">(.*?)</ol>', response.content.decode(), re.S)[0]
    items = re.findall(r"<li[^>]*>(.*?)</li>", nav, re.S)
    out = []
    for item in items:
        link = re.findall(r'<a href="([^"]*)">(.*?)</a>', item)
        out.append(link[0] if link else ("", html.unescape(item.strip())))
    return out


@pytest.mark.parametrize(
    ("url", "last"),
    [
        (DOCS, FLOWCHART.page["title"]),
        (reverse("connectors:connector", args=["relay"]), "GenieOS Relay"),
        (reverse("connectors:connector", args=["nope"]), "No such connector"),
        (reverse("connectors:embed-snippet"), "Embed"),
    ],
)
def test_breadcrumbs_are_wizard_then_connectors_then_the_page(client, url, last):
    trail = crumbs(client.get(url))

    assert trail == [
        (reverse("connectors:home"), "Connector Wizard"),
        (reverse("connectors:connector-list"), "Connectors"),
        ("", last),
    ]


def test_the_connector_list_links_all_nine_by_family(client):
    response = client.get(reverse("connectors:connector-list"))

    assert response.status_code == 200
    for connector in CATALOGUE:
        assert reverse("connectors:connector", args=[connector.id]) in response.text
    for family in CATALOGUE.families.values():
        assert family in response.text


def test_the_connectors_breadcrumb_leads_to_the_list(client):
    response = client.get(reverse("connectors:connector", args=["postmark"]))

    assert f'href="{reverse("connectors:connector-list")}">Connectors</a>' in response.text


def test_a_partly_unknown_fact_is_marked_and_says_whom_to_ask(client):
    html_text = client.get(reverse("connectors:connector", args=["relay"])).text

    events_row = next(row for row in html_text.split("<tr") if "Events reported" in row)
    assert 'class="fact-unknown"' in events_row
    assert "Confirm with GenieOS support." in events_row


def test_each_sourced_fact_says_when_its_source_was_checked(client):
    connector = CATALOGUE["amazon_ses"]
    dated = [f for f in connector.facts.values() if f.source and f.checked]
    assert dated

    text = page_text(client.get(reverse("connectors:connector", args=["amazon_ses"])))

    for fact in dated:
        assert f'<time datetime="{fact.checked}">' in text
    assert text.count('class="source-checked') == len(dated) + bool(connector.smtp_relay)


def test_docs_wizard_sent_without_an_answer_says_so_in_its_title_and_summary(client):
    response = client.get(DOCS, {"owns_deliverability": "yes", "asked": "current_provider"})

    assert "Error: " in title_of(response)
    assert 'class="error-summary"' in response.text
    # The page has its own h1: the question is an h2 inside the legend.
    assert '<h2 class="wizard-question" id="wizard-question-title"' in response.text
