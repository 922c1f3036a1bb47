"""Shared report links pick up tracking parameters on the way: they must still work."""

from django.urls import reverse

from tests.factories import keep

TRACKING = {"utm_source": "slack", "fbclid": "abc123"}


def test_the_report_ignores_tracking_parameters(client):
    response = client.get(reverse("connectors:report"), {**keep("postmark"), **TRACKING})

    assert response.status_code == 200
    assert "Use Postmark" in response.text


def test_the_pdf_ignores_tracking_parameters(client):
    response = client.get(reverse("connectors:report-pdf"), {**keep("postmark"), **TRACKING})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_the_api_stays_strict_about_unknown_keys(client):
    response = client.get(
        reverse("connectors:api-recommendation"), {**keep("postmark"), **TRACKING}
    )

    assert response.status_code == 400


def test_a_bad_pdf_request_says_how_to_get_back(client):
    response = client.get(reverse("connectors:report-pdf"), {**keep("postmark"), "paper": "a3"})

    assert response.status_code == 400
    assert "paper" in response.text and "/wizard/?" in response.text


def test_a_shared_flowchart_link_ignores_tracking_parameters(client):
    response = client.get(reverse("connectors:flowchart-svg"), {**keep("postmark"), **TRACKING})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")


def test_the_wizard_says_nothing_about_tracking_parameters(client):
    answers = {"owns_deliverability": "yes"}

    for name in ("connectors:wizard", "connectors:docs", "connectors:embed"):
        response = client.get(reverse(name), {**answers, **TRACKING})
        assert response.status_code == 200
        assert 'class="notice' not in response.text, name
        assert "utm_source" not in response.text and "fbclid" not in response.text
