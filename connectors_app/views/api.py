from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_safe

from connectors_app.decision import AnswerError, recommend, to_contract
from connectors_app.querystring import parse_query


@require_safe
def recommendation(request: HttpRequest) -> JsonResponse:
    parsed = parse_query(request.GET)
    try:
        parsed.raise_problems()
        rec = recommend(**parsed.answers, workspace_name=parsed.workspace_name)
    except AnswerError as exc:
        errors = [{"key": p.key, "message": p.message} for p in exc.problems]
        return JsonResponse({"error": str(exc), "errors": errors}, status=400)
    return JsonResponse(to_contract(rec), json_dumps_params={"ensure_ascii": False})
