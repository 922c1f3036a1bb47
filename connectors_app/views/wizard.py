from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe
from django_htmx.http import HttpResponseClientRedirect, push_url

from connectors_app.views.pages import HtmxHttpRequest
from connectors_app.wizard_flow import read_wizard, shows_report, wizard_state


@require_safe
def wizard(request: HtmxHttpRequest) -> HttpResponse:
    reading, submitted = read_wizard(request)
    # A complete, valid set shows the report, at its own bookmarkable URL.
    if shows_report(reading):
        if request.htmx:
            return HttpResponseClientRedirect(reading.links.report)
        return HttpResponseRedirect(reading.links.report)
    state = wizard_state(reading, with_figure=True, submitted=submitted)
    if request.htmx and not request.htmx.history_restore_request:
        response = TemplateResponse(request, "connectors/wizard.html#wizard-step", {"state": state})
        # The address bar shows the answers in effect, whatever the request carried; a
        # step sent back with an error stays the same history entry.
        push_url(response, False if state.missing_answer else state.url)
    else:
        response = TemplateResponse(request, "connectors/wizard.html", {"state": state})
    # The same URL answers with a partial or a page: caches must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response
