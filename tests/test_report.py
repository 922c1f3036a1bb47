import re
from dataclasses import replace
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from connectors_app.decision import CATALOGUE, FLOWCHART, recommend
from connectors_app.querystring import answers_query
from connectors_app.report_context import report_context
from tests.scenarios import SCENARIOS, judge_connector

COMPLETE = [s for s in SCENARIOS if s["expect"].get("complete", True)]
INCOMPLETE = [s for s in SCENARIOS if not s["expect"].get("complete", True)]
POSTMARK_EU = next(s["answers"] for s in SCENARIOS if s["name"] == "Postmark cannot host in the EU")
RELAY = next(s["answers"] for s in SCENARIOS if s["expect"].get("connector") == "relay")


def report_url(answers, **extra) -> str:
    return f"{reverse('connectors:report')}?{answers_query(answers, **extra)}"


def text(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    end = html.find("<section", start)
    return html[start : end if end > 0 else len(html)]


@pytest.mark.parametrize("scenario", COMPLETE, ids=[s["name"] for s in COMPLETE])
def test_report_names_the_scenarios_connector(client, scenario):
    expect = scenario["expect"]

    response = client.get(report_url(scenario["answers"]))

    assert response.status_code == 200
    connector = re.search(r'data-connector="([a-z_]+)"', response.text)[1]
    judge_connector(connector, expect)
    title = re.search(r'<h1 class="report-title"[^>]*>(.*?)</h1>', response.text)[1]
    assert title == f"Use {CATALOGUE[connector].name}"
    has_plan = 'id="migration-title"' in response.text
    if expect.get("migration_plan_empty"):
        assert not has_plan
    if expect.get("migration_plan_nonempty"):
        assert has_plan


def test_overruled_report_says_so_before_the_reasons(client):
    html = client.get(report_url(POSTMARK_EU)).text

    overruled = html.index("The criteria overruled the flowchart")
    assert overruled < html.index('class="report-lead"')
    callout = text(section(html, "overruled-title"))
    assert "The flowchart pointed to Postmark" in callout
    assert "cannot keep data in the EU" in callout


def test_report_without_overrule_has_no_overrule_callout(client):
    html = client.get(report_url(RELAY)).text

    assert "overruled the flowchart" not in html
    assert recommend(**RELAY).why in unescape(html)


def test_score_table_covers_five_criteria_for_nine_connectors(client):
    html = client.get(report_url(POSTMARK_EU)).text

    table = html[html.index('<table class="score-table"') : html.index("</table>")]
    rows = re.findall(r"<tr class=\"[^\"]*\">(.*?)</tr>", table, re.S)
    assert len(rows) == 9
    for row in rows:
        assert len(re.findall(r'<td class="score-cell status-', row)) == 5
        assert re.search(r'class="score-bar score-(10|[0-9])"', row)
    for criterion in FLOWCHART.criteria:
        assert f'<th scope="col">{criterion.name}</th>' in unescape(table)


def test_score_cells_give_their_reason_on_demand(client):
    html = client.get(report_url(POSTMARK_EU)).text
    rec = recommend(**POSTMARK_EU)

    details = re.findall(r'<details class="score-details">(.*?)</details>', html, re.S)
    assert len(details) == 45
    # The first row is the recommendation, its first cell the first criterion.
    first = unescape(details[0])
    assert "<summary>" in first
    assert rec.criteria[0].scores[rec.connector.id].reason in first.split("</summary>")[1]


def test_blocked_connectors_are_marked_in_words_not_only_colour(client):
    html = client.get(report_url(POSTMARK_EU)).text

    table = text(html[html.index('<table class="score-table"') : html.index("</table>")])
    assert "Postmark ⊘ Blocked" in table
    assert re.search(r"status-blocked\">.*?Blocked", html, re.S)


def test_ranking_explains_why_not_each_other_connector(client):
    rec = recommend(**POSTMARK_EU)
    html = client.get(report_url(POSTMARK_EU)).text

    ranking = section(html, "ranking-title")
    assert ranking.count('<li class="ranking-item') == 8
    for ranked in rec.ranking[1:]:
        assert ranked.why_not in unescape(ranking)


def test_warnings_say_what_to_confirm_and_with_whom(client):
    rec = recommend(**RELAY)
    html = client.get(report_url(RELAY)).text

    warnings = unescape(section(html, "warnings-title"))
    assert rec.warnings
    assert "GenieOS support" in warnings
    for warning in rec.warnings:
        assert warning in warnings


def test_warnings_heading_fits_a_switch_and_a_stay(client):
    switch = recommend(**POSTMARK_EU)
    stay = recommend(**RELAY)
    assert switch.migration_plan and not stay.migration_plan

    switch_html = client.get(report_url(POSTMARK_EU)).text
    stay_html = client.get(report_url(RELAY)).text

    assert '<h2 id="warnings-title">Before you switch: check these</h2>' in switch_html
    assert '<h2 id="warnings-title">Check these before you rely on GenieOS Relay</h2>' in stay_html
    assert "Before you switch" not in stay_html


def test_connector_names_link_to_their_pages(client):
    rec = recommend(**POSTMARK_EU)
    html = client.get(report_url(POSTMARK_EU)).text

    table = html[html.index('<table class="score-table"') : html.index("</table>")]
    ranking = section(html, "ranking-title")
    for ranked in rec.ranking:
        link = f'href="{reverse("connectors:connector", args=[ranked.connector.id])}"'
        assert link in table
        if ranked.connector.id != rec.connector.id:
            assert link in ranking


def test_print_body_names_connectors_without_links():
    rec = recommend(**POSTMARK_EU)
    html = render_to_string(
        "connectors/_report_body.html",
        report_context(rec, for_print=True),
    )

    assert "connector-link" not in html
    assert reverse("connectors:connector", args=[rec.connector.id]) not in html


def test_score_table_has_fixed_column_widths(client):
    html = client.get(report_url(POSTMARK_EU)).text

    table = html[html.index('<table class="score-table"') : html.index("</table>")]
    cols = re.findall(r'<col class="([^"]+)">', table)
    assert cols == ["score-col-name"] + ["score-col-criterion"] * 5 + ["score-col-overall"]


def test_no_warnings_says_nothing_is_flagged():
    rec = recommend(**POSTMARK_EU)
    context = {**report_context(rec), "rec": replace(rec, warnings=())}
    html = render_to_string("connectors/_report_body.html", context)

    assert "Nothing to confirm" in text(section(html, "warnings-title"))


def test_checklist_and_migration_plan(client):
    rec = recommend(**POSTMARK_EU)
    html = unescape(client.get(report_url(POSTMARK_EU)).text)

    for item in rec.checklist:
        assert item.text in html
    for stage in rec.migration_plan:
        assert stage.title in html
        for step in stage.steps:
            assert step in html


def test_answers_link_back_to_the_wizard_to_change_each(client):
    rec = recommend(**POSTMARK_EU)
    html = client.get(report_url(POSTMARK_EU)).text

    answers = section(html, "answers-title")
    links = [
        unescape(h) for h in re.findall(r'class="summary-list-actions"><a href="([^"]+)"', answers)
    ]
    assert len(links) == len(rec.walk.asked)
    for question_id, link in zip(rec.walk.asked, links, strict=True):
        url = urlsplit(link)
        assert url.path == reverse("connectors:wizard")
        assert parse_qs(url.query)["edit"] == [question_id]


def test_change_link_opens_the_question_prefilled(client):
    html = client.get(report_url(POSTMARK_EU)).text
    link = unescape(re.findall(r'class="summary-list-actions"><a href="([^"]+)"', html)[1])

    step = client.get(link).text

    assert re.search(r'value="postmark"[^>]*checked', step)


def test_each_what_would_change_link_is_that_reports_own_link(client):
    rec = recommend(**POSTMARK_EU, workspace_name="Acme")
    html = client.get(report_url(POSTMARK_EU, workspace_name="Acme")).text

    links = [unescape(h) for h in re.findall(r'class="change-link" href="([^"]+)"', html)]
    assert rec.what_would_change and len(links) == len(rec.what_would_change)
    for change, link in zip(rec.what_would_change, links, strict=True):
        changed = recommend(
            **{**rec.answers, change.question: change.answer}, workspace_name="Acme"
        )
        # The answers then in effect, in question order, and the name: the report's URL.
        assert link == report_url(changed.answers, workspace_name="Acme")
        assert changed.connector == change.connector


def test_sources_are_linked_and_open_safely(client):
    html = client.get(report_url(POSTMARK_EU)).text

    sources = section(html, "sources-title")
    links = re.findall(
        r'<a class="source-link" href="([^"]+)" target="_blank" rel="noopener">', sources
    )
    assert FLOWCHART.source in links
    assert CATALOGUE["amazon_ses"].docs_url in links
    assert len(links) == len(set(links))


def test_pdf_and_share_links(client):
    html = client.get(report_url(RELAY, workspace_name="Acme")).text

    query = answers_query(RELAY, workspace_name="Acme").replace("&", "&amp;")
    # Download PDF sends the answers, the title and the paper from one form.
    form = html[html.index('<form class="pdf-form"') : html.index("</form>")]
    assert f'formaction="{reverse("connectors:report-pdf")}">Download PDF</button>' in form
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
    assert hidden == RELAY
    assert 'name="workspace_name" value="Acme"' in form
    assert 'name="paper" value="a4" checked' in form and 'name="paper" value="letter"' in form
    assert f'value="http://testserver{reverse("connectors:report")}?{query}"' in html
    # The copy button needs JavaScript, so it starts hidden.
    assert re.search(r"<button[^>]*data-copy-target=\"share-link\"[^>]*hidden", html)


def test_report_includes_the_flowchart_of_the_path(client):
    response = client.get(report_url(RELAY))

    names = [t.name for t in response.templates]
    assert "connectors/_flowchart_figure.html" in names


@pytest.mark.parametrize("scenario", INCOMPLETE, ids=[s["name"] for s in INCOMPLETE])
def test_incomplete_answers_go_to_the_wizard(client, scenario):
    response = client.get(report_url(scenario["answers"]))

    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == reverse("connectors:wizard")


def test_incomplete_answers_land_on_the_first_open_question(client):
    partial = {"owns_deliverability": "yes", "current_provider": "postmark"}

    response = client.get(report_url(partial), follow=True)

    assert (
        response.redirect_chain[0][0] == f"{reverse('connectors:wizard')}?{answers_query(partial)}"
    )
    assert 'name="lifecycle_reporting" value="yes"' in response.text


def test_bad_choice_goes_to_the_wizard_which_says_what_was_wrong(client):
    query = answers_query({**RELAY, "same_domain": "perhaps"})

    response = client.get(f"{reverse('connectors:report')}?{query}", follow=True)

    assert response.redirect_chain[0] == (f"{reverse('connectors:wizard')}?{query}", 302)
    assert "“perhaps”, which is not one of its answers" in unescape(response.text)


def test_unknown_keys_such_as_tracking_parameters_pass_quietly(client):
    response = client.get(report_url(RELAY) + "&utm_source=newsletter&colour=red")

    assert response.status_code == 200
    assert 'data-connector="relay"' in response.text
    # The share link carries the answers only.
    share = re.search(r'id="share-link" type="text" readonly value="([^"]+)"', response.text)
    assert "utm_source" not in share.group(1) and "colour" not in share.group(1)


# ---- The workspace name -----------------------------------------------------------


def test_workspace_name_titles_the_report(client):
    html = client.get(report_url(RELAY, workspace_name="Acme Mail")).text

    # The name is isolated (U+2068 ... U+2069 in the title, <bdi> in the page), so a
    # right-to-left name cannot reorder the words around it.
    assert "<title>\u2068Acme Mail\u2069: Use GenieOS Relay · Connector Wizard</title>" in html
    assert '<bdi class="report-workspace">Acme Mail</bdi>' in html
    assert re.search(r'<input [^>]*value="Acme Mail"', html)
    assert re.search(r'<input [^>]*name="workspace_name"[^>]*dir="auto"', html) or re.search(
        r'<input [^>]*dir="auto"[^>]*name="workspace_name"', html
    )


def test_report_title_without_a_workspace_name(client):
    html = client.get(report_url(RELAY)).text

    assert "<title>Use GenieOS Relay · Connector Wizard</title>" in html
    assert "report-workspace" not in html


def test_rtl_workspace_name_is_isolated(client):
    name = "שלום Acme 1"
    html = client.get(report_url(RELAY, workspace_name=name)).text

    assert f'<bdi class="report-workspace">{name}</bdi>' in html


def test_workspace_name_is_escaped_everywhere(client):
    name = '<img src=x onerror=alert(1)>"&'

    html = client.get(report_url(RELAY, workspace_name=name)).text

    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;&quot;&amp;" in html


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("x" * 81, "Keep the name to 80 characters or fewer (this one has 81)."),
        ("Acme\u202eevil", "Use plain text"),
        ("Acme\x07", "Use plain text"),
    ],
)
def test_bad_workspace_name_shows_a_form_error_and_keeps_the_typed_value(client, name, error):
    response = client.get(report_url(RELAY) + "&" + answers_query({}, workspace_name=name))

    assert response.status_code == 200
    html = response.text
    assert error in unescape(html)
    assert "is-invalid" in html
    # The report renders untitled; the input keeps what was typed.
    assert 'class="report-workspace"' not in html
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S)[0]
    assert '<a href="#id_workspace_name">' in summary and error in unescape(summary)
    typed = re.search(r'<input type="text" name="workspace_name" value="([^"]*)"', html)
    assert unescape(typed[1]) == name


