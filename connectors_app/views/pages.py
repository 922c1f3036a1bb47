from dataclasses import dataclass

from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe
from django_htmx.middleware import HtmxDetails

from connectors_app.answer_rows import AnswerRow, answer_rows
from connectors_app.decision import CATALOGUE, Recommendation
from connectors_app.decision.gallery import EXAMPLES, Example
from connectors_app.decision.paths import path_length_range
from connectors_app.links import Links


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


@require_safe
def home(request: HtmxHttpRequest) -> TemplateResponse:
    fewest, most = path_length_range({})
    context = {"families": CATALOGUE.by_family(), "fewest": fewest, "most": most}
    return TemplateResponse(request, "connectors/home.html", context)


@dataclass(frozen=True)
class GalleryEntry:
    example: Example
    rec: Recommendation
    answers: tuple[AnswerRow, ...]  # in words, in path order
    report_url: str


def gallery_entries() -> tuple[GalleryEntry, ...]:
    """The advice gallery's examples (decision/gallery.py), each with its answers in
    words and the link to its full report."""
    entries = []
    for example in EXAMPLES:
        rec = example.recommendation()
        links = Links.of(rec)
        entries.append(GalleryEntry(example, rec, answer_rows(rec, links=links), links.report))
    return tuple(entries)


@require_safe
def gallery(request: HtmxHttpRequest) -> TemplateResponse:
    return TemplateResponse(request, "connectors/gallery.html", {"entries": gallery_entries()})
