import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse

from connectors_app.decision import FLOWCHART
from connectors_app.links import SUBMITTED
from connectors_app.querystring import answers_query
from connectors_app.request_answers import Surface, read_query
from connectors_app.wizard_flow import wizard_state
from tests.factories import all_but, keep
from tests.scenarios import SCENARIOS

HTMX = {"HTTP_HX_REQUEST": "true"}
COMPLETE = [s for s in SCENARIOS if s["expect"].get("complete", True)]
POSTMARK_EU = next(s["answers"] for s in SCENARIOS if s["name"] == "Postmark cannot host in the EU")


def state_of(query: str, base_url: str, **kwargs):
    reading = read_query(QueryDict(query), Surface.WIZARD, wizard_base=base_url)
    return wizard_state(reading, **kwargs)


def wizard_url(answers=None, **extra) -> str:
    query = answers_query(answers or {}, **extra)
    return f"{reverse('connectors:wizard')}?{query}" if query else reverse("connectors:wizard")


def step_question(html: str) -> str:
    names = set(re.findall(r'name="([a-z_]+)" value="[^"]*"\s+id="id_', html))
    assert len(names) == 1, names
    return names.pop()


def hidden_fields(html: str) -> dict[str, str]:
    return {
        k: unescape(v)
        for k, v in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html)
        if k != SUBMITTED  # the form's own key: the question it was sent from
    }


def notices(html: str) -> str:
    return " ".join(
        unescape(n) for n in re.findall(r'class="notice [^"]*"[^>]*>(.*?)</div>', html, re.S)
    )


def test_first_step_asks_whether_you_own_deliverability(client):
    response = client.get(reverse("connectors:wizard"))

    assert response.status_code == 200
    html = response.text
    assert "<html" in html
    assert step_question(html) == "owns_deliverability"
    assert "<fieldset" in html and "<legend" in html
    assert FLOWCHART.questions["owns_deliverability"].text in html
    assert 'method="get"' in html
    assert 'action="/wizard/"' in html
    assert "Nothing yet" in html


def test_step_labels_every_choice(client):
    html = client.get(wizard_url({"owns_deliverability": "yes"})).text

    for i, choice in enumerate(FLOWCHART.questions["current_provider"].choices):
        assert f'id="id_current_provider_{i}"' in html
        assert f'<label for="id_current_provider_{i}"' in html
        assert choice.label in html


def test_step_shows_the_hint_tied_to_the_question(client):
    html = client.get(reverse("connectors:wizard")).text

    assert 'aria-describedby="id_owns_deliverability-hint"' in html
    assert 'id="id_owns_deliverability-hint"' in html
    assert unescape(html).count(FLOWCHART.questions["owns_deliverability"].hint) == 1


@pytest.mark.parametrize("scenario", COMPLETE, ids=[s["name"] for s in COMPLETE])
def test_every_step_renders_as_page_and_partial(client, scenario):
    answers: dict[str, str] = {}
    for _ in range(len(FLOWCHART.questions) + 1):
        url = wizard_url(answers)
        page = client.get(url)
        partial = client.get(url, **HTMX)
        if page.status_code == 302:
            break
        assert page.status_code == 200
        assert partial.status_code == 200
        question = step_question(page.text)
        assert step_question(partial.text) == question
        # The page has the document around the step; the partial is only the step.
        assert "<html" in page.text and 'id="wizard-step"' in page.text
        assert "<html" not in partial.text and partial.text.lstrip().startswith(
            '<div id="wizard-step"'
        )
        assert "HX-Request" in partial["Vary"]
        assert question in scenario["answers"], f"{question} is not in the scenario"
        answers[question] = scenario["answers"][question]
    else:
        pytest.fail("the wizard never finished")
    report = f"{reverse('connectors:report')}?{answers_query(answers)}"
    assert page["Location"] == report
    assert partial["HX-Redirect"] == report


def test_complete_answers_redirect_to_the_report(client):
    answers = SCENARIOS[0]["answers"]

    response = client.get(wizard_url(answers, workspace_name="Acme"))

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == reverse("connectors:report")
    assert parse_qs(location.query)["workspace_name"] == ["Acme"]