def test_null_character_in_workspace_name_is_a_form_error(client):
    response = client.get(report_url(RELAY) + "&workspace_name=a%00b")

    assert response.status_code == 200
    assert "is-invalid" in response.text


def test_title_form_resends_the_answers(client):
    html = client.get(report_url(RELAY)).text

    form = html[
        html.index('<form class="pdf-form"') : html.index("</form>", html.index("pdf-form"))
    ]
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
    assert hidden == RELAY
    assert 'name="workspace_name"' in form
    assert 'maxlength="80"' in form


# ---- The context the PDF shares ---------------------------------------------------


def test_print_body_drops_interactive_parts_and_prints_link_targets():
    rec = recommend(**{**RELAY, "workspace_name": "Acme"})

    html = render_to_string(
        "connectors/_report_body.html",
        report_context(rec, for_print=True),
    )

    assert "<details" not in html
    assert "data-copy-target" not in html
    assert "<form" not in html
    assert "<script" not in html
    assert FLOWCHART.source in text(html)
    assert "Acme" in html


def test_report_context_refuses_an_incomplete_recommendation():
    with pytest.raises(ValueError, match="complete"):
        report_context(recommend(owns_deliverability="no"))


def test_report_has_no_inline_script_or_style(client):
    html = client.get(report_url(POSTMARK_EU)).text

    assert "style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)


