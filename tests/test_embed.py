import html
import re

import pytest
from django.templatetags.static import static
from django.urls import reverse

from connectors_app.decision import CATALOGUE
from tests.scenarios import SCENARIOS

EMBED = reverse("connectors:embed")
OTHER_SITE = "https://docs.example.com"


def frame_ancestors(response) -> str:
    directives = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    return directives["frame-ancestors"]


def assert_frameable_by(response, sources: str) -> None:
    assert "X-Frame-Options" not in response
    assert frame_ancestors(response) == sources


def test_embed_is_frameable_by_its_own_origin_by_default(client, settings):
    settings.EMBED_ALLOWED_ORIGINS = []

    response = client.get(EMBED)

    assert response.status_code == 200
    assert_frameable_by(response, "'self'")


def test_embed_replaces_none_with_the_allowed_origins(client, settings):
    settings.EMBED_ALLOWED_ORIGINS = [OTHER_SITE, "http://127.0.0.1:9000/"]

    response = client.get(EMBED)

    # Replaced, never appended to the global 'none'.
    assert_frameable_by(response, f"'self' {OTHER_SITE} http://127.0.0.1:9000")
    # embed-frame.js reads the origins it may post its height to from the page.
    assert f'data-embed-origins="{OTHER_SITE} http://127.0.0.1:9000"' in response.content.decode()


def test_embed_reads_the_setting_per_request(client, settings):
    settings.EMBED_ALLOWED_ORIGINS = [OTHER_SITE]
    assert OTHER_SITE in frame_ancestors(client.get(EMBED))

    settings.EMBED_ALLOWED_ORIGINS = []
    assert frame_ancestors(client.get(EMBED)) == "'self'"


@pytest.mark.parametrize(
    "bad",
    [
        "'none'",
        "*",
        "https://*.example.com",
        "https://example.com/path",
        "javascript:alert(1)",
        "https://example.com; script-src *",
    ],
)
def test_embed_ignores_entries_that_are_not_origins(client, settings, bad):
    settings.EMBED_ALLOWED_ORIGINS = [bad, OTHER_SITE]

    response = client.get(EMBED)

    assert_frameable_by(response, f"'self' {OTHER_SITE}")


def test_embed_htmx_step_is_frameable_too(client, settings):
    settings.EMBED_ALLOWED_ORIGINS = [OTHER_SITE]

    response = client.get(EMBED, {"owns_deliverability": "no"}, headers={"HX-Request": "true"})

    text = response.content.decode()
    assert text.lstrip().startswith('<div id="wizard-step"')
    assert "<html" not in text
    # The embed replaces its own URL and never pushes: the host's Back leaves the page.
    assert response["HX-Replace-Url"] == f"{EMBED}?owns_deliverability=no"
    assert "HX-Push-Url" not in response
    assert "hx-push-url" not in text and 'hx-replace-url="true"' in text
    assert_frameable_by(response, f"'self' {OTHER_SITE}")


def test_embed_error_responses_are_frameable(client, settings):
    # A failure inside the frame must never be a blank frame refused by the policy.
    settings.EMBED_ALLOWED_ORIGINS = [OTHER_SITE]

    response = client.post(EMBED)

    assert response.status_code == 405
    assert_frameable_by(response, f"'self' {OTHER_SITE}")


def test_embed_bad_answer_shows_a_message_in_the_frame(client, settings):
    settings.EMBED_ALLOWED_ORIGINS = [OTHER_SITE]

    response = client.get(EMBED, {"owns_deliverability": "maybe", "colour": "blue"})

    assert_frameable_by(response, f"'self' {OTHER_SITE}")
    text = html.unescape(response.content.decode())
    assert "“maybe”, which is not one of its answers" in text
    assert "“colour”, which is not one of the wizard's questions" in text
    assert 'name="owns_deliverability"' in text


def test_embed_has_no_site_chrome_and_runs_the_wizard_in_place(client):
    text = client.get(EMBED).content.decode()

    assert "site-header" not in text and "site-footer" not in text
    assert f'action="{EMBED}"' in text and f'hx-get="{EMBED}"' in text
    assert f'src="{static("js/embed-frame.js")}"' in text