def test_htmx_response_pushes_the_clean_url(client):
    response = client.get(f"{reverse('connectors:wizard')}?owns_deliverability=yes&bogus=1", **HTMX)

    assert response["HX-Push-Url"] == wizard_url({"owns_deliverability": "yes"})


def test_progress_counts_the_paths_still_possible(client):
    start = client.get(reverse("connectors:wizard")).text
    relay = client.get(wizard_url({"owns_deliverability": "no"})).text
    own = client.get(wizard_url({"owns_deliverability": "yes"})).text

    # Relay's path asks 8 questions, the longest path 11; once a branch is chosen the
    # total narrows to the paths left.
    assert "Question 1 of 8\N{EN DASH}11" in start
    assert "Question 2 of 8" in relay and "the total depends" not in relay
    assert "Question 2 of 10\N{EN DASH}11" in own


def test_progress_bar_never_runs_ahead(client):
    html = client.get(wizard_url({"owns_deliverability": "no"})).text

    # One of at most 8 questions answered: 12.5% rounds down, never up.
    assert re.search(r'<progress[^>]*value="12"', html)


KEPT_LATER = all_but(keep("sendgrid"), "smtp_only")


def progress_value(html: str) -> int:
    return int(re.search(r'<progress[^>]*value="(\d+)"', html).group(1))


def progress_text(html: str) -> str:
    inner = re.search(r'id="wizard-progress-text">(.*?)</p>', html, re.S).group(1)
    return " ".join(unescape(re.sub(r"<[^>]+>", "", inner)).split())


def test_kept_later_answers_count_as_done(client):
    html = client.get(wizard_url(KEPT_LATER)).text

    # Three answers on the path, seven kept for later: only SMTP-only is left to answer.
    assert step_question(html) == "smtp_only"
    assert progress_text(html) == "Question 4 of 11 · 1 left to answer"
    # 10 of 11 done on the longest path; rounded down, never ahead.
    assert progress_value(html) == 90


def test_progress_says_nothing_extra_when_the_step_number_says_it(client):
    html = client.get(wizard_url({"owns_deliverability": "no"})).text

    assert progress_text(html).startswith("Question 2 of 8")
    assert "left to answer" not in html


def test_kept_later_answers_are_listed_with_a_link_that_clears_them(client):
    html = client.get(wizard_url(KEPT_LATER)).text

    aside = html[html.index('id="wizard-answers-title"') :]
    kept = aside[aside.index('id="wizard-kept-title"') :]
    assert kept.count('class="answer-row is-kept"') == 7
    assert kept.count("applies later") == 7
    assert "Where must your email data reside?" in kept
    # Clearing one kept answer keeps all the others.
    without = {k: v for k, v in KEPT_LATER.items() if k != "data_residency"}
    clear = wizard_url(without).replace("&", "&amp;")
    assert f'href="{clear}"' in kept
    assert 'Clear<span class="visually-hidden"> your kept answer to: Where must' in kept
    # The on-path answers above still link to an edit each.
    assert aside[: aside.index('id="wizard-kept-title"')].count('class="answer-row') == 3


def test_clearing_a_kept_answer_asks_it_when_its_turn_comes(client):
    without = {k: v for k, v in KEPT_LATER.items() if k != "data_residency"}
    html = client.get(wizard_url({**without, "smtp_only": "no"})).text

    assert step_question(html) == "data_residency"
    assert "is-kept" not in html


def test_edit_page_bar_and_text_agree(client):
    complete = next(s for s in COMPLETE if s["name"] == "keep Postmark")["answers"]
    html = client.get(wizard_url(complete, edit="owns_deliverability")).text

    assert progress_value(html) == 100
    assert progress_text(html).startswith("Question 1 of ")
    assert progress_text(html).endswith("· all answered")


def test_edit_page_of_a_partial_set_counts_what_is_left(client):
    answers = {"owns_deliverability": "yes", "current_provider": "postmark"}
    html = client.get(wizard_url(answers, edit="owns_deliverability")).text

    # Two of 10-11 answered: the bar shows two done, the text what is left.
    assert (
        progress_text(html) == "Question 1 of 10\N{EN DASH}11 · 8\N{EN DASH}9 left to answer"
        " · the total depends on your answers"
    )
    assert progress_value(html) == 18


