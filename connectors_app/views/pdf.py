from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from connectors_app.decision import FLOWCHART, recommend
from connectors_app.pdf import (
    DEFAULT_PAPER,
    PAPER_SIZES,
    RenderBusy,
    RenderFailed,
    content_disposition,
    report_pdf_bytes,
)
from connectors_app.querystring import answers_query, parse_query

RETRY_AFTER_SECONDS = 5


def _text(status: int, message: str) -> HttpResponse:
    # Plain text: error messages quote what was sent, and text/plain (with nosniff,
    # set globally) can never run it.
    return HttpResponse(message + "\n", status=status, content_type="text/plain; charset=utf-8")


@require_safe
def report_pdf(request: HttpRequest) -> HttpResponse:
    parsed = parse_query(request.GET, ignore=("paper",), skip_unknown=True)
    paper = request.GET.get("paper", DEFAULT_PAPER)
    problems = [f"- {p.key}: {p.message}" for p in parsed.problems]
    if paper not in PAPER_SIZES:
        problems.append(f"- paper: {paper!r} is not a paper size; valid: {', '.join(PAPER_SIZES)}.")
    if problems:
        query = answers_query(parsed.answers, parsed.workspace_name)
        wizard = request.build_absolute_uri(f"{reverse('connectors:wizard')}?{query}")
        return _text(
            400,
            "Cannot make the PDF: the request has problems.\n"
            + "\n".join(problems)
            + f"\nThe valid answers, in the wizard: {wizard}",
        )

    rec = recommend(**parsed.answers, workspace_name=parsed.workspace_name)
    if not rec.complete:
        assert rec.next_question is not None, "an incomplete walk has an open question"
        question = FLOWCHART.questions[rec.next_question]
        query = answers_query({**rec.answers, **rec.pending}, rec.workspace_name)
        wizard = request.build_absolute_uri(f"{reverse('connectors:wizard')}?{query}")
        return _text(
            400,
            "Cannot make the PDF yet: the answers are incomplete.\n"
            f"Open question: {question.id} ({question.text})\n"
            f"Answer it in the wizard: {wizard}",
        )

    today = timezone.localdate()
    report = f"{reverse('connectors:report')}?{answers_query(rec.answers, rec.workspace_name)}"
    try:
        pdf = report_pdf_bytes(
            rec=rec, paper=paper, today=today, share_url=request.build_absolute_uri(report)
        )
    except RenderBusy:
        response = _text(503, "The server is busy making other PDFs; please retry shortly.")
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    except RenderFailed:
        return _text(503, "Sorry, the PDF could not be made. The error has been logged.")

    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(rec=rec, today=today)
    return response
