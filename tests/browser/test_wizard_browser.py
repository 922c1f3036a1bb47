"""The wizard and report in Chromium: clicks with and without JavaScript, the back
button, edit links, the keyboard alone, and axe-core."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Page, expect

from connectors_app.decision import CATALOGUE
from tests.scenarios import SCENARIOS, judge_connector

COMPLETE = [s for s in SCENARIOS if s["expect"].get("complete", True)]
RELAY = next(s["answers"] for s in SCENARIOS if s["expect"].get("connector") == "relay")
POSTMARK_EU = next(s["answers"] for s in SCENARIOS if s["name"] == "Postmark cannot host in the EU")
RADIO = "#wizard-step input[type=radio]"


def open_question(page: Page) -> str:
    return page.locator(RADIO).first.get_attribute("name")


def wait_for_next(page: Page, question: str, value: str) -> None:
    """Wait until the answer is in the URL and the next step (or the report) is shown."""
    page.wait_for_url(re.compile(rf"/report/|[?&]{question}={value}(&|$)"))
    if "/report/" not in page.url:
        page.wait_for_function(
            "q => document.querySelector('#wizard-step input[type=radio]').name !== q",
            arg=question,
        )


def walk(page: Page, answers: dict[str, str]) -> int:
    """Answer each question the wizard asks by clicking; return the steps taken."""
    for steps in range(len(answers) + 1):
        if "/report/" in page.url:
            return steps
        question = open_question(page)
        value = answers[question]
        page.locator(f'{RADIO}[value="{value}"]').check()
        page.get_by_role("button", name=re.compile("^(Next|Save and continue)")).click()
        wait_for_next(page, question, value)
    raise AssertionError("the wizard never reached the report")


def check_report(page: Page, expect_: dict) -> str:
    connector = page.locator("article.report").get_attribute("data-connector")
    judge_connector(connector, expect_)
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(f"Use {CATALOGUE[connector].name}")
    return connector


def test_every_scenario_by_clicks(live_server, page: Page, artifacts):
    page.set_viewport_size({"width": 1280, "height": 900})
    for i, scenario in enumerate(COMPLETE):
        page.goto(live_server.url + reverse("connectors:wizard"))
        # A marker that a full page load would wipe: htmx swaps the steps in place.
        page.evaluate("window.stillTheSamePage = true")
        answers = scenario["answers"]
        question = open_question(page)
        page.locator(f'{RADIO}[value="{answers[question]}"]').check()
        page.get_by_role("button", name="Next").click()
        wait_for_next(page, question, answers[question])
        assert page.evaluate("window.stillTheSamePage === true")
        if i == 0:
            page.screenshot(path=artifacts / "wizard-step.png", full_page=True)
        walk(page, answers)
        assert page.url.startswith(live_server.url + reverse("connectors:report"))
        check_report(page, scenario["expect"])
        if "overruled_from" in scenario["expect"]:
            expect(
                page.get_by_role("heading", name="The criteria overruled the flowchart")
            ).to_be_visible()
            page.screenshot(path=artifacts / "report.png", full_page=True)


def test_every_scenario_without_javascript(live_server, browser, artifacts):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        for scenario in COMPLETE:
            page.goto(live_server.url + reverse("connectors:wizard"))
            walk(page, scenario["answers"])
            check_report(page, scenario["expect"])
        # Back from the report is the last question, as the browser loaded it.
        report = page.url
        page.go_back()
        expect(page.locator(RADIO).first).to_have_attribute("name", "data_residency")
        page.go_forward()
        assert page.url == report
        # The copy button needs JavaScript: without it, it stays hidden.
        expect(page.get_by_role("button", name="Copy link")).to_be_hidden()
        expect(page.get_by_label("Share link")).to_have_value(page.url)
        page.screenshot(path=artifacts / "report-no-js.png", full_page=True)
    finally:
        context.close()


def test_back_button_and_edit_links(live_server, page: Page):
    page.goto(live_server.url + reverse("connectors:wizard"))
    for question, value in [("owns_deliverability", "yes"), ("current_provider", "postmark")]:
        page.locator(f'{RADIO}[value="{value}"]').check()
        page.get_by_role("button", name="Next").click()
        wait_for_next(page, question, value)
    assert open_question(page) == "lifecycle_reporting"

    page.go_back()
    expect(page.locator(RADIO).first).to_have_attribute("name", "current_provider")
    page.go_back()
    expect(page.locator(RADIO).first).to_have_attribute("name", "owns_deliverability")
    page.go_forward()
    page.go_forward()
    expect(page.locator(RADIO).first).to_have_attribute("name", "lifecycle_reporting")

    # Edit the first answer from the list: it opens prefilled; changing it to "no"
    # drops the provider and lands on the first open question of Relay's path.
    page.get_by_role(
        "link", name="Edit your answer to: Do you already own ESP deliverability?"
    ).click()
    expect(page.locator(f'{RADIO}[value="yes"]')).to_be_checked()
    assert "edit=owns_deliverability" in page.url
    page.locator(f'{RADIO}[value="no"]').check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(RADIO).first).to_have_attribute("name", "cloud_procurement")
    assert "current_provider" not in page.url
    expect(page.locator(".notice-warning")).to_contain_text(
        "Which provider sends your email today?"
    )


def test_changing_an_answer_from_the_report(live_server, page: Page):
    query = "&".join(f"{k}={v}" for k, v in POSTMARK_EU.items())
    page.goto(f"{live_server.url}{reverse('connectors:report')}?{query}")
    check_report(page, {"connector": "amazon_ses"})

    page.get_by_role(
        "link", name="Change your answer to: Where must your email data reside?"
    ).click()
    expect(page.locator(f'{RADIO}[value="eu"]')).to_be_checked()
    page.locator(f'{RADIO}[value="none"]').check()
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(re.compile("/report/"))
    # With no residency rule, nothing overrules the flowchart: keep Postmark.
    check_report(page, {"connector": "postmark"})
    expect(page.get_by_role("heading", name="The criteria overruled the flowchart")).to_have_count(
        0
    )
    assert "data_residency=none" in page.url


def test_keyboard_only_walk(live_server, page: Page):
    answers = next(s for s in COMPLETE if s["name"] == "keep Postmark")["answers"]
    page.goto(live_server.url + reverse("connectors:wizard"))
    for _ in range(len(answers)):
        if "/report/" in page.url:
            break
        question = open_question(page)
        # Tab to the choices; Space picks the first; arrows move to the wanted one.
        for _ in range(30):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.type === 'radio'"):
                break
        page.keyboard.press("Space")
        wanted = answers[question]
        for _ in range(10):
            if page.evaluate("document.activeElement.value") == wanted:
                break
            page.keyboard.press("ArrowDown")
        assert page.evaluate("document.activeElement.checked")
        page.keyboard.press("Enter")
        wait_for_next(page, question, wanted)
        if "/report/" not in page.url:
            # Focus went to the new question, and the step was announced.
            expect(page.locator("#wizard-step legend")).to_be_focused()
            expect(page.locator("[data-wizard-live]")).to_contain_text(
                page.locator("#wizard-step legend").inner_text().strip()
            )
    check_report(page, {"connector": "postmark"})


def test_copy_link_button(live_server, page: Page):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    query = "&".join(f"{k}={v}" for k, v in RELAY.items())
    page.goto(f"{live_server.url}{reverse('connectors:report')}?{query}")

    page.get_by_role("button", name="Copy link").click()

    expect(page.get_by_text("Link copied.")).to_be_visible()
    assert (
        page.evaluate("navigator.clipboard.readText()")
        == page.get_by_label("Share link").input_value()
    )


def serious_violations(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("width", [390, 1280])
def test_axe_finds_no_serious_violation(live_server, page: Page, artifacts, width):
    page.set_viewport_size({"width": width, "height": 900})
    query = "&".join(f"{k}={v}" for k, v in POSTMARK_EU.items())
    pages = {
        "home": reverse("connectors:home"),
        "step": reverse("connectors:wizard") + "?owns_deliverability=yes&bogus=1",
        "report": f"{reverse('connectors:report')}?{query}&workspace_name=Acme",
    }
    found = {}
    for name, path in pages.items():
        page.goto(live_server.url + path)
        found[name] = serious_violations(page)
        page.screenshot(path=artifacts / f"{name}-{width}.png", full_page=True)
    assert found == {name: [] for name in pages}
