from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe
from django_htmx.http import HttpResponseClientRedirect, push_url

from connectors_app.views.pages import HtmxHttpRequest
from connectors_app.wizard_flow import wizard_state


@require_safe
def wizard(request: HtmxHttpRequest) -> HttpResponse:
    state = wizard_state(request.GET, base_url=reverse("connectors:wizard"))
    # A complete, valid set shows the report, at its own bookmarkable URL.
    if state.complete and not state.has_problems:
        if request.htmx:
            return HttpResponseClientRedirect(state.report_url)
        return HttpResponseRedirect(state.report_url)
    context = {"state": state, "rec": state.rec, "flowchart_query": state.query}
    if request.htmx and not request.htmx.history_restore_request:
        response = TemplateResponse(request, "connectors/wizard.html#wizard-step", context)
        # The address bar shows the answers in effect, whatever the request carried.
        push_url(response, state.url)
    else:
        response = TemplateResponse(request, "connectors/wizard.html", context)
    # The same URL answers with a partial or a page: caches must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response