def test_answers_off_the_path_are_left_out_with_a_note(client):
    html = client.get(report_url({**RELAY, "current_provider": "postmark"})).text

    assert "not on your path, so they were left out: “Which provider sends your email today?”" in (
        unescape(html)
    )
    assert "current_provider" not in re.search(r'id="share-link"[^>]*value="([^"]+)"', html)[1]


def test_chart_has_a_short_name_and_the_path_list_as_its_description(client):
    html = client.get(report_url(RELAY)).text

    svg = re.search(r"<svg[^>]*>", html)[0]
    assert 'aria-labelledby="flowchart-svg-title"' in svg
    assert 'aria-describedby="flowchart-figure-steps"' in svg
    assert '<ol class="flowchart-figure-steps-list" id="flowchart-figure-steps"' in html
    name = re.search(r'<title id="flowchart-svg-title">(.*?)</title>', html)[1]
    assert len(name) < 80


def test_a_report_does_not_depend_on_what_the_process_rendered_before(client, settings):
    answer_sets = [POSTMARK_EU, RELAY, *(s["answers"] for s in COMPLETE[:4])]
    settings.KEPT_FRAGMENTS_RESET = 1  # a settings change empties every kept fragment
    first = [client.get(report_url(a)).text for a in answer_sets]

    settings.KEPT_FRAGMENTS_RESET = 2
    again = [client.get(report_url(a)).text for a in reversed(answer_sets)]

    assert first == again[::-1]
    print_body = render_to_string(
        "connectors/_report_body.html", report_context(recommend(**RELAY), for_print=True)
    )
    assert print_body.count('<td class="score-cell status-') == 45
    assert "<details" not in print_body


def test_the_title_form_shows_what_was_typed_even_after_an_empty_one_was_kept(client):
    client.get(report_url(RELAY))  # keeps the empty form

    html = client.get(report_url(RELAY, workspace_name="Acme & Co")).text

    assert 'name="workspace_name" value="Acme &amp; Co"' in html
