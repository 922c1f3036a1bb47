"""Error pages. Under /embed/ they stay frameable by the embedding sites, so a failure
inside another site's iframe shows a message rather than a blank frame. Under the public
API's paths they are JSON in the API's own error shape, as a client there parses."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from connectors_app.embed import frameable_by_embedders
from connectors_app.views.api_public import json_error

MESSAGES = {
    400: ("Bad request", "The request could not be understood."),
    404: ("Page not found", "There is no page at this address."),
    500: ("Something went wrong", "The page could not be shown. Please try again shortly."),
}


def _error(request: HttpRequest, status: int) -> HttpResponse:
    api_index = _api_index()
    if api_index and request.path.startswith(api_index) and request.path != api_index:
        title, message = MESSAGES[status]
        return json_error(title, [{"key": "", "message": message}], status=status)
    embedded = request.path.startswith(reverse("connectors:embed"))
    title, message = MESSAGES[status]
    context = {"title": title, "message": message, "status": status, "embedded": embedded}

    def view(request: HttpRequest) -> HttpResponse:
        return render(request, "error.html", context, status=status)

    return frameable_by_embedders(view)(request) if embedded else view(request)


def _api_index() -> str:
    # An error handler must not fail in its turn: a URLconf without the API (a test's
    # own) just has no API paths.
    try:
        return reverse("api:index")
    except NoReverseMatch:
        return ""


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 400)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(request, 500)
