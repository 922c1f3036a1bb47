"""The wizard framed by another site: a page served from a second origin embeds /embed/."""

import functools
import re
import threading
import time
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.templatetags.static import static
from django.urls import reverse
from playwright.sync_api import Frame, Page, expect

from connectors_app.decision import CATALOGUE
from tests.scenarios import SCENARIOS

FRAME = "iframe[data-connector-wizard]"
INITIAL_HEIGHT = 300


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture
def other_site(tmp_path: Path) -> Iterator[Callable[[str], str]]:
    """Start static servers on 127.0.0.1 (live_server is on localhost: another site),
    each on its own port and so its own origin; return a function that takes a page's
    HTML and gives its URL."""
    servers = []

    def serve(page_html: str) -> str:
        root = tmp_path / f"site{len(servers)}"
        root.mkdir()
        (root / "index.html").write_text(page_html)
        handler = functools.partial(QuietHandler, directory=str(root))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}/"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


def host_page(wizard: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Another docs site</title></head>
<body>
  <h1>Another docs site</h1>
  <iframe src="{wizard}{reverse("connectors:embed")}" title="Connector Wizard"
          data-connector-wizard height="{INITIAL_HEIGHT}"></iframe>
  <p>Text after the wizard.</p>
  <script src="{wizard}{static("js/embed-host.js")}" async></script>
</body></html>"""


def origin(url: str) -> str:
    return url.rstrip("/")


def frame_fits(page) -> tuple[int, int, int]:
    """The iframe's height, its document's scrollHeight and the bottom of its content,
    once the frame fits the content (or after 5 s). scrollHeight alone never drops
    below the frame's height, so the content's own bottom shows a frame that failed
    to shrink."""
    frame = wizard_frame(page)
    deadline = time.monotonic() + 5
    while True:
        outer = page.locator(FRAME).evaluate("f => f.clientHeight")
        scroll = frame.evaluate("document.documentElement.scrollHeight")
        bottom = frame.evaluate(
            "Math.ceil(document.querySelector('main').getBoundingClientRect().bottom)"
        )
        fits = scroll <= outer and abs(outer - bottom) <= 1
        if fits or time.monotonic() > deadline:
            return outer, scroll, bottom


def wizard_frame(page):
    return page.locator(FRAME).element_handle().content_frame()


def answer_in_place(where: Page | Frame, answers: dict[str, str]) -> None:
    """Answer the wizard's questions in `where` (a page or a frame), each swapped in by
    htmx, until the inline report shows."""
    for _ in range(len(answers)):
        if where.locator(".report-inline").count():
            return
        question_id = where.locator("form.wizard-form input[type=radio]").first.get_attribute(
            "name"
        )
        where.locator(f"input[name={question_id}][value={answers[question_id]}]").check()
        where.get_by_role("button", name="Next").click()
        where.wait_for_function(
            "id => !document.querySelector(`form.wizard-form input[name=${id}][type=radio]`)",
            arg=question_id,
        )


def test_wizard_walks_to_its_report_inside_another_sites_frame(
    live_server, page, settings, other_site, screenshot
):
    host = other_site(host_page(live_server.url))
    settings.EMBED_ALLOWED_ORIGINS = [origin(host)]
    scenario = next(s for s in SCENARIOS if s["name"] == "Postmark cannot host in the EU")
    answers = scenario["answers"]

    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(host)
    frame = wizard_frame(page)
    frame.locator("form.wizard-form input[type=radio]").first.wait_for()

    outer, scroll, bottom = frame_fits(page)
    # The host script fitted the frame: no scrollbar, no empty space below the content.
    assert scroll <= outer and abs(outer - bottom) <= 1 and outer != INITIAL_HEIGHT
    first_height = outer
    screenshot(page, "embed-first-step-390.png", full_page=True)

    answer_in_place(frame, answers)
    report = frame.locator(".report-inline")
    report.wait_for()

    # The flowchart said Postmark; EU residency overruled it, and the report says so.
    assert CATALOGUE["postmark"].name not in frame.locator("#report-inline-title").inner_text()
    assert CATALOGUE["postmark"].name in frame.locator(".report-inline-overruled").inner_text()
    outer, scroll, bottom = frame_fits(page)
    # The frame followed the content as it grew and shrank on the way.
    assert scroll <= outer and abs(outer - bottom) <= 1 and outer != first_height
    page.evaluate("window.scrollTo(0, 0)")  # a scrolled host shifts framed content in captures
    screenshot(page, "embed-report-390.png", full_page=True)

    # Every link a person can see either stays in the wizard or leaves the frame.
    links = frame.locator("a[href]:visible").all()
    assert len(links) >= 4
    for link in links:
        href = link.get_attribute("href")
        if not href.startswith(reverse("connectors:embed")):
            assert link.get_attribute("target") in ("_blank", "_top"), href
    # The full report opens in a new tab, not in the frame that would refuse it.
    with page.context.expect_page() as opened:
        frame.get_by_role("link", name="Full report").click()
    opened.value.wait_for_load_state()
    assert opened.value.url.startswith(live_server.url + reverse("connectors:report"))
    # Neither site set a cookie on the way.
    assert page.context.cookies() == []


def test_host_ignores_height_messages_not_from_the_wizard_frame(
    live_server, page, settings, other_site
):
    host = other_site(host_page(live_server.url))
    settings.EMBED_ALLOWED_ORIGINS = [origin(host)]
    page.goto(host)
    wizard_frame(page).locator("form.wizard-form").wait_for()
    fitted, _, _ = frame_fits(page)

    # The host page itself (the wrong origin) claims the frame is 5000 px tall.
    page.evaluate(
        """() => window.postMessage({type: "connector-wizard:height", height: 5000}, "*")"""
    )
    page.wait_for_timeout(300)

    assert page.locator(FRAME).evaluate("f => f.clientHeight") == fitted


def test_a_site_not_allowed_cannot_frame_the_wizard(live_server, page, settings, other_site):
    allowed = other_site("<!DOCTYPE html><title>allowed</title>")
    stranger = other_site(host_page(live_server.url))
    settings.EMBED_ALLOWED_ORIGINS = [origin(allowed)]
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))

    page.goto(stranger)
    page.wait_for_load_state("load")

    frame = wizard_frame(page)
    assert not frame.url.startswith(live_server.url)  # Chromium shows chrome-error://
    assert frame.locator("form").count() == 0
    # The host script makes the frame border-box: its height attribute includes the border.
    assert page.locator(FRAME).evaluate("f => f.offsetHeight") == INITIAL_HEIGHT
    assert any("frame-ancestors" in text for text in console), console


def test_docs_page_runs_the_wizard_in_place_with_htmx(live_server, page, screenshot):
    scenario = next(s for s in SCENARIOS if s["name"] == "keep Postmark")
    answers = scenario["answers"]
    docs = live_server.url + reverse("connectors:docs")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(docs)
    page.evaluate("window.stillTheSamePage = true")

    answer_in_place(page, answers)
    report = page.locator(".docs-wizard .report-inline")
    report.wait_for()

    assert page.evaluate("window.stillTheSamePage") is True  # swapped in place, no reload
    assert page.url.startswith(docs + "?")  # the answers are in the address bar
    assert CATALOGUE["postmark"].name in page.locator("#report-inline-title").inner_text()
    assert (
        report.get_by_role("link", name="Full report")
        .get_attribute("href")
        .startswith(reverse("connectors:report") + "?")
    )
    assert page.locator("h2#decision-guide").is_visible()  # the rest of the page stays
    screenshot(page, "docs-report-1280.png", full_page=True)


def snippet_html(client_page: Page, live_server) -> str:
    """The two lines /embed/snippet/ tells a site to paste, as that site would paste them."""
    client_page.goto(live_server.url + reverse("connectors:embed-snippet"))
    return client_page.locator(".snippet-code code").inner_text()


def test_pasted_snippet_fills_its_column_exactly_without_a_border(
    live_server, page, settings, other_site
):
    snippet = snippet_html(page, live_server)
    assert 'style="border: 0"' in snippet
    host = other_site(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Host</title></head>'
        f'<body><div id="column" style="width: 500px; margin: 0 auto">{snippet}</div></body></html>'
    )
    settings.EMBED_ALLOWED_ORIGINS = [origin(host)]

    page.goto(host)
    wizard_frame(page).locator("form.wizard-form").wait_for()
    page.wait_for_function("document.querySelector('iframe').style.width === '100%'")

    frame_box = page.locator(FRAME).bounding_box()
    column_box = page.locator("#column").bounding_box()
    assert frame_box["x"] == column_box["x"]
    assert frame_box["width"] == column_box["width"] == 500
    assert page.locator(FRAME).evaluate("f => getComputedStyle(f).borderTopWidth") == "0px"


def test_host_script_keeps_a_bordered_frame_inside_its_column(
    live_server, page, settings, other_site
):
    # A page that keeps the browser's default 2px inset border (no style on the frame):
    # width 100% must include the border, not push the frame 4px past the column.
    host = other_site(host_page(live_server.url).replace("<iframe", '<div id="col"><iframe', 1))
    settings.EMBED_ALLOWED_ORIGINS = [origin(host)]

    page.goto(host)
    wizard_frame(page).locator("form.wizard-form").wait_for()
    page.wait_for_function("document.querySelector('iframe').style.width === '100%'")

    frame = page.locator(FRAME)
    assert frame.evaluate("f => getComputedStyle(f).borderLeftWidth") == "2px"
    frame_box = frame.bounding_box()
    body_width = page.evaluate("document.querySelector('#col').getBoundingClientRect().width")
    assert frame_box["width"] == body_width
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_docs_page_title_after_the_last_answer_is_the_title_of_that_page(live_server, page):
    scenario = next(
        s for s in SCENARIOS if s["name"] == "no deliverability of your own: GenieOS Relay"
    )
    docs = live_server.url + reverse("connectors:docs")
    page.goto(docs)
    assert page.title() == "Choosing a connector · Connector Wizard"

    answer_in_place(page, scenario["answers"])
    page.locator(".docs-wizard .report-inline").wait_for()
    # The docs page's CSP forbids eval, so wait with expect (no wait_for_function).
    expect(page).not_to_have_title(re.compile(r"^Question"))
    with_js = page.title()

    page.goto(page.url)  # the same URL as a full page load, as without JS
    assert (
        with_js
        == page.title()
        == f"Your recommendation: {CATALOGUE['relay'].name} · Connector Wizard"
    )
