"""CORS for the public API's GET answers: only for settings.API_CORS_ORIGINS (by default
the embedding sites). Outside the response cache in MIDDLEWARE, so a cached answer
never carries another origin's header; `Vary: Origin` on every API answer keeps
shared caches apart too."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.cache import patch_vary_headers

API_PREFIX = "/api/"


class ApiCorsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if not request.path_info.startswith(API_PREFIX):
            return response
        patch_vary_headers(response, ["Origin"])
        origin = request.headers.get("Origin", "")
        allowed = getattr(settings, "API_CORS_ORIGINS", ())
        if request.method in ("GET", "HEAD") and origin and origin in allowed:
            response["Access-Control-Allow-Origin"] = origin
        return response
