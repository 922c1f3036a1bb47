"""The wizard and report in Chromium: clicks with and without JavaScript, the back
button, edit links, the keyboard alone, and axe-core."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from connectors_app.decision import CATALOGUE, FLOWCHART
from tests.browser.violations import serious_violations
from tests.factories import all_but, keep
from tests.scenarios import SCENARIOS, judge_connector

COMPLETE = [s for s in SCENARIOS if s["expect"].get("complete", True)]
OVERRULED = [s for s in COMPLETE if "overruled_from" in s["expect"]]
RELAY = next(s["answers"] for s in SCENARIOS if s["expect"].get("connector") == "relay")
POSTMARK_EU = next(s["answers"] for s in SCENARIOS if s["name"] == "Postmark cannot host in the EU")
RADIO = "#wizard-step input[type=radio]"


def covering_every_question(scenarios: list[dict]) -> list[dict]:
    """Few scenarios (greedily) that between them ask every question, and the shortest
    walk, which skips the most: without JavaScript each question's form must submit at
    least once, and a walk that skips questions must land on its report. Every
    scenario's steps are checked as pages through Django's client (test_wizard.py),
    and clicked through with htmx below."""
    asked = {s["name"]: set(FLOWCHART.walk(s["answers"]).asked) for s in scenarios}
    shortest = min(scenarios, key=lambda s: len(asked[s["name"]]))
    left, chosen = set(FLOWCHART.questions), []
    while left:
        best = max(scenarios, key=lambda s: len(asked[s["name"]] & left))
        if not asked[best["name"]] & left:
            raise AssertionError(f"no scenario asks {sorted(left)}")
        chosen.append(best)
        left -= asked[best["name"]]
    return chosen if shortest in chosen else [*chosen, shortest]


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


# One test per scenario, so parallel workers share the clicking.
@pytest.mark.parametrize("scenario", COMPLETE, ids=[s["name"] for s in COMPLETE])
def test_every_scenario_by_clicks(live_server, page: Page, screenshot, scenario):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + reverse("connectors:wizard"))
    # A marker that a full page load would wipe: htmx swaps the steps in place.
    page.evaluate("window.stillTheSamePage = true")
    answers = scenario["answers"]
    question = open_question(page)
    page.locator(f'{RADIO}[value="{answers[question]}"]').check()
    page.get_by_role("button", name="Next").click()
    wait_for_next(page, question, answers[question])
    assert page.evaluate("window.stillTheSamePage === true")
    # The swapped-in step names itself in the title, as a page load would.
    legend = page.locator("#wizard-step legend").inner_text().strip()
    expect(page).to_have_title(re.compile(rf"^Question 2 of .*: {re.escape(legend)} · "))
    if scenario["name"] == COMPLETE[0]["name"]:
        screenshot(page, "wizard-step.png", full_page=True)
    walk(page, answers)
    assert page.url.startswith(live_server.url + reverse("connectors:report"))
    connector = check_report(page, scenario["expect"])
    expect(page).to_have_title(f"Use {CATALOGUE[connector].name} · Connector Wizard")
    if "overruled_from" in scenario["expect"]:
        expect(
            page.get_by_role("heading", name="The criteria overruled the flowchart")
        ).to_be_visible()
        if (
            scenario["name"] == OVERRULED[0]["name"]
        ):  # one writer per file: the tests may run in parallel
            screenshot(page, "report.png", full_page=True)


def test_every_question_without_javascript(live_server, browser, screenshot):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        for scenario in covering_every_question(COMPLETE):
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
        screenshot(page, "report-no-js.png", full_page=True)
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
    # Each step back or forward is a page load of its own: wait for it before the next.
    page.go_forward()
    expect(page.locator(RADIO).first).to_have_attribute("name", "current_provider")
    page.go_forward()
    expect(page.locator(RADIO).first).to_have_attribute("name", "lifecycle_reporting")

    # Edit the first answer from the list: it opens prefilled; changing it to "no"
    # drops the provider and lands on the first open question of Relay's path.
    page.get_by_role(
        "link", name="Change your answer to: Do you already own ESP deliverability?"
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
            # Focus went to the new question, the page's heading: that announces it once.
            expect(page.locator("#wizard-step h1#wizard-question-title")).to_be_focused()
            expect(page.locator("[aria-live]")).to_have_count(0)
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


@pytest.mark.parametrize("width", [390, 1280])
def test_axe_finds_no_serious_violation(live_server, page: Page, screenshot, width):
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
        screenshot(page, f"{name}-{width}.png", full_page=True)
    assert found == {name: [] for name in pages}


def checked_answer(page: Page) -> list[str]:
    return [
        f"{radio.get_attribute('name')}={radio.get_attribute('value')}"
        for radio in page.locator(f"{RADIO}:checked").all()
    ]


def test_back_after_swaps_reloads_each_step_with_its_answer_and_no_csp_error(
    live_server, page: Page
):
    console = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    page.goto(live_server.url + reverse("connectors:wizard"))
    walked = [
        ("owns_deliverability", "yes"),
        ("current_provider", "mailgun"),
        ("lifecycle_reporting", "no"),
        ("smtp_only", "no"),
    ]
    for question, value in walked:
        page.locator(f'{RADIO}[value="{value}"]').check()
        page.get_by_role("button", name="Next").click()
        wait_for_next(page, question, value)
    assert open_question(page) == "cloud_procurement"
    # htmx keeps no snapshot to restore (restoring one breaks the strict CSP).
    assert page.evaluate("sessionStorage.getItem('htmx-history-cache')") is None

    # Back shows each earlier step with the answer it was left with.
    for question, value in reversed(walked[-2:]):
        page.go_back()
        expect(page.locator(RADIO).first).to_have_attribute("name", question)
        expect(page.locator(f'{RADIO}[value="{value}"]')).to_be_checked()
        expect(page).to_have_title(re.compile(r"^Question \d+ of "))
    page.wait_for_load_state("networkidle")
    assert page.title().startswith("Question 3 of 11:")

    page.go_forward()
    expect(page.locator(RADIO).first).to_have_attribute("name", "smtp_only")
    expect(page.locator(f'{RADIO}[value="no"]')).to_be_checked()
    page.go_forward()
    expect(page.locator(RADIO).first).to_have_attribute("name", "cloud_procurement")

    # An edit link swaps in place too; Back from it is the step it left.
    page.get_by_role(
        "link", name="Change your answer to: Do you already own ESP deliverability?"
    ).click()
    expect(page.locator(f'{RADIO}[value="yes"]')).to_be_checked()
    page.go_back()
    expect(page.locator(RADIO).first).to_have_attribute("name", "cloud_procurement")
    page.wait_for_load_state("networkidle")
    assert [line for line in console if "Content Security Policy" in line or "error" in line] == []


def test_back_without_javascript_keeps_the_answer(live_server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + reverse("connectors:wizard"))
        walk_some = {"owns_deliverability": "yes", "current_provider": "postmark"}
        for question, value in walk_some.items():
            page.locator(f'{RADIO}[value="{value}"]').check()
            page.get_by_role("button", name="Next").click()
            page.wait_for_url(re.compile(rf"[?&]{question}={value}"))
        page.go_back()
        expect(page.locator(RADIO).first).to_have_attribute("name", "current_provider")
        assert checked_answer(page) == ["current_provider=postmark"]
    finally:
        context.close()


def test_kept_later_answers_show_in_the_progress_and_the_list(live_server, page: Page, screenshot):
    kept = all_but(keep("sendgrid"), "smtp_only")
    query = "&".join(f"{k}={v}" for k, v in kept.items())
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{live_server.url}{reverse('connectors:wizard')}?{query}")

    expect(page.locator("#wizard-progress-text")).to_contain_text("1 left to answer")
    assert page.locator("progress").get_attribute("value") == "90"
    expect(page.locator(".answer-row.is-kept")).to_have_count(7)
    screenshot(page, "wizard-kept-390.png", full_page=True)

    # Clearing one swaps the step in place and asks that question when its turn comes.
    page.get_by_role("link", name="Clear your kept answer to: Where must your email data").click()
    expect(page.locator(".answer-row.is-kept")).to_have_count(6)
    assert "data_residency" not in page.url


@pytest.mark.parametrize("width", [700, 1280])
def test_opening_a_score_reason_keeps_the_columns(live_server, page: Page, screenshot, width):
    page.set_viewport_size({"width": width, "height": 900})
    query = "&".join(f"{k}={v}" for k, v in POSTMARK_EU.items())
    page.goto(f"{live_server.url}{reverse('connectors:report')}?{query}")
    headers = page.locator(".score-table thead th")

    def widths() -> list[float]:
        return [round(box["width"]) for box in (h.bounding_box() for h in headers.all())]

    before = widths()
    summaries = page.locator(".score-details summary")
    for i in (6, 7, 12, 23):
        summaries.nth(i).click()
    expect(page.locator(".score-details[open]")).to_have_count(4)
    assert widths() == before
    # Every criterion column is wide enough to read a reason (about 14 characters).
    assert min(before[1:6]) >= 110
    screenshot(page.locator(".table-scroll"), f"score-table-open-{width}.png")


def test_pdf_title_and_paper_sit_beside_download_pdf_before_the_answers(live_server, page: Page):
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(
        f"{live_server.url}{reverse('connectors:report')}?"
        + "&".join(f"{k}={v}" for k, v in RELAY.items())
    )
    actions = page.locator(".report-actions")
    download = actions.get_by_role("button", name="Download PDF")
    expect(actions.get_by_label("Workspace name")).to_be_visible()
    expect(actions.get_by_label("US Letter")).to_be_visible()
    answers_top = page.locator("#answers-title").bounding_box()["y"]
    assert download.bounding_box()["y"] < answers_top
    # "Change answers" opens the check-answers list, not question 1.
    actions.get_by_role("link", name="Change answers").click()
    expect(page.locator("#answers-title")).to_be_in_viewport()
    assert page.url.endswith("#answers-title")
    # Naming it and choosing Letter downloads that PDF, titled.
    actions.get_by_label("Workspace name").fill("Acme")
    actions.get_by_label("US Letter").check()
    with page.expect_download() as download_info:
        download.click()
    url = download_info.value.url
    assert "paper=letter" in url and "workspace_name=Acme" in url


def test_connector_names_in_the_report_open_their_pages(live_server, page: Page):
    query = "&".join(f"{k}={v}" for k, v in POSTMARK_EU.items())
    page.goto(f"{live_server.url}{reverse('connectors:report')}?{query}")
    page.locator(".ranking-list").get_by_role("link", name="Postmark").click()
    page.wait_for_url(re.compile(reverse("connectors:connector", args=["postmark"])))


def test_embed_asks_for_no_favicon(live_server, page: Page):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(live_server.url + reverse("connectors:embed"))
    page.wait_for_load_state("networkidle")
    assert not [url for url in requested if url.endswith("/favicon.ico")]
    assert requested
