# Owned by the PDF work (issue 5): replace this placeholder.
from django.http import Http404


def report_pdf(request):
    raise Http404("not built yet")