def test_title_is_the_same_for_page_and_swap(client):
    answers = {"owns_deliverability": "yes"}
    page = client.get(wizard_url(answers)).text
    partial = client.get(wizard_url(answers), **HTMX).text

    title = re.search(r"<title>(.*?)</title>", page).group(1)
    assert title == (
        "Question 2 of 10\N{EN DASH}11: Which provider sends your email today? · Connector Wizard"
    )
    assert f'data-title="{title}"' in partial


def test_answers_so_far_each_link_to_an_edit(client):
    answers = {"owns_deliverability": "yes", "current_provider": "postmark"}
    html = client.get(wizard_url(answers)).text

    assert "Your answers so far" in html
    for question_id in answers:
        edit = wizard_url(answers, edit=question_id).replace("&", "&amp;")
        assert f'href="{edit}"' in html
    assert "Postmark" in html


def test_back_goes_to_the_previous_question_keeping_every_answer(client):
    answers = {"owns_deliverability": "yes", "current_provider": "postmark"}
    html = client.get(wizard_url(answers)).text

    back = wizard_url(answers, edit="current_provider").replace("&", "&amp;")
    assert re.search(rf'<a class="back-link" href="{re.escape(back)}"', html)


def test_first_step_has_no_back(client):
    html = client.get(reverse("connectors:wizard")).text

    assert "Back</a>" not in html


def test_hidden_fields_carry_the_other_answers(client):
    answers = {"owns_deliverability": "yes", "cloud_procurement": "no"}
    html = client.get(wizard_url(answers, workspace_name='Acme "prod"')).text

    assert hidden_fields(html) == {**answers, "workspace_name": 'Acme "prod"'}


def test_edit_shows_the_answer_prefilled(client):
    answers = POSTMARK_EU
    html = client.get(wizard_url(answers, edit="current_provider")).text

    assert step_question(html) == "current_provider"
    assert re.search(r'value="postmark"[^>]*checked', html)
    assert "current_provider" not in hidden_fields(html)
    assert "edit" not in hidden_fields(html)
    assert "Save and continue" in html


def test_editing_keeps_answers_that_still_apply_and_lands_on_the_first_open_question(client):
    # The form resends every other answer plus the new one: owning deliverability now
    # opens current_provider, while the criteria answers still apply further on.
    relay = next(s["answers"] for s in SCENARIOS if s["expect"].get("connector") == "relay")
    html = client.get(wizard_url(relay, edit="owns_deliverability")).text
    submitted = {**hidden_fields(html), "owns_deliverability": "yes"}

    response = client.get(wizard_url(submitted))

    assert response.status_code == 200
    assert step_question(response.text) == "current_provider"
    kept = hidden_fields(response.text)
    assert kept["same_domain"] == relay["same_domain"]
    assert kept["data_residency"] == relay["data_residency"]
    assert "Answers for later steps are kept" in notices(response.text)


def test_editing_drops_answers_no_longer_on_the_path(client):
    html = client.get(wizard_url(POSTMARK_EU, edit="owns_deliverability")).text
    submitted = {**hidden_fields(html), "owns_deliverability": "no"}

    response = client.get(wizard_url(submitted))

    # Every question on Relay's path is answered: straight to the report, without the
    # answers that belonged to the other branch.
    assert response.status_code == 302
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["owns_deliverability"] == ["no"]
    assert "current_provider" not in query and "smtp_only" not in query


def test_state_drops_off_path_answers_with_a_notice():
    state = state_of("owns_deliverability=no&current_provider=postmark", "/embed/")

    assert state.question.id == "cloud_procurement"
    assert "current_provider" not in dict(state.hidden_fields)
    assert any("do not apply on your path" in n.text for n in state.notices)


def test_state_builds_every_url_from_the_base_url():
    query = "owns_deliverability=yes&current_provider=mailgun"

    state = state_of(query, "/embed/", hx_target="#embed-wizard")

    assert state.back_url.startswith("/embed/?")
    assert all(row.edit_url.startswith("/embed/?") for row in state.answers_so_far)
    assert state.url == "/embed/?owns_deliverability=yes&current_provider=mailgun"
    assert state.hx_target == "#embed-wizard"


