# Owned by the report work (issue 3): replace this placeholder.
from django.http import Http404


def report(request):
    raise Http404("report not built yet")
