"""A query string with more fields than Django will parse: a short 400 on every URL,
with DEBUG on or off, in one log line."""

import logging

import pytest
from django.test import Client
from django.urls import reverse

from tests.test_embed import OTHER_SITE, assert_frameable_by

URLS = [
    reverse("connectors:home"),
    reverse("connectors:wizard"),
    reverse("connectors:report"),
    reverse("connectors:report-pdf"),
    reverse("connectors:flowchart-svg"),
    reverse("connectors:flowchart-dot"),
    reverse("connectors:flowchart-mmd"),
    reverse("connectors:api-recommendation"),
    reverse("connectors:connector-list"),
    reverse("connectors:docs"),
    reverse("connectors:connector", args=["postmark"]),
    reverse("connectors:embed"),
    reverse("connectors:embed-snippet"),
    "/no-such-page/",
]
# 1,500 unknown keys: past DATA_UPLOAD_MAX_NUMBER_FIELDS (1,000), about 9 KB.
HOSTILE = "&".join(f"k{i}=v" for i in range(1500))


@pytest.fixture
def records(caplog):
    logger = logging.getLogger("connectors_app")
    logger.addHandler(caplog.handler)
    yield caplog
    logger.removeHandler(caplog.handler)


@pytest.mark.parametrize("debug", [False, True], ids=["production", "debug"])
@pytest.mark.parametrize("url", URLS)
def test_too_many_fields_is_a_short_400_everywhere(settings, records, url, debug):
    settings.DEBUG = debug
    client = Client(raise_request_exception=False)

    response = client.get(f"{url}?{HOSTILE}")

    assert response.status_code == 400
    assert len(response.content) < 20_000
    if url == reverse("connectors:api-recommendation"):
        assert response["Content-Type"] == "application/json"
        assert "more than 1000 fields" in response.json()["error"]
    else:
        assert "Bad request" in response.text
    if not url.startswith(reverse("connectors:embed")):  # its errors stay frameable
        assert response["X-Frame-Options"] == "DENY"
    refused = [r for r in records.records if "query string" in r.getMessage()]
    assert len(refused) == 1 and refused[0].exc_info is None


def test_the_embeds_400_stays_frameable(settings):
    settings.EMBED_ALLOWED_ORIGINS = [OTHER_SITE]

    response = Client().get(f"{reverse('connectors:embed')}?{HOSTILE}")

    assert response.status_code == 400
    assert_frameable_by(response, f"'self' {OTHER_SITE}")
    assert "site-header" not in response.text


def test_a_thousand_fields_are_still_read(client):
    response = client.get(f"{reverse('connectors:wizard')}?" + HOSTILE.rsplit("&", 500)[0])

    assert response.status_code == 200
    # 1,000 unknown keys: a few are named, the rest counted.
    assert response.text.count('class="notice notice-warning"') <= 21
    assert "and 980 more" in response.text


def test_many_unknown_keys_make_a_short_api_error(client):
    response = client.get(
        f"{reverse('connectors:api-recommendation')}?"
        + "&".join(f"unknown{i}=x" for i in range(990))
    )

    assert response.status_code == 400
    # Was 500 KB: each of 990 problems listed, each naming every valid id.
    assert len(response.content) < 16_000
    assert len(response.json()["errors"]) == 20
    assert "and 970 more" in response.json()["error"]
