"""The PDF view when the renderer is busy or fails: a page in the site's layout that
says what happened, retries, and keeps the answers (the renderer is not mocked: its
busy and failed signals are raised where the view calls it)."""

import pytest
from django.urls import reverse

from connectors_app import pdf as pdf_module
from connectors_app.views import pdf as pdf_view
from tests.scenarios import SCENARIOS

ANSWERS = next(s["answers"] for s in SCENARIOS if s["expect"].get("connector") == "relay")


def _raise(exc: type[Exception]):
    def render(**kwargs):
        raise exc()

    return render


@pytest.fixture
def busy(monkeypatch):
    monkeypatch.setattr(pdf_view, "report_pdf_bytes", _raise(pdf_module.RenderBusy))


def test_busy_renderer_answers_a_page_that_retries_and_keeps_the_answers(client, busy):
    response = client.get(reverse("connectors:report-pdf"), {**ANSWERS, "paper": "letter"})

    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert 'class="site-header"' in html
    assert "Your PDF is next in line" in html
    # Retries by itself after Retry-After, and with one tap, on the same paper.
    assert f'http-equiv="refresh" content="{response["Retry-After"]};url=' in html
    pdf_url = response.context["pdf_url"]
    assert "paper=letter" in pdf_url
    assert all(f"{k}={v}" in pdf_url for k, v in ANSWERS.items())
    assert f'href="{pdf_url.replace("&", "&amp;")}">Try again now' in html
    # The way back keeps the answers.
    report_url = response.context["report_url"]
    assert report_url.startswith(reverse("connectors:report"))
    assert all(f"{k}={v}" in report_url for k, v in ANSWERS.items())


def test_failed_render_answers_a_page_without_an_automatic_retry(client, monkeypatch):
    monkeypatch.setattr(pdf_view, "report_pdf_bytes", _raise(pdf_module.RenderFailed))

    response = client.get(reverse("connectors:report-pdf"), ANSWERS)

    assert response.status_code == 503
    html = response.content.decode()
    assert "could not be made" in html
    assert "http-equiv" not in html
    assert 'class="site-header"' in html
    assert "paper" not in response.context["pdf_url"]
