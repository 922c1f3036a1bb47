"""Benchmark the cold path: a wizard step and a report for answers never seen before,
each as a ratio to /healthz measured in the same run (before and after the rest).

    .venv/bin/python bench/bench_cold.py [--samples N]

In process, through Django's test Client (the whole middleware stack, no network), with
the page cache off (PAGE_CACHE_SECONDS=0), so every request renders its page. The
process-wide caches that hold the same thing for every visitor (the flowchart SVGs,
compiled templates, kept fragments) are warmed first, as in a worker that has served a while.

- **step**: `GET /wizard/?<answers>` over incomplete prefixes of distinct complete
  answer sets (every question still open somewhere), one distinct URL per sample;
- **report**: `GET /report/?<answers>` over distinct complete answer sets
  (`decision.paths.complete_answer_sets()`).

Results go to bench/results/ (git-ignored). Machines here are noisy: compare ratios.
"""

from __future__ import annotations

import argparse
import os

os.environ["PAGE_CACHE_SECONDS"] = "0"
os.environ.setdefault("RATELIMIT_ENABLED", "0")

from harness import Client, median_ms, write_results

from connectors_app.decision import FLOWCHART
from connectors_app.decision.paths import complete_answer_sets
from connectors_app.querystring import answers_query


def step_urls() -> list[str]:
    """Every distinct incomplete prefix of a complete walk, in question order."""
    seen: dict[str, None] = {}
    for answers in complete_answer_sets():
        keys = [q for q in FLOWCHART.questions if q in answers]
        for n in range(len(keys)):
            prefix = {q: answers[q] for q in keys[:n]}
            if not FLOWCHART.walk(prefix).complete:
                seen.setdefault("/wizard/?" + answers_query(prefix), None)
    return list(seen)


def report_urls() -> list[str]:
    return ["/report/?" + answers_query(a) for a in complete_answer_sets()]


def spread(urls: list[str], n: int) -> list[str]:
    """n URLs taken evenly across the list (all of them if there are fewer)."""
    if len(urls) <= n:
        return urls
    return [urls[i * len(urls) // n] for i in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=300)
    args = parser.parse_args()
    client = Client()

    steps, reports = step_urls(), report_urls()
    step_sample = spread(steps, args.samples)
    report_sample = spread(reports, args.samples)
    # Warm the per-process caches (templates, charts) and imports on a different spread.
    for url in spread(steps[1:] + steps[:1], 60) + spread(reports[1:] + reports[:1], 60):
        assert client.get(url).status_code == 200, url

    baseline = "/healthz"
    results: dict[str, float] = {}
    results["baseline_before_ms"] = median_ms(client, baseline, args.samples)
    results["step_ms"] = median_ms(client, lambda i: step_sample[i], len(step_sample))
    results["report_ms"] = median_ms(client, lambda i: report_sample[i], len(report_sample))
    results["baseline_after_ms"] = median_ms(client, baseline, args.samples)
    base = (results["baseline_before_ms"] + results["baseline_after_ms"]) / 2
    ratios = {
        "step_ratio": results["step_ms"] / base,
        "report_ratio": results["report_ms"] / base,
    }
    print(f"distinct step URLs: {len(steps)} (sampled {len(step_sample)})")
    print(f"distinct reports:   {len(reports)} (sampled {len(report_sample)})")
    for name, ms in results.items():
        print(f"{name:20} {ms:8.2f} ms")
    for name, ratio in ratios.items():
        print(f"{name:20} {ratio:8.1f} x /healthz")
    path = write_results("cold", {**results, **ratios, "samples": args.samples})
    print(f"written to {path}")


if __name__ == "__main__":
    main()
