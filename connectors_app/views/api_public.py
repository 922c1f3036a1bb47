"""The public API beside /api/recommendation: questions, connectors, saved reports and
the OpenAPI document. JSON in and out; bad input is a 400 naming the key (the
contract's error shape); a wrong method is a 405 with Allow."""

import json
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from connectors_app import ratelimit
from connectors_app.api_data import (
    connectors_document,
    questions_document,
    report_document,
    report_links,
)
from connectors_app.api_schema import openapi_document
from connectors_app.decision import AnswerError, AnswerProblem, parse_answers, recommend
from connectors_app.decision.answers import PROBLEMS_SHOWN
from connectors_app.links import absolute_url
from connectors_app.post_routes import accepts_post
from connectors_app.saved_reports import expires, get_live, save_report

MAX_BODY_BYTES = 16 * 1024
JSON_PARAMS = {"ensure_ascii": False}


def _json(body: Any, status: int = 200) -> JsonResponse:
    return JsonResponse(body, status=status, safe=False, json_dumps_params=JSON_PARAMS)


def json_error(message: str, errors: list[dict[str, str]], status: int = 400) -> JsonResponse:
    response = _json({"error": message, "errors": errors}, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _problems(problems: tuple[AnswerProblem, ...]) -> JsonResponse:
    errors = [{"key": p.key, "message": p.message} for p in problems[:PROBLEMS_SHOWN]]
    return json_error(str(AnswerError(problems)), errors)


@require_safe
def questions(request: HttpRequest) -> JsonResponse:
    return _json(questions_document())


@require_safe
def connectors(request: HttpRequest) -> JsonResponse:
    return _json(connectors_document())


@require_safe
def openapi(request: HttpRequest) -> JsonResponse:
    return _json(openapi_document())


@require_safe
def api_page(request: HttpRequest) -> TemplateResponse:
    context = {"doc": openapi_document()}
    return TemplateResponse(request, "api/index.html", context)


@csrf_exempt  # the API is cookie-free: no session or cookie to ride on
@accepts_post
@require_http_methods(["POST"])
def reports(request: HttpRequest) -> HttpResponse:
    too_many = ratelimit.limited(request, "api-recommendation")
    if too_many is not None:
        return too_many
    # Refused before it is read, by its declared length, then by what actually came.
    declared = request.META.get("CONTENT_LENGTH") or "0"
    if (
        not declared.isdigit()
        or int(declared) > MAX_BODY_BYTES
        or len(request.body) > MAX_BODY_BYTES
    ):
        return json_error("The body is too large.", [{"key": "", "message": "At most 16 KB."}], 413)
    try:
        raw = json.loads(request.body or b"null")
    except (ValueError, RecursionError):
        message = "The body must be a JSON object of question ids and choices."
        return json_error(message, [{"key": "", "message": message}])
    if not isinstance(raw, dict):
        message = "The body must be a JSON object of question ids and choices."
        return json_error(message, [{"key": "", "message": message}])
    parsed = parse_answers(raw)
    if parsed.problems:
        return _problems(parsed.problems)
    rec = recommend(**parsed.answers, workspace_name=parsed.workspace_name)
    if not rec.complete:
        key = rec.next_question or ""
        message = f"The answers are incomplete: {key} has no answer, so there is no report to save."
        return json_error(message, [{"key": key, "message": message}])
    saved = save_report(rec=rec)
    links = report_links(saved.report)
    delete = f"{links['url']}delete/?token={saved.delete_token}"
    body = {
        "id": saved.report.pk,
        "url": absolute_url(request, links["url"]),
        "pdf_url": absolute_url(request, links["pdf_url"]),
        "delete_url": absolute_url(request, delete),
        "expires": expires(saved.report).isoformat(),
        "recommendation": saved.report.recommendation,
    }
    response = _json(body, status=201)
    response["Location"] = body["url"]
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@require_safe
def report(request: HttpRequest, report_id: str) -> JsonResponse:
    saved = get_live(report_id)
    if saved is None:
        message = "There is no saved report with this id (it may have expired or been deleted)."
        return json_error(message, [{"key": "id", "message": message}], status=404)
    return _json(report_document(saved))
