"""Two small guards every response passes through.

- AllowedMethodsMiddleware: the app's pages take GET and HEAD only (the state is in the
  URL; there is no form to post). Any other method gets 405 with `Allow`, before the
  CSRF middleware can answer a POST with its 403 failure page.
- DefaultSecurityHeadersMiddleware, outermost: a response that never reached the CSP
  and framing middleware (a bad Host header fails inside the middleware stack, so its
  400 skips them) still gets the global CSP, X-Frame-Options DENY, nosniff and the
  referrer policy. Responses that went through them are left as they are, so the embed
  views' own frame-ancestors stand.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from csp.constants import HEADER as CSP_HEADER
from csp.utils import build_policy
from django.conf import settings
from django.http import HttpRequest, HttpResponseNotAllowed
from django.http.response import HttpResponseBase
from django.urls import reverse

from connectors_app.embed import frameable_by_embedders

SAFE_METHODS = ("GET", "HEAD")


GetResponse = Callable[[HttpRequest], HttpResponseBase]


class AllowedMethodsMiddleware:
    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, args: Any, kwargs: Any
    ) -> HttpResponseBase | None:
        # Only our own routes: the resolver found one, so this is not a 404.
        if request.method in SAFE_METHODS:
            return None

        def not_allowed(request: HttpRequest) -> HttpResponseBase:
            response = HttpResponseNotAllowed(SAFE_METHODS)
            response["Cache-Control"] = "no-store"
            return response

        # Under /embed/ even an error stays frameable by the embedding sites (as in
        # views/errors.py): a refusal must not show as a blank frame.
        if request.path.startswith(reverse("connectors:embed")):
            return frameable_by_embedders(not_allowed)(request)
        return not_allowed(request)


class DefaultSecurityHeadersMiddleware:
    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if CSP_HEADER not in response:
            # Only a response that skipped CSPMiddleware lacks the header (it sets one on
            # everything else), so framing is denied here too without second-guessing
            # the embed views.
            response[CSP_HEADER] = build_policy()
            response.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        response.setdefault("X-Content-Type-Options", "nosniff")
        if settings.SECURE_REFERRER_POLICY:
            response.setdefault("Referrer-Policy", settings.SECURE_REFERRER_POLICY)
        if settings.SECURE_CROSS_ORIGIN_OPENER_POLICY:
            response.setdefault(
                "Cross-Origin-Opener-Policy", settings.SECURE_CROSS_ORIGIN_OPENER_POLICY
            )
        return response
