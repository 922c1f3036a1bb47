# Owned by the flowchart work (issue 4): replace this placeholder.
from django.http import Http404


def flowchart_svg(request):
    raise Http404("not built yet")


def flowchart_dot(request):
    raise Http404("not built yet")


def flowchart_mmd(request):
    raise Http404("not built yet")
