import pytest
from django.test import Client


def test_a_missing_page_is_a_friendly_404_that_refuses_framing(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.text and "Start the wizard" in response.text
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_a_missing_page_under_embed_stays_frameable(client, settings):
    settings.EMBED_ALLOWED_ORIGINS = ["https://docs.example.com"]

    response = client.get("/embed/no-such-page/")

    assert response.status_code == 404
    assert "X-Frame-Options" not in response
    directives = dict(
        d.strip().split(" ", 1) for d in response["Content-Security-Policy"].split(";")
    )
    assert directives["frame-ancestors"] == "'self' https://docs.example.com"
    assert "site-header" not in response.text  # no site chrome inside the frame


@pytest.fixture
def failing_urls(settings):
    settings.ROOT_URLCONF = "tests.failing_urls"


def test_a_server_error_under_embed_is_a_frameable_message(failing_urls):
    client = Client(raise_request_exception=False)

    response = client.get("/embed/boom/")

    assert response.status_code == 500
    assert "Something went wrong" in response.text
    assert "X-Frame-Options" not in response
