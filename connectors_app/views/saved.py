from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from connectors_app import ratelimit
from connectors_app.links import absolute_url
from connectors_app.pdf import RenderBusy, RenderFailed
from connectors_app.post_routes import accepts_post
from connectors_app.render_pool import FULL, hand_off, sent_back
from connectors_app.request_answers import Surface, read_query
from connectors_app.saved_pdf import cached_saved_report_pdf, saved_report_pdf
from connectors_app.saved_reports import get_live, may_delete, retention, save_report
from connectors_app.saved_view_models import saved_page

# The POST's own field, not an answer.
CSRF_FIELD = "csrfmiddlewaretoken"


def _gone(request: HttpRequest) -> TemplateResponse:
    context = {"days": retention().days}
    return TemplateResponse(request, "connectors/saved/missing.html", context, status=404)


@never_cache
@accepts_post
@require_http_methods(["GET", "HEAD", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    """GET: what will be saved, and the Save button (a CSRF-protected form, on our own
    site only: the report page and the embed link here). POST: save it."""
    if request.method == "POST":
        too_many = ratelimit.limited(request, "api-recommendation")
        if too_many is not None:
            return too_many
        data = request.POST.copy()
        data.pop(CSRF_FIELD, None)
        reading = read_query(data, Surface.API)
    else:
        reading = read_query(request.GET, Surface.REPORT)
    if reading.problems or not reading.rec.complete:
        if request.method == "POST":
            context = {"problems": reading.problems, "complete": reading.rec.complete}
            return TemplateResponse(request, "connectors/saved/invalid.html", context, status=400)
        return HttpResponseRedirect(reading.links.wizard_as_given)
    if request.method == "GET" or request.method == "HEAD":
        context = {"rec": reading.rec, "links": reading.links, "days": retention().days}
        return TemplateResponse(request, "connectors/saved/new.html", context)
    saved = save_report(rec=reading.rec)
    url = reverse("saved:detail", args=[saved.report.pk])
    delete = reverse("saved:delete", args=[saved.report.pk]) + f"?token={saved.delete_token}"
    context = {
        "page": saved_page(saved.report),
        "permanent_url": absolute_url(request, url),
        "delete_url": absolute_url(request, delete),
        "days": retention().days,
    }
    return TemplateResponse(request, "connectors/saved/created.html", context, status=201)


@never_cache
@require_safe
def detail(request: HttpRequest, report_id: str) -> HttpResponse:
    report = get_live(report_id)
    if report is None:
        return _gone(request)
    page = saved_page(report)
    context = {"page": page, "permanent_url": absolute_url(request, page.url)}
    return TemplateResponse(request, "connectors/saved/detail.html", context)


def _pdf_unavailable(*, busy: bool) -> HttpResponse:
    response = HttpResponse(
        "Busy making other PDFs; try again in a few seconds.\n"
        if busy
        else "The PDF could not be made just now; try again in a few seconds.\n",
        status=503,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = "5"
    return response


@require_safe
def pdf(request: HttpRequest, report_id: str) -> HttpResponse:
    report = get_live(report_id)
    if report is None:
        return _gone(request)
    # One that nginx sends back from the render pool was counted on its first pass.
    too_many = None if sent_back(request) else ratelimit.limited(request, "report-pdf")
    if too_many is not None:
        return too_many
    permanent = absolute_url(request, reverse("saved:detail", args=[report.pk]))
    body = cached_saved_report_pdf(report=report, permanent_url=permanent)
    if body is None:
        if state := sent_back(request):
            return _pdf_unavailable(busy=state == FULL)
        handed_off = hand_off(request.path)
        if handed_off is not None:
            return handed_off
        try:
            body = saved_report_pdf(report=report, permanent_url=permanent)
        except RenderBusy:
            return _pdf_unavailable(busy=True)
        except RenderFailed:
            # A retry may work (the failure was logged): a 503 that says so, never a 500.
            return _pdf_unavailable(busy=False)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="saved-report-{report.pk}.pdf"'
    response["Cache-Control"] = "private, no-cache"
    return response


@never_cache
@accepts_post
@require_http_methods(["GET", "HEAD", "POST"])
def delete(request: HttpRequest, report_id: str) -> HttpResponse:
    report = get_live(report_id)
    if report is None:
        return _gone(request)
    token = (request.POST if request.method == "POST" else request.GET).get("token", "")
    if not may_delete(report, token):
        raise Http404("no such delete link")
    if request.method == "POST":
        report.delete()
        return TemplateResponse(request, "connectors/saved/deleted.html", {})
    context = {"page": saved_page(report), "token": token}
    return TemplateResponse(request, "connectors/saved/delete.html", context)


def home_redirect(request: HttpRequest) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("connectors:home"))
