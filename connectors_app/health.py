"""/healthz: for load balancers and the benchmarks' baseline.

It touches nothing slow (no database, no cache, no template) and is never cached, so
its throughput is what the stack itself costs: the benchmarks' yardstick.
"""

from django.http import HttpRequest, HttpResponse


def healthz(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(b"ok\n", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response
