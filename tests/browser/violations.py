"""axe-core's verdict on a page, as the browser tests assert it."""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page


def serious_violations(page: Page) -> list[str]:
    """axe-core's serious and critical violations on the page, each with where it is.
    Only violations are gathered (resultTypes): gathering the passes, which nothing
    reads, took half of each run."""
    results = Axe().run(page, options={"resultTypes": ["violations"]})
    return [
        f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
