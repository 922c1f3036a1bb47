from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from connectors_app import flowchart_svg as svg_renderer
from connectors_app.decision import Recommendation, recommend
from connectors_app.flowchart_graph import build_flowchart, highlight_for
from connectors_app.mermaid import flowchart_mermaid
from connectors_app.querystring import parse_query

# A chart depends only on its query and the model version, which changes on deploy.
MAX_AGE_SECONDS = 3600


def _recommendation(request: HttpRequest) -> Recommendation | HttpResponse:
    """The recommendation for the query's answers, or a 400 naming every bad key."""
    parsed = parse_query(request.GET, skip_unknown=True)
    if parsed.problems:
        lines = [f"- {p.key}: {p.message}" for p in parsed.problems]
        text = "The flowchart cannot be drawn for these answers:\n" + "\n".join(lines) + "\n"
        return HttpResponse(text, status=400, content_type="text/plain; charset=utf-8")
    return recommend(**parsed.answers, workspace_name=parsed.workspace_name)


def _export(content: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    patch_cache_control(response, public=True, max_age=MAX_AGE_SECONDS)
    return response


@require_safe
def flowchart_svg(request: HttpRequest) -> HttpResponse:
    rec = _recommendation(request)
    if isinstance(rec, HttpResponse):
        return rec
    try:
        svg = svg_renderer.flowchart_svg(rec=rec)
    except svg_renderer.FlowchartRenderError:
        return HttpResponse(
            "The flowchart could not be drawn just now; please try again.\n",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    return _export(svg + "\n", "image/svg+xml; charset=utf-8")


@require_safe
def flowchart_dot(request: HttpRequest) -> HttpResponse:
    rec = _recommendation(request)
    if isinstance(rec, HttpResponse):
        return rec
    source = build_flowchart(highlight=highlight_for(rec)).source
    return _export(source, "text/vnd.graphviz; charset=utf-8")


@require_safe
def flowchart_mmd(request: HttpRequest) -> HttpResponse:
    rec = _recommendation(request)
    if isinstance(rec, HttpResponse):
        return rec
    return _export(flowchart_mermaid(highlight=highlight_for(rec)), "text/plain; charset=utf-8")
