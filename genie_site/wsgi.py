"""WSGI entry point, used by gunicorn (sync workers, about one per core)."""

import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "genie_site.settings")

application = get_wsgi_application()

# Serving needs a secret key (CSRF, signing): refuse to start without one.
if not settings.SECRET_KEY:
    raise ImproperlyConfigured(settings.REQUIRE_SECRET_KEY_MESSAGE)
