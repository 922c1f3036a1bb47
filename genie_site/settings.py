"""Settings for the Connector Wizard, driven by environment variables.

One settings module with safe defaults: DEBUG is off unless asked for, a secret
key is required outside DEBUG, and SQLite at the project root is used unless
DATABASE_URL says otherwise. Deployment checklist:
https://docs.djangoproject.com/en/5.2/howto/deployment/checklist/
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    # Only with DJANGO_DEBUG on; the name makes a leak obvious.
    SECRET_KEY = "django-insecure-dev-only-key-do-not-use-in-production"
# Outside DEBUG a missing key stops the web server at start-up (see wsgi.py), while
# commands that sign nothing, such as `manage.py recommend`, still run without one.
REQUIRE_SECRET_KEY_MESSAGE = (
    "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off. "
    "Set DJANGO_DEBUG=1 for local development, or provide a long random key."
)

# Never "*": Host header poisoning. Add the deployment's host names by env.
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")

# Origins allowed to frame the embeddable docs page (frame-ancestors on that view
# only). Empty means the app's own origin.
EMBED_ALLOWED_ORIGINS = env_list("EMBED_ALLOWED_ORIGINS")

# No admin, auth, sessions or contenttypes: the app has no models and must stay
# cookie-free so it works inside cross-site iframes where cookies are blocked.
INSTALLED_APPS = [
    "django.contrib.staticfiles",
    "django_htmx",
    "crispy_forms",
    "crispy_bootstrap5",
    "template_partials",
    "csp",
    "connectors_app",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Directly after SecurityMiddleware, as whitenoise's docs require.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "genie_site.urls"
WSGI_APPLICATION = "genie_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
            ],
            # {% partialdef %} everywhere without {% load partials %}, as the
            # django-template-partials README documents; Django 6 makes it core.
            "builtins": ["template_partials.templatetags.partials"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# PDF renders starve every other request (docs/security-notes.md): at most this many
# run at once on the host, and a request waits this long for a slot before a 503.
PDF_RENDER_SLOTS = int(os.environ.get("PDF_RENDER_SLOTS", "1"))
PDF_RENDER_WAIT_SECONDS = float(os.environ.get("PDF_RENDER_WAIT_SECONDS", "3"))

# Per-process cache: enough for memoising rendered flowcharts; nothing here is
# shared between workers.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

LANGUAGE_CODE = "en"
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# whitenoise serves straight from the finders, so no collectstatic is needed; a deploy
# that wants one names its folder here (unset, whitenoise warns of a missing folder).
STATIC_ROOT = os.environ.get("DJANGO_STATIC_ROOT") or None
# Serve straight from the finders so no collectstatic step is needed to run.
WHITENOISE_USE_FINDERS = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Framing: denied everywhere; the embed view opts out per view with
# @xframe_options_exempt and @csp_replace (csp_update would keep 'none').
X_FRAME_OPTIONS = "DENY"

# django-csp 4 dict form. No inline scripts or styles: htmx is configured by a
# <meta> tag and served as a static file.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
    }
}

# Deployment hardening, off by default so runserver over plain HTTP works.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT")
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD")
CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Trust X-Forwarded-Proto only when the proxy in front is known to set it.
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        # WeasyPrint logs unfetchable resources and CSS it ignores as warnings;
        # tests assert that a render logs nothing.
        "weasyprint": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "connectors_app": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
