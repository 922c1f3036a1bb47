from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from connectors_app.decision.answers import WORKSPACE_NAME
from connectors_app.forms import WorkspaceNameForm
from connectors_app.report_context import report_context
from connectors_app.request_answers import Reading, Surface, read_answers
from connectors_app.views.pages import HtmxHttpRequest


def _title_form(reading: Reading) -> WorkspaceNameForm | None:
    """Bound when the link carries a name, so an unacceptable one shows its error and
    keeps what was typed; None for a fresh form."""
    if WORKSPACE_NAME not in reading.given:
        return None
    form = WorkspaceNameForm({WORKSPACE_NAME: reading.given[WORKSPACE_NAME][-1]})
    form.is_valid()
    return form


@require_safe
def report(request: HtmxHttpRequest) -> HttpResponse:
    reading = read_answers(request, Surface.REPORT)
    # A bad choice, or a question still open: the wizard says what was wrong, or asks
    # it. A bad workspace name only leaves the report untitled (the form says why).
    if reading.problem_keys - {WORKSPACE_NAME} or not reading.rec.complete:
        return HttpResponseRedirect(reading.links.wizard_as_given)
    context = report_context(reading.rec, links=reading.links, title_form=_title_form(reading))
    return TemplateResponse(request, "connectors/report.html", context)
