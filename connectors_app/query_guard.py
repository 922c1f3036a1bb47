"""Refuse a query string with too many fields, before anything reads it.

Django raises TooManyFieldsSent the first time `request.GET` is read with more than
DATA_UPLOAD_MAX_NUMBER_FIELDS fields. Left to whichever code read it first, that was a
500 under DEBUG (the technical 400 page reads the query again and fails a second time)
and, in production, an HTML 400 on the JSON API with a traceback in the log.

The middleware reads it first, near the top of MIDDLEWARE (below it nothing may read
the query before it has). On failure it empties `request.GET` and routes the request
to `refuse` through this module's URLconf: the refusal then travels the rest of the
stack like any response and gets the same headers, the embed's frame-ancestors
included, while no cache or rate limit mistakes it for a page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse, QueryDict
from django.urls import include, path, re_path, reverse

from connectors_app.views.errors import bad_request

logger = logging.getLogger(__name__)


class QueryStringGuard:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        try:
            request.GET  # noqa: B018 (parsed here first, where its failure is caught)
        except TooManyFieldsSent:
            # Empty, so that nothing that still looks at the query fails again.
            request.GET = QueryDict()
            request.urlconf = __name__
        return self.get_response(request)


def refuse(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    """The short 400 for a query string with too many fields: JSON on the API, the
    error page (frameable under /embed/) everywhere else. Logged in one line."""
    limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    if request.path == reverse("connectors:api-recommendation"):
        message = f"The query string has more than {limit} fields."
        response: HttpResponse = JsonResponse({"error": message, "errors": []}, status=400)
    else:
        response = bad_request(request)
    logger.warning(
        "Refused %s: its query string (%d bytes) has more than %s fields",
        request.path,
        len(request.META.get("QUERY_STRING", "")),
        limit,
    )
    # The line above says why; Django's own "Bad Request" line would only repeat it.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


# Every path is refused; the site's own URLs follow so that reverse() still finds them.
urlpatterns = [
    re_path(r"^", refuse),
    path("", include(settings.ROOT_URLCONF)),
]
