"""Error pages. Under /embed/ they stay frameable by the embedding sites, so a failure
inside another site's iframe shows a message rather than a blank frame."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from connectors_app.embed import frameable_by_embedders

MESSAGES = {
    400: ("Bad request", "The request could not be understood."),
    404: ("Page not found", "There is no page at this address."),
    500: ("Something went wrong", "The page could not be shown. Please try again shortly."),
}


def _error(request: HttpRequest, status: int) -> HttpResponse:
    embedded = request.path.startswith(reverse("connectors:embed"))
    title, message = MESSAGES[status]
    context = {"title": title, "message": message, "status": status, "embedded": embedded}

    def view(request: HttpRequest) -> HttpResponse:
        return render(request, "error.html", context, status=status)

    return frameable_by_embedders(view)(request) if embedded else view(request)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 400)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(request, 500)
