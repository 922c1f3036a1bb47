"""`{% flowchart_figure rec %}`: the flowchart of a recommendation's path, as a figure.

`connectors/_flowchart_figure.html` also works through `{% include %}` with `rec` in
the context (or without one, for the whole chart): it asks `flowchart_figure_data`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from connectors_app.decision import Recommendation
from connectors_app.flowchart_svg import FlowchartRenderError, flowchart_svg
from connectors_app.flowchart_text import path_steps
from connectors_app.querystring import answers_query

register = template.Library()
logger = logging.getLogger(__name__)

# Counts the figures of one request, so that a page with two keeps its ids unique.
_COUNTER = "_flowchart_figures"


@dataclass(frozen=True)
class FlowchartFigure:
    dom_id: str  # "flowchart-figure" for a page's first figure, then "-2", "-3"...
    svg: SafeString  # empty when `dot` failed: the text alternative still stands
    caption: str
    steps_title: str
    steps: tuple[str, ...]
    svg_url: str
    dot_url: str
    mmd_url: str


def _caption(rec: Recommendation | None) -> str:
    if rec is None or not rec.answers:
        chart = "The decision flowchart from the docs."
    elif rec.complete:
        chart = "The decision flowchart, with the path your answers took highlighted."
    else:
        chart = "The decision flowchart, with the path so far highlighted."
    return f"{chart} Dashed shapes and arrows are the wizard's additions to the docs' chart."


def flowchart_figure_for(rec: Recommendation | None, *, number: int = 1) -> FlowchartFigure:
    """Everything the figure shows, for a recommendation or (None) the whole chart;
    `number` counts the figures on the page, to keep their ids apart."""
    query = answers_query(rec.answers, rec.workspace_name) if rec is not None else ""
    suffix = f"?{query}" if query else ""
    try:
        # Safe: our own dot output, in which the only user text (the workspace name in
        # <title>) was XML-escaped by flowchart_svg.with_accessible_text.
        svg = mark_safe(flowchart_svg(rec=rec, id_prefix="" if number == 1 else f"f{number}-"))
    except FlowchartRenderError:
        logger.exception("flowchart not rendered")
        svg = SafeString("")
    return FlowchartFigure(
        dom_id="flowchart-figure" if number == 1 else f"flowchart-figure-{number}",
        svg=svg,
        caption=_caption(rec),
        steps_title="The path, step by step" if rec and rec.answers else "How the chart reads",
        steps=path_steps(rec),
        svg_url=reverse("connectors:flowchart-svg") + suffix,
        dot_url=reverse("connectors:flowchart-dot") + suffix,
        mmd_url=reverse("connectors:flowchart-mmd") + suffix,
    )


def _recommendation(rec: object) -> Recommendation | None:
    # An {% include %} without `rec` in the context passes "" (string_if_invalid).
    return rec if isinstance(rec, Recommendation) else None


def _next_number(context: template.Context) -> int:
    request = context.get("request")
    if request is None:
        return 1
    number = getattr(request, _COUNTER, 0) + 1
    setattr(request, _COUNTER, number)
    return number


@register.simple_tag(takes_context=True)
def flowchart_figure_data(context: template.Context, rec: object = None) -> FlowchartFigure:
    return flowchart_figure_for(_recommendation(rec), number=_next_number(context))


@register.inclusion_tag("connectors/_flowchart_figure.html", takes_context=True)
def flowchart_figure(context: template.Context, rec: object = None) -> dict[str, object]:
    return {"rec": _recommendation(rec), "request": context.get("request")}
