"""Settings for the Connector Wizard, driven by environment variables.

One settings module with safe defaults: DEBUG is off unless asked for, a secret
key is required outside DEBUG, and SQLite at the project root is used unless
DATABASE_URL says otherwise. Deployment checklist:
https://docs.djangoproject.com/en/5.2/howto/deployment/checklist/
"""

import os
import sys
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

# Absolute links (share link, PDF's printed link, embed snippet) are built on this
# origin, e.g. https://wizard.example.com; a deploy sets it (check --deploy says so).
# Unset, they fall back to the request, which is only safe because nothing a client
# sends beyond a validated Host counts: no X-Forwarded-Host, no X-Forwarded-Port, and
# X-Forwarded-Proto only when DJANGO_SECURE_PROXY_SSL_HEADER vouches for the proxy.
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "").strip().rstrip("/")
USE_X_FORWARDED_HOST = False
USE_X_FORWARDED_PORT = False

# Under pytest, tests elsewhere count renders and `dot` runs per request and override
# settings between requests: a response cache or a rate limit shared across tests would
# hide those. The serving tests switch both on explicitly.
TESTING = "pytest" in sys.modules

# Origins allowed to frame the embeddable docs page (frame-ancestors on that view
# only). Empty means the app's own origin.
EMBED_ALLOWED_ORIGINS = env_list("EMBED_ALLOWED_ORIGINS")

# Saved reports (/r/<id>/) are kept this many days, then 404 and `manage.py
# purge_saved_reports` deletes them.
SAVED_REPORT_RETENTION_DAYS = int(os.environ.get("SAVED_REPORT_RETENTION_DAYS", "365"))
# Daily counters for /insights/ (insights.py), buffered per process and written at most
# every INSIGHTS_FLUSH_SECONDS. Off under pytest unless a test switches it on.
INSIGHTS_ENABLED = env_bool("INSIGHTS_ENABLED", default=not TESTING)
INSIGHTS_FLUSH_SECONDS = float(os.environ.get("INSIGHTS_FLUSH_SECONDS", "10"))
# The public API's GET answers carry Access-Control-Allow-Origin for these origins
# (views/api_public.py); by default the embedders'.
API_CORS_ORIGINS = env_list("API_CORS_ORIGINS") or EMBED_ALLOWED_ORIGINS

# The wizard, report and embed stay cookie-free so they work inside cross-site iframes
# where cookies are blocked; admin, auth and sessions only serve /admin/, /insights/ and
# the first-party Save form (saved_reports.py).
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "crispy_forms",
    "crispy_bootstrap5",
    "template_partials",
    "csp",
    "connectors_app",
]

MIDDLEWARE = [
    # Outermost: CSP and framing headers on responses that skip the inner middleware
    # (a bad Host's 400 is raised inside the stack).
    "connectors_app.serving_middleware.DefaultSecurityHeadersMiddleware",
    "connectors_app.query_guard.QueryStringGuard",  # before anything reads request.GET
    "django.middleware.security.SecurityMiddleware",
    # Directly after SecurityMiddleware, as whitenoise's docs require.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Counts wizard steps and reports for /insights/ (insights.py): outside the response
    # cache so a cached step still counts; no cookie, no address, only daily totals.
    "connectors_app.insights.InsightsMiddleware",
    # Access-Control-Allow-Origin on the API's GETs for API_CORS_ORIGINS (cors.py).
    "connectors_app.cors.ApiCorsMiddleware",
    # ETag, 304, Cache-Control, gzip, the response cache and the rate limits
    # (http_cache.py): outside CSP, framing and CSRF, so cached entries hold their final
    # headers.
    "connectors_app.http_cache.PageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Session and auth only act where a view reads them (admin, insights, Save).
    "django.contrib.sessions.middleware.SessionMiddleware",
    # 405 for anything but GET/HEAD, before CSRF's 403 page can answer a POST; the few
    # views that take a POST (Save, the reports API, admin) are let through.
    "connectors_app.post_routes.AllowedMethodsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
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
                # Lazy: read only by the admin's and the insights' templates.
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
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
# run at once on the host, and a request that finds no free slot waits this long (by
# default not at all) before a 503 with Retry-After, so it never holds a worker that a
# wizard step needs. Each render runs in a short-lived child process (pdf.py).
PDF_RENDER_SLOTS = int(os.environ.get("PDF_RENDER_SLOTS", "1"))
PDF_RENDER_WAIT_SECONDS = float(os.environ.get("PDF_RENDER_WAIT_SECONDS", "0"))
PDF_RENDER_TIMEOUT_SECONDS = float(os.environ.get("PDF_RENDER_TIMEOUT_SECONDS", "45"))
# Renders run this much nicer than the workers, so pages get the cores first; not under
# pytest, where a loaded machine would starve them.
PDF_RENDER_NICE = int(os.environ.get("PDF_RENDER_NICE", "0" if TESTING else "10"))
# The slots' lock files: a directory only the service's user can reach (pdf.py checks
# its owner and mode); by default under $XDG_RUNTIME_DIR or ~/.cache.
PDF_RENDER_LOCK_DIR = os.environ.get("PDF_RENDER_LOCK_DIR", "")
# The internal path under which nginx passes an uncached PDF to the host's render pool
# (render_pool.py); make serve sets it for the page workers. Empty: render in process.
PDF_RENDER_POOL = os.environ.get("PDF_RENDER_POOL", "")

# Django's cache holds whole responses (http_cache.py), PDFs and rate-limit counters.
# REDIS_URL shares it between every process and host (Django's own Redis backend);
# otherwise each process keeps a local cache bounded in bytes.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "connectors_app.cache_backends.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "connector-wizard",
            # Short socket timeouts: a slow Redis degrades to uncached, not to hung.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        },
        # In front of Redis for the page cache's hottest entries (http_cache.py).
        "local": {
            "BACKEND": "connectors_app.cache_backends.BoundedLocMemCache",
            "OPTIONS": {"MAX_BYTES": int(os.environ.get("LOCAL_CACHE_MAX_MB", "16")) * 1024 * 1024},
        },
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "connectors_app.cache_backends.BoundedLocMemCache",
            "OPTIONS": {
                "MAX_ENTRIES": 5000,
                "MAX_BYTES": int(os.environ.get("LOCAL_CACHE_MAX_MB", "32")) * 1024 * 1024,
            },
        }
    }

