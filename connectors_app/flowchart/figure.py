"""The flowchart figure a page shows: the chart of a recommendation's path, its caption,
its text alternative and its download links. View-models build it; the template
`connectors/_flowchart_figure.html` only shows it."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

from connectors_app.decision import Recommendation
from connectors_app.flowchart.svg import FlowchartRenderError, flowchart_svg
from connectors_app.flowchart.text import path_steps
from connectors_app.links import Links

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FlowchartFigure:
    dom_id: str  # "flowchart-figure" for a page's first figure, then "-2", "-3"...
    # Empty when `dot` failed: the text alternative still stands. Named by its title
    # and described by the list of steps under it.
    svg: SafeString
    caption: str
    steps_title: str
    steps: tuple[str, ...]
    svg_url: str
    dot_url: str
    mmd_url: str


_CHART_NAME = re.compile(r'aria-labelledby="([\w-]*?)svg-title \1svg-desc"')


def _described_by(svg: str, steps_id: str) -> str:
    """The chart's SVG with a short accessible name (its <title>) and, as its
    description, the path list under it (`steps_id`) instead of the <desc> that says
    the same again: a screen reader hears the path once, from the list."""
    return _CHART_NAME.sub(
        lambda m: f'aria-labelledby="{m[1]}svg-title" aria-describedby="{steps_id}"', svg, count=1
    )


def _caption(rec: Recommendation | None) -> str:
    if rec is None or not rec.answers:
        chart = "The decision flowchart from the docs."
    elif rec.complete:
        chart = "The decision flowchart, with the path your answers took highlighted."
    else:
        chart = "The decision flowchart, with the path so far highlighted."
    return f"{chart} Dashed shapes and arrows are the wizard's additions to the docs' chart."


def flowchart_figure(
    rec: Recommendation | None, *, links: Links | None = None, number: int = 1
) -> FlowchartFigure:
    """Everything the figure shows, for a recommendation or (None) the whole chart.
    `number` counts the figures on one page, to keep their ids apart."""
    links = links or Links.of(rec)
    dom_id = "flowchart-figure" if number == 1 else f"flowchart-figure-{number}"
    try:
        chart = flowchart_svg(rec=rec, id_prefix="" if number == 1 else f"f{number}-")
        # Safe: our own dot output, in which the only user text (the workspace name in
        # <title>) was XML-escaped by svg.with_accessible_text, and our own id.
        svg = mark_safe(_described_by(chart, f"{dom_id}-steps"))
    except FlowchartRenderError:
        logger.exception("flowchart not rendered")
        svg = SafeString("")
    return FlowchartFigure(
        dom_id=dom_id,
        svg=svg,
        caption=_caption(rec),
        steps_title="The path, step by step" if rec and rec.answers else "How the chart reads",
        steps=path_steps(rec),
        svg_url=links.flowchart_svg,
        dot_url=links.flowchart_dot,
        mmd_url=links.flowchart_mmd,
    )
