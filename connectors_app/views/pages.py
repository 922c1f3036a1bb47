from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe
from django_htmx.middleware import HtmxDetails

from connectors_app.decision import CATALOGUE
from connectors_app.decision.paths import path_length_range


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


@require_safe
def home(request: HtmxHttpRequest) -> TemplateResponse:
    fewest, most = path_length_range({})
    context = {"families": CATALOGUE.by_family(), "fewest": fewest, "most": most}
    return TemplateResponse(request, "connectors/home.html", context)
