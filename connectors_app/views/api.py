from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_safe

from connectors_app.decision import AnswerError, AnswerProblem, to_contract
from connectors_app.decision.answers import PROBLEMS_SHOWN
from connectors_app.request_answers import Surface, read_answers


def _bad_request(problems: tuple[AnswerProblem, ...]) -> JsonResponse:
    # The message names a few problems then counts the rest; `errors` lists the same few.
    errors = [{"key": p.key, "message": p.message} for p in problems[:PROBLEMS_SHOWN]]
    body = {"error": str(AnswerError(problems)), "errors": errors}
    return JsonResponse(body, status=400, json_dumps_params={"ensure_ascii": False})


@require_safe
def recommendation(request: HttpRequest) -> JsonResponse:
    reading = read_answers(request, Surface.API)
    if reading.problems:
        return _bad_request(reading.problems)
    return JsonResponse(to_contract(reading.rec), json_dumps_params={"ensure_ascii": False})
