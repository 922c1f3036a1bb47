from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from connectors_app.decision import recommend
from connectors_app.decision.answers import WORKSPACE_NAME
from connectors_app.forms import WorkspaceNameForm
from connectors_app.querystring import answers_query, parse_query
from connectors_app.report_context import report_context
from connectors_app.views.pages import HtmxHttpRequest


@require_safe
def report(request: HtmxHttpRequest) -> HttpResponse:
    parsed = parse_query(request.GET, skip_unknown=True)
    wizard_url = reverse("connectors:wizard")
    # A bad key or choice: the wizard says what was wrong and where to pick up.
    if any(problem.key != WORKSPACE_NAME for problem in parsed.problems):
        return HttpResponseRedirect(f"{wizard_url}?{request.GET.urlencode()}")
    rec = recommend(**parsed.answers, workspace_name=parsed.workspace_name)
    if not rec.complete:
        return HttpResponseRedirect(f"{wizard_url}?{request.GET.urlencode()}")
    title_form = None
    if WORKSPACE_NAME in request.GET:
        # Bound, so an unacceptable name shows its error and keeps what was typed.
        title_form = WorkspaceNameForm(request.GET)
        title_form.is_valid()
    context = report_context(
        rec,
        query=answers_query(rec.answers, rec.workspace_name),
        title_form=title_form,
    )
    context["share_url"] = request.build_absolute_uri(context["report_url"])
    return TemplateResponse(request, "connectors/report.html", context)