# Whole responses, by URL name in the "connectors" namespace: every page is a function of
# its query string (see http_cache.py). 0 seconds keeps none (ETags and 304s still work).
HTTP_CACHE_URL_NAMES = frozenset(
    {
        "home",
        "wizard",
        "report",
        "report-pdf",
        "flowchart-svg",
        "flowchart-dot",
        "flowchart-mmd",
        "api-recommendation",
        "docs",
        "connector",
        "connector-list",
        "embed",
        "embed-snippet",
    }
)
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0" if TESTING else "86400"))
# What browsers and CDNs may keep without asking again (then they revalidate: 304).
HTTP_CACHE_MAX_AGE = int(os.environ.get("HTTP_CACHE_MAX_AGE", "600"))

# Rate limits on the expensive, uncached requests (ratelimit.py), "COUNT/SECONDS" per
# client; "0" switches one off. Shared across processes when the cache is Redis.
RATELIMIT_ENABLED = env_bool("RATELIMIT_ENABLED", default=not TESTING)
RATELIMITS = {
    "pdf": os.environ.get("RATELIMIT_PDF", "20/60"),
    "flowchart": os.environ.get("RATELIMIT_FLOWCHART", "300/60"),
    "api": os.environ.get("RATELIMIT_API", "600/60"),
}
# The META key of a client-address header set by a proxy we trust (make serve's nginx
# sets X-Real-IP: HTTP_X_REAL_IP); empty means REMOTE_ADDR.
RATELIMIT_CLIENT_IP_HEADER = os.environ.get("RATELIMIT_CLIENT_IP_HEADER", "")

LANGUAGE_CODE = "en"
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# whitenoise serves straight from the finders, so no collectstatic is needed; a deploy
# that wants one names its folder here (unset, whitenoise warns of a missing folder).
STATIC_ROOT = os.environ.get("DJANGO_STATIC_ROOT") or None
# Serve straight from the finders so no collectstatic step is needed to run; with a
# STATIC_ROOT (make serve collects into one) whitenoise serves hashed names with gzip
# and brotli forms made at collectstatic time, cached for a year.
WHITENOISE_USE_FINDERS = STATIC_ROOT is None
if STATIC_ROOT:
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "connectors_app.static_storage.CompressedManifestStorage"},
    }
# brotli's quality at collectstatic (static_storage.py): 11, the smallest files, for a
# deploy; a throwaway stack may trade size for time.
STATIC_BROTLI_QUALITY = int(os.environ.get("STATIC_BROTLI_QUALITY", "11"))

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

# Deployment hardening, off by default so runserver over plain HTTP works; a deploy
# behind a TLS proxy turns each on (README, "Serving"). check --deploy runs with them in
# make test.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT")
# A load balancer's health probe may come over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD")
CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES")
# The session cookie only exists for /admin/ and /insights/ (staff logins).
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES")
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

# The deploy checks of our own (check --deploy): absolute links need PUBLIC_BASE_URL.
import genie_site.checks  # noqa: E402, F401
