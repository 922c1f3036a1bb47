"""Benchmark /report.pdf: median latency cold (a WeasyPrint render) and repeat (from the
cache), each as a ratio to a trivial view measured in the same run.

    .venv/bin/python bench/bench_pdf.py [--samples N]

In process, through Django's test Client (the whole middleware stack, no network).
Results go to bench/results/ (git-ignored). Machines here are noisy: compare ratios.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from harness import ROOT, Client, median_ms, timed_get, write_results

from connectors_app.flowchart import svg as flowchart_svg
from connectors_app.pdf import RENDER_STATS, warm_up
from connectors_app.querystring import answers_query
from tests.factories import keep, relay

# From the shortest report (Relay, no plan) to the longest (an overrule with a plan).
REPORTS = {
    "relay": relay(),
    "keep-postmark": keep("postmark"),
    "postmark-eu-overruled": keep("postmark", data_residency="eu"),
}


def clear_caches() -> None:
    # Everything a first request for these answers would find empty: the PDF cache and
    # the flowchart SVG cache (one `dot` run per report).
    cache.clear()
    flowchart_svg.clear_cache()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=15, help="cold renders per report")
    args = parser.parse_args()
    # Render slots of the bench's own, so a dev server on this machine cannot make it wait.
    settings.PDF_RENDER_LOCK_DIR = tempfile.mkdtemp(prefix="bench-pdf-slots-")
    client = Client()
    baseline_url = reverse("connectors:api-recommendation")
    pdf = reverse("connectors:report-pdf")
    urls = {name: f"{pdf}?{answers_query(answers)}" for name, answers in REPORTS.items()}

    # As gunicorn does when a worker starts (post_worker_init): one real render in this
    # process, whose parsed CSS and warm fonts every forked render inherits. Without
    # it the first request would do it.
    start = time.perf_counter()
    warm_up()
    warm_up_ms = (time.perf_counter() - start) * 1000
    clear_caches()
    first_ms = timed_get(client, urls["relay"])
    for _ in range(20):
        client.get(baseline_url)

    baseline_before = median_ms(client, baseline_url, 200)
    results = {}
    for name, url in urls.items():
        renders = RENDER_STATS.renders
        cold = median_ms(client, url, args.samples, before=lambda i: clear_caches())
        cold_renders = RENDER_STATS.renders - renders
        renders = RENDER_STATS.renders
        repeat = median_ms(client, url, 200)
        results[name] = {
            "cold_ms": round(cold, 2),
            "cold_renders": cold_renders,
            "repeat_ms": round(repeat, 3),
            "repeat_renders": RENDER_STATS.renders - renders,
            "bytes": len(client.get(url).content),
        }
    baseline_after = median_ms(client, baseline_url, 200)
    baseline = statistics.median([baseline_before, baseline_after])

    for row in results.values():
        row["cold_x_baseline"] = round(row["cold_ms"] / baseline, 1)
        row["repeat_x_baseline"] = round(row["repeat_ms"] / baseline, 2)
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "samples_cold": args.samples,
        "samples_repeat": 200,
        "baseline_ms": round(baseline, 3),
        "baseline_before_ms": round(baseline_before, 3),
        "baseline_after_ms": round(baseline_after, 3),
        "warm_up_ms": round(warm_up_ms, 1),
        "first_render_in_process_ms": round(first_ms, 1),
        "reports": results,
    }

    print(f"baseline  GET /api/recommendation (no answers): {baseline:.3f} ms")
    print(f"          (before {baseline_before:.3f} ms, after {baseline_after:.3f} ms)")
    print(f"warm-up, as a worker starts (imports, CSS, fonts): {warm_up_ms:.0f} ms")
    print(f"first PDF request after it: {first_ms:.0f} ms")
    print(f"{'report':24} {'cold ms':>9} {'x base':>7} {'repeat ms':>10} {'x base':>7} renders")
    for name, row in results.items():
        print(
            f"{name:24} {row['cold_ms']:9.1f} {row['cold_x_baseline']:7.0f} "
            f"{row['repeat_ms']:10.3f} {row['repeat_x_baseline']:7.2f} "
            f"{row['cold_renders']} cold / {row['repeat_renders']} repeat"
        )
    path = write_results("pdf", report)
    print(f"written to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
