# Owned by the wizard work (issue 3): replace this placeholder.
from django.http import Http404


def wizard(request):
    raise Http404("wizard not built yet")
