"""Benchmark what insight counting costs a wizard step: p50 and p99 of the steps of
every walk through the wizard, with counting off and on, with the page cache off (each
step rendered) and on (each step a cache hit, where counting is the larger share).

    .venv/bin/python bench/bench_insights.py [--samples N] [--flush-seconds S]

In process through Django's test Client, on a throwaway SQLite file (migrated here), so
the flushes' UPSERTs are in the timings: --flush-seconds (default 1, ten times as often
as production's default) sets how often a step pays for one. Results go to bench/results/.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

_db = Path(tempfile.mkdtemp()) / "bench.sqlite3"
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_db}")

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402
from harness import Client, write_results  # noqa: E402

from connectors_app import insights  # noqa: E402
from connectors_app.decision import FLOWCHART  # noqa: E402
from connectors_app.models import InsightCount  # noqa: E402
from connectors_app.querystring import answers_query  # noqa: E402


def step_urls() -> list[str]:
    """Every step of every walk through the wizard (each shown question once)."""
    urls, todo = [], [{}]
    wizard = reverse("connectors:wizard")
    while todo and len(urls) < 400:
        answers = todo.pop(0)
        walk = FLOWCHART.walk(answers)
        if walk.complete:
            continue
        query = answers_query(answers)
        urls.append(f"{wizard}?{query}" if query else wizard)
        question = FLOWCHART.questions[walk.next_question or ""]
        todo += [{**answers, question.id: v} for v in question.values[:2]]
    return urls


def summary(times: list[float]) -> dict[str, float]:
    times = sorted(times)
    return {
        "p50_ms": round(statistics.median(times), 3),
        "p99_ms": round(times[int(len(times) * 0.99) - 1], 3),
        "max_ms": round(times[-1], 3),
    }


def interleaved(client: Client, urls: list[str], samples: int) -> dict[str, dict[str, float]]:
    """Each step twice in a row, counting off then on (and the next step on then off),
    so both modes share the machine's noise. The setting is flipped on the settings
    object itself: override_settings would signal a change and empty the page cache."""
    times: dict[bool, list[float]] = {False: [], True: []}
    for i in range(samples):
        url = urls[i % len(urls)]
        for counting in (False, True) if i % 2 else (True, False):
            settings.INSIGHTS_ENABLED = counting
            start = time.perf_counter()
            response = client.get(url)
            times[counting].append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, response.status_code
    return {"off": summary(times[False]), "on": summary(times[True])}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=2000)
    parser.add_argument("--flush-seconds", type=float, default=1.0)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    client = Client()
    urls = step_urls()
    results: dict[str, dict[str, float]] = {}
    for cached in (False, True):
        with override_settings(
            INSIGHTS_FLUSH_SECONDS=args.flush_seconds, PAGE_CACHE_SECONDS=600 if cached else 0
        ):
            cache.clear()
            for url in urls:  # warm: lru caches, and the page cache when it is on
                client.get(url)
            how = "cache hit" if cached else "rendered"
            for mode, stats in interleaved(client, urls, args.samples).items():
                name = f"{how}, counting {mode}"
                results[name] = stats
                print(f"{name:<28} " + "  ".join(f"{k} {v:7.3f}" for k, v in stats.items()))
    insights.flush()
    counted = sum(InsightCount.objects.values_list("count", flat=True))
    print(f"{len(urls)} distinct steps; {counted} events counted")
    path = write_results(
        "insights",
        {
            "samples": args.samples,
            "flush_seconds": args.flush_seconds,
            "steps": len(urls),
            **results,
        },
    )
    print(f"written to {path}")


if __name__ == "__main__":
    main()
