from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from connectors_app.decision import AnswerProblem
from connectors_app.decision.answers import summarise
from connectors_app.flowchart import svg as svg_renderer
from connectors_app.flowchart.graph import build_flowchart, highlight_for
from connectors_app.flowchart.mermaid import flowchart_mermaid
from connectors_app.request_answers import Surface, read_answers

# A chart depends only on its query and the model version, which changes on deploy.
MAX_AGE_SECONDS = 3600


def _text(status: int, text: str) -> HttpResponse:
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")


def _bad_request(problems: tuple[AnswerProblem, ...]) -> HttpResponse:
    lines = summarise([f"- {p.key}: {p.message}" for p in problems])
    return _text(
        400, "The flowchart cannot be drawn for these answers:\n" + "\n".join(lines) + "\n"
    )


def _export(content: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    patch_cache_control(response, public=True, max_age=MAX_AGE_SECONDS)
    return response


@require_safe
def flowchart_svg(request: HttpRequest) -> HttpResponse:
    reading = read_answers(request, Surface.FLOWCHART)
    if reading.problems:
        return _bad_request(reading.problems)
    try:
        svg = svg_renderer.flowchart_svg(rec=reading.rec)
    except svg_renderer.FlowchartRenderError:
        return _text(503, "The flowchart could not be drawn just now; please try again.\n")
    return _export(svg + "\n", "image/svg+xml; charset=utf-8")


@require_safe
def flowchart_dot(request: HttpRequest) -> HttpResponse:
    reading = read_answers(request, Surface.FLOWCHART)
    if reading.problems:
        return _bad_request(reading.problems)
    source = build_flowchart(highlight=highlight_for(reading.rec)).source
    return _export(source, "text/vnd.graphviz; charset=utf-8")


@require_safe
def flowchart_mmd(request: HttpRequest) -> HttpResponse:
    reading = read_answers(request, Surface.FLOWCHART)
    if reading.problems:
        return _bad_request(reading.problems)
    return _export(
        flowchart_mermaid(highlight=highlight_for(reading.rec)), "text/plain; charset=utf-8"
    )
