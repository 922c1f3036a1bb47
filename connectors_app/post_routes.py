"""The few views that take more than GET and HEAD.

serving_middleware.AllowedMethodsMiddleware answers 405 to anything but GET/HEAD on
every route, before CSRF's 403 page can answer a POST. That still holds for the
wizard's pages; a view that takes a POST (Save, the reports API) says so with
`@accepts_post`, and the admin and the staff login, which are Django's own, take theirs.
Each such view still limits its methods itself (`require_http_methods`) and, unless it
is the cookie-free API, goes through CSRF.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.http import HttpRequest
from django.http.response import HttpResponseBase

from connectors_app import serving_middleware

V = TypeVar("V", bound=Callable[..., Any])

# Django's own apps, which have their own forms and CSRF.
OPEN_APPS = ("django.contrib.admin", "django.contrib.auth")


def accepts_post(view: V) -> V:
    """Mark a view as one the 405 guard lets through; it limits its methods itself."""
    view.accepts_post = True  # type: ignore[attr-defined]
    return view


class AllowedMethodsMiddleware(serving_middleware.AllowedMethodsMiddleware):
    def process_view(
        self, request: HttpRequest, view_func: Any, args: Any, kwargs: Any
    ) -> HttpResponseBase | None:
        if getattr(view_func, "accepts_post", False):
            return None
        module = getattr(view_func, "__module__", "") or ""
        if module.startswith(OPEN_APPS):
            return None
        return super().process_view(request, view_func, args, kwargs)
