"""Every chart a page can show is rendered once for all workers: `prerender_charts`
renders them into the shared cache before the workers start, and a worker whose own
memory lacks a chart takes it from that cache instead of running `dot`."""

from io import StringIO
from urllib.parse import urlencode

import pytest
from django.core.management import call_command

from connectors_app.decision import recommend
from connectors_app.decision.paths import complete_answer_sets
from connectors_app.flowchart import svg as flowchart_svg
from connectors_app.flowchart.graph import every_highlight, highlight_for


@pytest.fixture
def empty_chart_caches():
    flowchart_svg.clear_cache()
    yield
    flowchart_svg.clear_cache()


def forget_in_this_process() -> None:
    """As a worker that started after the charts were rendered: its own memory is empty."""
    flowchart_svg._cache.clear()


def test_every_chart_a_page_shows_is_among_those_prerendered():
    charts = every_highlight()
    assert None in charts  # the docs page's whole chart
    for i, answers in enumerate(complete_answer_sets()):
        if i % 97:
            continue
        assert highlight_for(recommend(**answers)) in charts, answers
        questions = list(answers.items())
        for n in range(1, len(questions)):
            assert highlight_for(recommend(**dict(questions[:n]))) in charts


def test_after_prerender_no_page_runs_dot(client, empty_chart_caches):
    out = StringIO()
    call_command("prerender_charts", stdout=out)
    total = len(every_highlight())
    assert f"{total} flowcharts: {total} rendered, 0 already in the cache" in out.getvalue()
    forget_in_this_process()
    before = flowchart_svg.dot_runs

    answers = next(iter(complete_answer_sets()))
    steps = list(answers.items())
    for n in range(len(steps)):
        assert client.get(f"/wizard/?{urlencode(steps[:n])}").status_code == 200
    assert client.get(f"/report/?{urlencode(steps)}").status_code == 200
    assert client.get(f"/flowchart.svg?{urlencode(steps)}").status_code == 200
    assert flowchart_svg.dot_runs == before

    out = StringIO()
    call_command("prerender_charts", stdout=out)
    assert f"{total} flowcharts: 0 rendered, {total} already in the cache" in out.getvalue()
    assert flowchart_svg.dot_runs == before


def test_a_chart_rendered_by_one_worker_serves_the_others(client, empty_chart_caches):
    answers = urlencode(list(next(iter(complete_answer_sets())).items()))
    before = flowchart_svg.dot_runs
    first = client.get(f"/flowchart.svg?{answers}&workspace_name=A")
    forget_in_this_process()
    second = client.get(f"/flowchart.svg?{answers}&workspace_name=B")
    assert flowchart_svg.dot_runs == before + 1
    assert first.status_code == second.status_code == 200
    assert b'id="node-' in second.content
