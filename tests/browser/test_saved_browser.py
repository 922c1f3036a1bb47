"""Save a report in the browser, open its permanent link in a fresh browser context
(no cookies, no history), change the decision data, and see the advice as it was with
today's differences beside it."""

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, expect

from connectors_app import saved_reports
from connectors_app.decision import recommend
from connectors_app.querystring import answers_query
from tests.factories import keep

# The live server's thread writes the saved report; the test thread reads nothing.
pytestmark = pytest.mark.django_db(transaction=True)

POSTMARK = keep("postmark")


def test_save_then_open_in_a_fresh_browser_after_the_data_changed(
    live_server, browser: Browser, monkeypatch, screenshot
):
    first = browser.new_context()
    page = first.new_page()
    page.goto(f"{live_server.url}{reverse('connectors:report')}?{answers_query(POSTMARK, 'Acme')}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Use Postmark")
    page.get_by_role("link", name="Save this report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Save this report")
    page.get_by_role("button", name="Save report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report saved")
    permanent = page.locator("a.saved-link").get_attribute("href")
    assert permanent and "/r/" in permanent
    assert page.locator("a.saved-delete-link").count() == 1
    first.close()

    # The decision data changes after saving: a new model version, and for these answers
    # the engine now finds that Postmark cannot serve the region (as if the catalogue's
    # residency fact changed), so today's advice moves.
    real = recommend
    monkeypatch.setattr(saved_reports, "MODEL_VERSION", "newer-data")
    monkeypatch.setattr(
        saved_reports,
        "recommend",
        lambda **answers: real(**{**answers, "data_residency": "eu"}),
    )

    fresh = browser.new_context()
    page = fresh.new_page()
    page.goto(permanent)
    assert fresh.cookies() == []
    then = page.locator("section.saved-then")
    now = page.locator("section.saved-now")
    expect(then.get_by_role("heading", level=2)).to_have_text("Use Postmark")
    expect(now.get_by_role("heading", level=2)).not_to_have_text("Use Postmark")
    expect(page.locator(".saved-diff .diff-connector")).to_contain_text("Connector changed")
    expect(page.locator(".saved-diff .diff-score").first).to_be_visible()
    expect(page.get_by_text("Acme").first).to_be_visible()
    screenshot(page, "saved-report-then-and-now.png", full_page=True)
    pdf_href = page.get_by_role("link", name="Download PDF").get_attribute("href")
    pdf = page.request.get(live_server.url + pdf_href)
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    fresh.close()
