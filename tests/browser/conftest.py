"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live_server.

Under pytest-xdist they are spread over the workers like any other test: a browser test
mostly waits on Chromium, so one worker running them all was the suite's slowest part.
Each worker starts its own Chromium and live server (on a free port, with the worker's
own test database) the first time it needs them."""

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page

# Playwright's sync API runs an event loop in the test thread; Django would refuse
# ORM calls there, and this app makes none.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Debian's Chromium, not a downloaded build; no background traffic on a closed network.
    flags = ["--disable-gpu", "--disable-quic", "--disable-sync", "--no-first-run"]
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": flags}


@pytest.fixture
def screenshot(request: pytest.FixtureRequest) -> Callable[..., None]:
    """`screenshot(page_or_locator, "name.png", **options)`: the page as a person would
    look at it, in test-artifacts/ (not committed), under `--screenshots` (make
    screenshots). Otherwise nothing: no test reads them, and a full page costs about
    0.7 s."""
    if not request.config.getoption("--screenshots"):
        return lambda target, name, **options: None
    ARTIFACTS.mkdir(exist_ok=True)

    def take(target: Page | Locator, name: str, **options: Any) -> None:
        target.screenshot(path=ARTIFACTS / name, **options)

    return take
