"""axe-core's verdict on a page, as the browser tests assert it."""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page


def serious_violations(page: Page) -> list[str]:
    """axe-core's serious and critical violations on the page, each with where it is
    (axe-playwright-python gathers violations only, by default)."""
    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
