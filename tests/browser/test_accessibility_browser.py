"""Issue 13 in Chromium: the error summary with and without JavaScript, focus after
Back and Forward, focus never under the sticky header, no sideways scroll at 320 px,
3:1 control edges, an embed that leaves its host's history alone, and axe."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.violations import serious_violations
from tests.scenarios import SCENARIOS

POSTMARK_EU = next(s["answers"] for s in SCENARIOS if s["name"] == "Postmark cannot host in the EU")
RADIO = "#wizard-step input[type=radio]"
STEP_2 = "?owns_deliverability=yes"


def report_path(answers: dict[str, str]) -> str:
    return reverse("connectors:report") + "?" + "&".join(f"{k}={v}" for k, v in answers.items())


def focused(page: Page) -> str:
    return page.evaluate("document.activeElement.id || document.activeElement.className")


@pytest.mark.parametrize("javascript", [True, False])
def test_next_without_an_answer_shows_an_error_summary_linked_to_the_field(
    live_server, browser, screenshot, javascript
):
    context = browser.new_context(
        java_script_enabled=javascript, viewport={"width": 390, "height": 800}
    )
    page = context.new_page()
    try:
        page.goto(live_server.url + reverse("connectors:wizard") + STEP_2)
        page.get_by_role("button", name="Next").click()

        summary = page.locator(".error-summary")
        expect(summary).to_contain_text("There is a problem")
        expect(summary).to_be_focused()  # by wizard.js, or by autofocus without it
        expect(page.locator("#id_current_provider-error")).to_contain_text("Choose one answer")
        expect(page).to_have_title(re.compile("^Error: "))
        # The answer given before is kept.
        assert page.locator('input[type=hidden][name="owns_deliverability"]').count() == 1
        screenshot(page, f"error-390{'' if javascript else '-nojs'}.png", full_page=True)
        summary.get_by_role("link").click()
        expect(page.locator("#id_current_provider_0")).to_be_focused()
        # Then answering goes on as usual.
        page.locator(f'{RADIO}[value="postmark"]').check()
        page.get_by_role("button", name="Next").click()
        expect(page.locator(RADIO).first).to_have_attribute("name", "lifecycle_reporting")
        expect(page.locator(".error-summary")).to_have_count(0)
    finally:
        context.close()


def test_back_and_forward_put_focus_on_the_question_with_its_answer(live_server, page: Page):
    page.goto(live_server.url + reverse("connectors:wizard"))
    for question, value in [("owns_deliverability", "yes"), ("current_provider", "mailgun")]:
        page.locator(f'{RADIO}[value="{value}"]').check()
        page.get_by_role("button", name="Next").click()
        page.wait_for_url(re.compile(rf"[?&]{question}={value}"))
        expect(page.locator(RADIO).first).not_to_have_attribute("name", question)

    page.go_back()
    expect(page.locator(RADIO).first).to_have_attribute("name", "current_provider")
    expect(page.locator(f'{RADIO}[value="mailgun"]')).to_be_checked()
    expect(page.locator("#wizard-question-title")).to_be_focused()

    page.go_forward()
    expect(page.locator(RADIO).first).to_have_attribute("name", "lifecycle_reporting")
    expect(page.locator("#wizard-question-title")).to_be_focused()


def test_the_embed_never_adds_to_its_hosts_history(live_server, page: Page):
    start = live_server.url + reverse("connectors:home")
    page.goto(start)
    page.goto(live_server.url + reverse("connectors:embed-snippet"))
    length = page.evaluate("history.length")
    frame = page.frame_locator("iframe.snippet-preview")
    for question, value in [("owns_deliverability", "yes"), ("current_provider", "postmark")]:
        frame.locator(f'input[name="{question}"][value="{value}"]').check()
        frame.get_by_role("button", name="Next").click()
        expect(frame.locator(f'input[name="{question}"][type=radio]')).to_have_count(0)
    assert page.evaluate("history.length") == length
    # The frame's own address holds the answers (a reload keeps them).
    frame = page.locator("iframe.snippet-preview")
    frame_url = frame.evaluate("f => f.contentWindow.location.href")
    assert "current_provider=postmark" in frame_url
    # The host's Back leaves the docs page.
    page.go_back()
    page.wait_for_url(start)


def test_nothing_scrolls_sideways_at_320_px(live_server, page: Page, screenshot):
    page.set_viewport_size({"width": 320, "height": 640})
    paths = {
        "step": reverse("connectors:wizard") + STEP_2,
        "error": reverse("connectors:wizard") + STEP_2 + "&asked=current_provider",
        "report": report_path(POSTMARK_EU),
        "embed": reverse("connectors:embed") + STEP_2,
        "gallery": reverse("connectors:gallery"),
        "snippet": reverse("connectors:embed-snippet"),
    }
    wide = {}
    for name, path in paths.items():
        page.goto(live_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            wide[name] = width
        screenshot(page, f"a11y-{name}-320.png", full_page=True)
        if name == "report":
            # The chart scrolls here, so it is a tab stop; source links are 24 px targets.
            chart = page.locator(".flowchart-figure-chart")
            expect(chart).to_have_attribute("tabindex", "0")
            heights = page.locator(".score-cards .source-link").evaluate_all(
                "links => links.map(a => a.getBoundingClientRect().height)"
            )
            assert heights and min(heights) >= 24
    assert wide == {}
    # Every header link is on screen, none cut off.
    page.goto(live_server.url + reverse("connectors:home"))
    for link in page.locator(".site-header a").all():
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320


def test_focus_is_never_under_the_sticky_header(live_server, page: Page):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(live_server.url + report_path(POSTMARK_EU))
    header = page.locator(".site-header").bounding_box()
    # The whole chart fits at this width: no tab stop on it.
    expect(page.locator(".flowchart-figure-chart")).not_to_have_attribute("tabindex", "0")
    assert page.locator(".site-header").evaluate("h => getComputedStyle(h).position") == "sticky"
    # Shift+Tab back up through the score table from the ranking below it.
    page.locator(".ranking-list a").first.focus()
    for _ in range(25):
        page.keyboard.press("Shift+Tab")
        box = page.evaluate(
            "(() => { const r = document.activeElement.getBoundingClientRect();"
            " return {top: r.top, bottom: r.bottom}; })()"
        )
        assert box["top"] >= header["height"] - 1, focused(page)
    # Following an error summary's link puts the field below the header too.
    page.goto(live_server.url + reverse("connectors:wizard") + STEP_2 + "&asked=current_provider")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.locator(".error-summary a").click()
    top = page.evaluate("document.activeElement.getBoundingClientRect().top")
    assert top >= header["height"]


def _contrast(page: Page, selector: str, prop: str) -> float:
    return page.locator(selector).first.evaluate(
        """(el, prop) => {
          const rgb = getComputedStyle(el)[prop].match(/[\\d.]+/g).slice(0, 3).map(Number);
          const lum = rgb.map(c => {
            c /= 255;
            return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
          });
          const l = 0.2126 * lum[0] + 0.7152 * lum[1] + 0.0722 * lum[2];
          return 1.05 / (l + 0.05);
        }""",
        prop,
    )


def test_radio_rings_and_answer_cards_stand_out_at_3_to_1(live_server, page: Page):
    page.goto(live_server.url + reverse("connectors:wizard"))
    assert _contrast(page, f"{RADIO}", "borderTopColor") >= 3
    assert _contrast(page, "#wizard-step .form-check", "borderTopColor") >= 3


def test_axe_finds_nothing_serious_on_the_new_states(live_server, page: Page):
    page.set_viewport_size({"width": 320, "height": 800})
    paths = {
        "error": reverse("connectors:wizard") + STEP_2 + "&asked=current_provider",
        "report": report_path(POSTMARK_EU),
        "gallery": reverse("connectors:gallery"),
        "snippet": reverse("connectors:embed-snippet"),
    }
    found = {}
    for name, path in paths.items():
        page.goto(live_server.url + path)
        found[name] = serious_violations(page)
    assert found == {name: [] for name in paths}
