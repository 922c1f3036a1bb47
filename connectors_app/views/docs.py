# Owned by the docs and embed work (issue 6): replace this placeholder.
from django.http import Http404


def docs_page(request):
    raise Http404("not built yet")


def connector_page(request, connector_id):
    raise Http404("not built yet")


def embed(request):
    raise Http404("not built yet")


def embed_snippet(request):
    raise Http404("not built yet")
