"""What every benchmark here shares: Django set up in process with bench-only
environment defaults, a test Client, a median timer and the results file.

Importing it sets Django up, so import it before anything from the app (ruff sorts it
after the `django` imports, which are lazy and need no set-up).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"

sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "genie_site.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-secret")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402

__all__ = ["ROOT", "Client", "median_ms", "timed_get", "write_results"]


def timed_get(client: Client, url: str) -> float:
    """One GET through the whole middleware stack, in milliseconds; it must succeed."""
    start = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - start
    assert response.status_code == 200, (response.status_code, response.content[:300])
    return elapsed * 1000


def median_ms(
    client: Client,
    url: str | Callable[[int], str],
    samples: int,
    before: Callable[[int], object] | None = None,
) -> float:
    """The median of `samples` GETs; `url` and `before` may depend on the sample's index
    (`before` runs untimed, e.g. to empty a cache)."""
    times = []
    for i in range(samples):
        if before:
            before(i)
        times.append(timed_get(client, url(i) if callable(url) else url))
    return statistics.median(times)


def write_results(name: str, data: dict) -> Path:
    """Write one run's results to bench/results/<name>-<UTC time>.json (git-ignored)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json"
    path.write_text(json.dumps(data, indent=2) + "\n")
    return path