# ---- Tampered or stale URLs: never a 500, always a message --------------------------

BAD_QUERIES = [
    "bogus=1",
    "owns_deliverability=maybe",
    "owns_deliverability=yes&owns_deliverability=no",
    "owns_deliverability=yes&current_provider=",
    "edit=nothing",
    "edit=data_residency",
    "owns_deliverability=yes&edit=owns_deliverability&edit=current_provider",
    "workspace_name=" + "x" * 81,
    "workspace_name=a%00b",
    "workspace_name=%E2%80%AEevil",
    "owns_deliverability=%FF%FE",
    "%00=%00",
    "same_domain=yes&event_depth=engagement",
]


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_tampered_urls_never_fail(client, query):
    page = client.get(f"{reverse('connectors:wizard')}?{query}")
    partial = client.get(f"{reverse('connectors:wizard')}?{query}", **HTMX)

    assert page.status_code == 200
    assert partial.status_code == 200
    assert 'class="notice' in page.text


def test_unknown_key_is_named_and_ignored(client):
    html = client.get(f"{reverse('connectors:wizard')}?owns_deliverability=no&colour=red").text

    assert "“colour”, which is not one of the wizard's questions" in notices(html)
    assert step_question(html) == "cloud_procurement"


def test_bad_choice_for_the_open_question_shows_on_the_field(client):
    html = client.get(f"{reverse('connectors:wizard')}?owns_deliverability=maybe").text

    assert step_question(html) == "owns_deliverability"
    assert "“maybe”, which is not one of its answers" in notices(html)
    assert "That is not one of the answers" in html
    assert "has-error" in html
    assert 'id="id_owns_deliverability-error"' in html


def test_bad_choice_for_a_later_question_is_dropped_and_asked_later(client):
    html = client.get(
        f"{reverse('connectors:wizard')}?owns_deliverability=no&same_domain=maybe"
    ).text

    assert step_question(html) == "cloud_procurement"
    assert "same_domain" not in hidden_fields(html)
    assert "choose again when the question comes up" in notices(html)


def test_answer_for_a_step_not_reached_is_kept_with_a_note(client):
    html = client.get(f"{reverse('connectors:wizard')}?data_residency=eu").text

    assert step_question(html) == "owns_deliverability"
    assert hidden_fields(html) == {"data_residency": "eu"}
    assert "Answers for later steps are kept and apply when you get there." in notices(html)


def test_editing_an_unanswered_question_says_so(client):
    html = client.get(
        f"{reverse('connectors:wizard')}?owns_deliverability=no&edit=same_domain"
    ).text

    assert step_question(html) == "cloud_procurement"
    assert "is not an answered question on your path" in notices(html)


def test_complete_answers_with_a_bad_key_show_what_was_wrong_instead_of_looping(client):
    query = answers_query(SCENARIOS[0]["answers"]) + "&bogus=1"

    response = client.get(f"{reverse('connectors:wizard')}?{query}")

    assert response.status_code == 200
    assert "“bogus”" in notices(response.text)
    report = f"{reverse('connectors:report')}?{answers_query(SCENARIOS[0]['answers'])}"
    assert f'href="{report.replace("&", "&amp;")}"' in response.text


def test_bad_workspace_name_is_dropped_with_a_message(client):
    html = client.get(f"{reverse('connectors:wizard')}?workspace_name={'x' * 81}").text

    assert "The workspace name was not kept" in notices(html)
    assert "workspace_name" not in hidden_fields(html)


def test_workspace_name_is_escaped(client):
    html = client.get(wizard_url({}, workspace_name="<script>alert(1)</script>")).text

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# ---- Accessibility hooks the browser tests rely on --------------------------------


def test_step_is_announced_once_by_its_heading(client):
    html = client.get(reverse("connectors:wizard")).text

    # Focus on the question (wizard.js) announces a step; no live region says it again.
    assert "aria-live" not in html
    assert re.search(
        r'<legend class="wizard-legend">\s*<h1 class="wizard-question" id="wizard-question-title"'
        r' tabindex="-1" data-wizard-focus>Do you already own ESP deliverability\?</h1>',
        html,
    )
    title = "Question 1 of 8\N{EN DASH}11: Do you already own ESP deliverability?"
    assert f"<title>{title}" in html


