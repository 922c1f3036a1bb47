from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


@require_GET
def home(request: HtmxHttpRequest) -> TemplateResponse:
    return TemplateResponse(request, "connectors/home.html", {})
