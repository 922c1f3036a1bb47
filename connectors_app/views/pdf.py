from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from connectors_app.decision import FLOWCHART
from connectors_app.decision.answers import shown, summarise
from connectors_app.pdf import (
    DEFAULT_PAPER,
    PAPER_SIZES,
    RenderBusy,
    RenderFailed,
    cached_report_pdf,
    content_disposition,
    report_pdf_bytes,
)
from connectors_app.render_pool import FULL, hand_off, sent_back
from connectors_app.request_answers import Reading, Surface, read_answers

RETRY_AFTER_SECONDS = 5


def _text(status: int, message: str) -> HttpResponse:
    # Plain text: error messages quote what was sent, and text/plain (with nosniff,
    # set globally) can never run it.
    return HttpResponse(message + "\n", status=status, content_type="text/plain; charset=utf-8")


def _unavailable(
    request: HttpRequest, reading: Reading, *, paper: str, busy: bool
) -> TemplateResponse:
    """A page in the site's layout, not a bare text: what happened, a retry (by itself
    after Retry-After while busy, and with one tap), and the report with the answers kept."""
    context = {
        "busy": busy,
        "retry_after": RETRY_AFTER_SECONDS,
        "pdf_url": reading.links.pdf_on("" if paper == DEFAULT_PAPER else paper),
        "report_url": reading.links.report,
        "connector": reading.rec.connector,
    }
    response = TemplateResponse(request, "connectors/pdf_unavailable.html", context, status=503)
    if busy:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@require_safe
def report_pdf(request: HttpRequest) -> HttpResponse:
    reading = read_answers(request, Surface.PDF)
    rec, links = reading.rec, reading.links
    paper = reading.controls.get("paper", DEFAULT_PAPER)
    problems = [f"- {p.key}: {p.message}" for p in reading.problems]
    if paper not in PAPER_SIZES:
        problems.append(
            f"- paper: {shown(paper)} is not a paper size; valid: {', '.join(PAPER_SIZES)}."
        )
    if problems:
        return _text(
            400,
            "Cannot make the PDF: the request has problems.\n"
            + "\n".join(summarise(problems))
            + f"\nThe valid answers, in the wizard: {links.absolute(links.wizard)}",
        )
    if not rec.complete:
        assert rec.next_question is not None, "an incomplete walk has an open question"
        question = FLOWCHART.questions[rec.next_question]
        return _text(
            400,
            "Cannot make the PDF yet: the answers are incomplete.\n"
            f"Open question: {question.id} ({question.text})\n"
            f"Answer it in the wizard: {links.absolute(links.wizard)}",
        )

    today = timezone.localdate()
    pdf = cached_report_pdf(rec=rec, paper=paper, today=today, share_url=links.share)
    if pdf is None:
        if state := sent_back(request):
            return _unavailable(request, reading, paper=paper, busy=state == FULL)
        handed_off = hand_off(links.pdf_on("" if paper == DEFAULT_PAPER else paper))
        if handed_off is not None:
            return handed_off
        try:
            pdf = report_pdf_bytes(rec=rec, paper=paper, today=today, share_url=links.share)
        except RenderBusy:
            return _unavailable(request, reading, paper=paper, busy=True)
        except RenderFailed:
            return _unavailable(request, reading, paper=paper, busy=False)

    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(rec=rec, today=today)
    return response