def test_step_has_no_inline_script_or_style(client):
    html = client.get(reverse("connectors:wizard")).text

    assert "style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)


def test_editing_a_complete_set_offers_a_way_back_to_the_report(client):
    html = client.get(wizard_url(POSTMARK_EU, edit="same_domain")).text

    report = f"{reverse('connectors:report')}?{answers_query(POSTMARK_EU)}"
    assert f'href="{report.replace("&", "&amp;")}">Cancel, back to the report' in html


def test_only_the_wizard_page_shows_the_flowchart_of_the_path(client):
    on_its_own = client.get(wizard_url({"owns_deliverability": "yes"})).text
    in_place = state_of("owns_deliverability=yes", "/embed/")

    assert "flowchart-figure" in on_its_own
    assert in_place.figure is None
    assert "flowchart-figure" not in render_to_string(
        "connectors/_wizard_step.html", {"state": in_place}
    )


def test_sending_a_step_without_an_answer_shows_an_error_summary_linked_to_the_field(client):
    answers = {"owns_deliverability": "yes"}
    html = client.get(wizard_url(answers, **{SUBMITTED: "current_provider"})).text

    assert step_question(html) == "current_provider"
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    assert summary and 'role="alert"' in summary[0] and "autofocus" in summary[0]
    assert '<a href="#id_current_provider_0">Choose one answer to go on.</a>' in summary[0]
    # The same message by the field, tied to the fieldset, and the title says so.
    assert 'id="id_current_provider-error"' in html
    assert 'aria-describedby="id_current_provider-hint id_current_provider-error"' in html
    assert "<title>Error: " in html
    # The answers given are kept, and the form's own key is no notice.
    assert hidden_fields(html) == answers
    assert "notice-warning" not in html


def test_error_summary_comes_with_htmx_too_and_stays_the_same_history_entry(client):
    url = wizard_url({"owns_deliverability": "yes"}, **{SUBMITTED: "current_provider"})
    response = client.get(url, headers={"HX-Request": "true"})

    assert "<html" not in response.text
    assert 'class="error-summary"' in response.text
    assert response["HX-Push-Url"] == "false"


def test_a_step_reached_by_link_or_answered_shows_no_error(client):
    answers = {"owns_deliverability": "yes"}
    assert "error-summary" not in client.get(wizard_url(answers)).text
    # Answered: the form's key names the question just answered, the next one is asked.
    answered = {**answers, "current_provider": "postmark"}
    html = client.get(wizard_url(answered, **{SUBMITTED: "current_provider"})).text
    assert "error-summary" not in html
    assert step_question(html) != "current_provider"


def test_radios_carry_no_required_attribute_and_the_form_no_browser_validation(client):
    html = client.get(reverse("connectors:wizard")).text

    assert " required" not in html
    assert re.search(r'<form class="wizard-form"[^>]*novalidate', html)


def test_the_kept_choices_check_the_answer_of_each_request(client):
    checked = r'value="([a-z_0-9]+)"\s+id="id_owns_deliverability_\d"\s+checked'
    editing = {"owns_deliverability": "yes", "edit": "owns_deliverability"}

    assert re.findall(checked, client.get(wizard_url()).text) == []
    assert re.findall(checked, client.get(wizard_url(**editing)).text) == ["yes"]
    bad = client.get(f"{reverse('connectors:wizard')}?owns_deliverability=maybe").text
    assert re.findall(checked, bad) == []
    assert re.findall(checked, client.get(wizard_url()).text) == []


def test_the_kept_question_field_keeps_its_heading_level_and_error_apart(client):
    first = client.get(wizard_url()).text
    embedded = client.get(reverse("connectors:embed")).text
    missing = client.get(wizard_url(**{SUBMITTED: "owns_deliverability"})).text

    assert '<h1 class="wizard-question"' in first and "has-error" not in first
    assert '<h2 class="wizard-question"' in embedded
    assert "has-error" in missing and 'id="id_owns_deliverability-error"' in missing
    assert "has-error" not in client.get(wizard_url()).text
