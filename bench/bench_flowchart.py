"""Benchmark /flowchart.svg: median latency cold (a `dot` run) and warm (from the cache),
each as a ratio to a trivial view measured in the same run.

    .venv/bin/python bench/bench_flowchart.py [--samples N]

In process, through Django's test Client (the whole middleware stack, no network).
Results go to bench/results/ (git-ignored). Machines here are noisy: compare ratios.
"""

from __future__ import annotations

import argparse
import itertools
from datetime import UTC, datetime

from django.urls import reverse
from harness import ROOT, Client, median_ms, write_results

from connectors_app.decision import FLOWCHART, recommend
from connectors_app.flowchart import svg as flowchart_svg
from connectors_app.flowchart.graph import highlight_for
from connectors_app.querystring import answers_query

# Routing and the hard requirements decide the path and any overrule; the soft criteria
# only change which connector an overrule picks, so they stay fixed here.
SOFT = {
    "same_domain": "yes",
    "event_depth": "delivery",
    "suppression_source": "genieos",
    "inline_images": "no",
}
VARIED = [q for q in FLOWCHART.questions if q not in SOFT]


def distinct_charts() -> list[str]:
    """One query per distinct complete chart (path, outcome and overrule target)."""
    seen: dict[object, str] = {}
    values = [FLOWCHART.questions[q].values for q in VARIED]
    for combo in itertools.product(*values):
        answers = {**SOFT, **dict(zip(VARIED, combo, strict=True))}
        seen.setdefault(highlight_for(recommend(**answers)), answers_query(answers))
    return list(seen.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=200)
    args = parser.parse_args()
    n = args.samples
    client = Client()
    baseline_url = reverse("connectors:api-recommendation")
    svg_url = reverse("connectors:flowchart-svg")
    charts = distinct_charts()
    warm_url = f"{svg_url}?{charts[0]}"

    for _ in range(20):  # import and template caches, for every endpoint alike
        client.get(baseline_url)
        client.get(warm_url)

    runs_before = flowchart_svg.dot_runs
    baseline = median_ms(client, baseline_url, n)
    cold = median_ms(
        client,
        lambda i: f"{svg_url}?{charts[i % len(charts)]}",
        max(n // 4, len(charts)),
        before=lambda i: flowchart_svg.clear_cache(),
    )
    cold_runs = flowchart_svg.dot_runs - runs_before
    client.get(warm_url)
    runs_before = flowchart_svg.dot_runs
    warm = median_ms(client, warm_url, n)
    warm_runs = flowchart_svg.dot_runs - runs_before
    baseline_again = median_ms(client, baseline_url, n)  # drift check

    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "samples": n,
        "charts_sampled": len(charts),
        "baseline": {"endpoint": baseline_url, "median_ms": round(baseline, 3)},
        "baseline_after": {"median_ms": round(baseline_again, 3)},
        "flowchart_svg_cold": {
            "median_ms": round(cold, 3),
            "ratio": round(cold / baseline, 2),
            "dot_runs": cold_runs,
        },
        "flowchart_svg_warm": {
            "median_ms": round(warm, 3),
            "ratio": round(warm / baseline, 2),
            "dot_runs": warm_runs,
        },
    }
    path = write_results("flowchart", result)
    print(f"distinct complete charts sampled: {len(charts)}")
    print(f"baseline {baseline_url} (no answers): {baseline:.2f} ms (after: {baseline_again:.2f})")
    print(f"/flowchart.svg cold: {cold:.2f} ms = {cold / baseline:.1f}x ({cold_runs} dot runs)")
    print(f"/flowchart.svg warm: {warm:.2f} ms = {warm / baseline:.1f}x ({warm_runs} dot runs)")
    print(f"written to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