def walk(client, url: str, answers: dict[str, str]):
    """Answer the questions one at a time in the order the wizard asks them, as a
    person would, checking that no step sets a cookie; return the last response."""
    given: dict[str, str] = {}
    for _ in range(len(answers) + 1):
        response = client.get(url, given)
        assert response.status_code == 200
        assert not response.cookies, response.cookies
        question = response.context["state"].question
        if question is None:
            return response
        assert f'name="{question.id}"' in response.content.decode()
        given[question.id] = answers[question.id]
    raise AssertionError("the wizard never finished")


@pytest.mark.parametrize(
    "scenario", [s for s in SCENARIOS if "connector" in s["expect"]], ids=lambda s: s["name"]
)
def test_embed_walks_each_scenario_to_its_report_without_cookies(client, scenario):
    response = walk(client, EMBED, scenario["answers"])

    assert not client.cookies
    text = html.unescape(response.content.decode())
    report = text[text.index('class="report-inline"') :]
    connector = CATALOGUE[scenario["expect"]["connector"]]
    title = re.search(r'id="report-inline-title".*?</h2>', report, re.S).group(0)
    assert connector.name in title
    assert response.context["state"].report_url in report


def test_embed_report_links_leave_the_frame(client):
    answers = next(s["answers"] for s in SCENARIOS if s["expect"].get("connector") == "postmark")

    text = walk(client, EMBED, answers).content.decode()

    report = text[text.index('class="report-inline"') :]
    links = re.findall(r"<a ([^>]*)>", report)
    leaving = [a for a in links if f'href="{EMBED}' not in a]
    hrefs = [re.search(r'href="([^"]*)"', a).group(1) for a in leaving]
    assert any(h.startswith(reverse("connectors:report") + "?") for h in hrefs)
    assert any(h.startswith(reverse("connectors:report-pdf") + "?") for h in hrefs)
    for attributes in leaving:
        assert 'target="_blank" rel="noopener"' in attributes, attributes


def test_embed_snippet_shows_the_iframe_and_script_to_copy(client, settings):
    settings.EMBED_ALLOWED_ORIGINS = [OTHER_SITE]

    response = client.get(reverse("connectors:embed-snippet"))

    text = html.unescape(response.content.decode())
    assert f'<iframe src="http://testserver{EMBED}"' in text
    assert f'<script src="http://testserver{static("js/embed-host.js")}" async></script>' in text
    assert OTHER_SITE in text


@pytest.mark.parametrize(
    "url",
    [
        reverse("connectors:home"),
        reverse("connectors:docs"),
        reverse("connectors:connector", args=["postmark"]),
        reverse("connectors:connector", args=["nobody"]),
        reverse("connectors:embed-snippet"),
    ],
)
def test_every_other_page_refuses_framing(client, settings, url):
    settings.EMBED_ALLOWED_ORIGINS = [OTHER_SITE]

    response = client.get(url)

    assert response["X-Frame-Options"] == "DENY"
    assert frame_ancestors(response) == "'none'"


def test_host_script_is_served_with_its_licence(client):
    response = client.get(static("js/embed-host.js"))

    assert response.status_code == 200
    assert "MIT License" in b"".join(response.streaming_content).decode()


def test_embed_complete_answers_with_a_bad_extra_still_report_in_the_frame(client):
    answers = next(s["answers"] for s in SCENARIOS if s["expect"].get("connector") == "relay")

    response = client.get(EMBED, {**answers, "colour": "blue"})

    text = html.unescape(response.content.decode())
    assert "“colour”, which is not one of the wizard's questions" in text
    title = re.search(r'id="report-inline-title".*?</h2>', text, re.S).group(0)
    assert CATALOGUE["relay"].name in title


def test_snippet_page_has_a_copy_button_and_says_how_to_allow_an_origin(client):
    page = client.get(reverse("connectors:embed-snippet")).text

    assert 'id="snippet-code"' in page
    assert re.search(r'<button[^>]*data-copy-target="snippet-code"[^>]*hidden', page)
    assert "EMBED_ALLOWED_ORIGINS" in page
    assert "<code>https://docs.example.com</code>" in html.unescape(page)
    assert "<code>http://testserver</code>" in page  # for the host page's CSP
