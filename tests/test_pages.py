import json
import re

from django.urls import reverse, set_script_prefix

from connectors_app.decision import CATALOGUE


def test_home_answers_with_hero(client):
    response = client.get(reverse("connectors:home"))

    assert response.status_code == 200
    assert "Which email connector should your GenieOS workspace use?" in response.text


def test_home_starts_the_wizard(client):
    html = client.get(reverse("connectors:home")).text

    start = re.search(r'<a class="btn btn-primary btn-lg" href="([^"]+)">Start the wizard', html)
    assert start[1] == reverse("connectors:wizard")


def test_home_says_how_many_questions_to_expect(client):
    html = client.get(reverse("connectors:home")).text

    # Relay's path is the shortest (8 questions), an SMTP-only path the longest (11).
    assert "8 to 11 questions" in html


def test_home_lists_the_nine_connectors_by_family(client):
    html = client.get(reverse("connectors:home")).text

    for connector in CATALOGUE:
        assert f">{connector.name}</a></li>" in html
    for family in CATALOGUE.families.values():
        assert family in html


def test_home_forbids_framing(client):
    response = client.get(reverse("connectors:home"))

    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_pages_load_only_their_own_scripts_and_styles(client):
    html = client.get(reverse("connectors:home")).text

    assert "style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    for src in re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', html):
        assert src.startswith("/static/")


def test_every_page_head_stops_the_favicon_request_and_the_history_cache(client):
    for name in ("home", "wizard", "embed"):
        html = client.get(reverse(f"connectors:{name}")).text

        # No /favicon.ico request (a 404 in every log), in or out of an iframe.
        assert '<link rel="icon" href="data:,">' in html, name
        # htmx keeps no history snapshot (restoring one breaks the strict CSP):
        # Back reloads the URL from the server.
        config = json.loads(re.search(r"name=\"htmx-config\" content='([^']+)'", html).group(1))
        assert config["historyCacheSize"] == 0, name
        assert config["refreshOnHistoryMiss"] is True, name


def test_home_links_each_connector_to_its_page(client):
    response = client.get(reverse("connectors:home"))

    for connector_id in ("relay", "postmark", "iterable", "smtp"):
        assert reverse("connectors:connector", args=[connector_id]) in response.text


def test_the_site_header_follows_the_script_prefix_it_is_served_under(client):
    plain = client.get(reverse("connectors:home")).text
    set_script_prefix("/wizard-app/")  # as the WSGI handler does for a SCRIPT_NAME
    try:
        prefixed = client.get(reverse("connectors:home")).text
    finally:
        set_script_prefix("/")

    assert '<a href="/wizard/">Wizard</a>' in plain
    assert '<a href="/wizard-app/wizard/">Wizard</a>' in prefixed
    assert '<a href="/wizard/">Wizard</a>' in client.get(reverse("connectors:home")).text
