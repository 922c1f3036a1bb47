"""Serving through the middleware: ETags, 304s, gzip, Vary, the response cache, rate
limits, 405s, security headers on every response, and the public base URL."""

import gzip
import os
import stat
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from connectors_app import http_cache, pdf
from connectors_app.cache_backends import BoundedLocMemCache
from tests.factories import keep, relay

POSTMARK_EU = keep("postmark", data_residency="eu")
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}
HTMX = {"HTTP_HX_REQUEST": "true"}

# Every route of the app, with a query where it takes one.
PAGES = {
    "home": "",
    "wizard": urlencode({"owns_deliverability": "yes"}),
    "report": urlencode(POSTMARK_EU),
    "report-pdf": urlencode(relay()),
    "flowchart-svg": urlencode(POSTMARK_EU),
    "flowchart-dot": urlencode(POSTMARK_EU),
    "flowchart-mmd": urlencode(POSTMARK_EU),
    "api-recommendation": urlencode(POSTMARK_EU),
    "docs": "",
    "connector-list": "",
    "embed": "",
    "embed-snippet": "",
}


def url(name, query=""):
    path = reverse(f"connectors:{name}")
    return f"{path}?{query}" if query else path


@pytest.fixture(autouse=True)
def serving(settings, tmp_path):
    """The production behaviour the rest of the suite runs without: a response cache and
    rate limits (settings.TESTING turns both off by default)."""
    settings.PAGE_CACHE_SECONDS = 600
    settings.RATELIMIT_ENABLED = True
    settings.RATELIMITS = {"pdf": "", "flowchart": "", "api": ""}
    settings.PDF_RENDER_LOCK_DIR = str(tmp_path / "slots")
    cache.clear()
    yield
    cache.clear()


def test_healthz_is_plain_uncached_and_carries_the_security_headers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Cache-Control"] == "no-store"
    assert "ETag" not in response
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_report_goes_out_compressed_under_25_kb_with_a_strong_etag(client):
    response = client.get(url("report", PAGES["report"]), **GZIP)

    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert len(response.content) < 25_000
    assert b"<html" in gzip.decompress(response.content)
    assert response["ETag"].startswith('"') and not response["ETag"].startswith("W/")
    assert response["Cache-Control"].startswith("public, max-age=")
    assert response["Vary"] == "Accept-Encoding"


def test_identity_and_gzip_are_two_representations_with_their_own_etags(client):
    plain = client.get(url("report", PAGES["report"]))
    packed = client.get(url("report", PAGES["report"]), **GZIP)

    assert "Content-Encoding" not in plain
    assert gzip.decompress(packed.content) == plain.content
    assert plain["ETag"] != packed["ETag"]
    assert int(plain["Content-Length"]) == len(plain.content)


def test_with_the_cache_off_only_a_client_that_asks_gets_gzip(client, settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 0
    compressed = []
    monkeypatch.setattr(http_cache.igzip, "compress", lambda *a, **k: compressed.append(1) or b"")

    plain = client.get(url("report", PAGES["report"]))

    assert compressed == []  # nothing kept, nobody asked: no work spent on it
    assert "Content-Encoding" not in plain
    assert plain["Vary"] == "Accept-Encoding"
    assert plain["ETag"] == f'"{http_cache.make_entry(plain).tag}"'


@pytest.mark.parametrize("name", PAGES)
def test_every_page_answers_if_none_match_with_304(client, name):
    first = client.get(url(name, PAGES[name]), **GZIP)
    assert first.status_code == 200, first.content[:300]

    again = client.get(url(name, PAGES[name]), HTTP_IF_NONE_MATCH=first["ETag"], **GZIP)

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert again["Cache-Control"] == first["Cache-Control"]


def test_a_weak_or_listed_validator_matches_too(client):
    etag = client.get(url("api-recommendation", PAGES["api-recommendation"]))["ETag"]

    listed = client.get(
        url("api-recommendation", PAGES["api-recommendation"]),
        HTTP_IF_NONE_MATCH=f'"nope", W/{etag}',
    )
    stale = client.get(
        url("api-recommendation", PAGES["api-recommendation"]), HTTP_IF_NONE_MATCH='"nope"'
    )

    assert listed.status_code == 304
    assert stale.status_code == 200


def test_wizard_varies_on_htmx_and_the_cache_keeps_page_and_partial_apart(client):
    wizard = url("wizard", PAGES["wizard"])
    page = client.get(wizard, **GZIP)
    partial = client.get(wizard, **HTMX, **GZIP)
    page_again = client.get(wizard, **GZIP)

    assert b"<html" in gzip.decompress(page.content)
    assert b"<html" not in gzip.decompress(partial.content)
    assert page_again.content == page.content
    assert page["ETag"] != partial["ETag"]
    assert [v.strip() for v in partial["Vary"].split(",")] == [
        "HX-Request",
        "HX-History-Restore-Request",
        "Accept-Encoding",
    ]


def test_the_answers_order_does_not_split_the_cache(client):
    forward = client.get(f"{reverse('connectors:report')}?{urlencode(POSTMARK_EU)}")
    backward = urlencode(dict(reversed(list(POSTMARK_EU.items()))))
    key_forward = http_cache.page_key(
        RequestFactory().get(reverse("connectors:report"), POSTMARK_EU), "report", {}
    )
    key_backward = http_cache.page_key(
        RequestFactory().get(f"{reverse('connectors:report')}?{backward}"), "report", {}
    )

    assert forward.status_code == 200
    assert key_forward == key_backward
    assert cache.get(key_forward) is not None


def test_a_cached_page_is_answered_without_the_view(client, monkeypatch):
    first = client.get(url("api-recommendation", PAGES["api-recommendation"]))

    def no_view(*args, **kwargs):
        raise AssertionError("the view ran for a cached page")

    # A miss runs the view and then makes an entry; a hit does neither.
    monkeypatch.setattr(http_cache, "make_entry", no_view)
    again = client.get(url("api-recommendation", PAGES["api-recommendation"]))

    assert again.status_code == 200
    assert again.content == first.content


def test_errors_and_redirects_are_neither_cached_nor_tagged(client):
    bad = client.get(url("api-recommendation", "owns_deliverability=maybe"))
    redirect = client.get(url("report", "owns_deliverability=yes"))

    assert bad.status_code == 400 and redirect.status_code == 302
    assert "ETag" not in bad and "ETag" not in redirect
    assert not [k for k in cache._cache if "page:" in k]


def test_a_response_that_varies_on_other_headers_is_not_kept():
    from django.http import HttpResponse

    plain = HttpResponse("x" * 300)
    by_origin = HttpResponse("x" * 300)
    by_origin["Vary"] = "Origin"
    by_cookie = HttpResponse("x" * 300)
    by_cookie["Vary"] = "Cookie, Accept-Encoding"

    assert http_cache.cacheable(plain)
    assert not http_cache.cacheable(by_origin)
    assert not http_cache.cacheable(by_cookie)


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
@pytest.mark.parametrize("name", ["wizard", "report", "report-pdf", "api-recommendation"])
def test_methods_a_page_does_not_take_get_405_not_a_csrf_page(client, method, name):
    response = getattr(client, method)(url(name, PAGES[name]))

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert "frame-ancestors" in response["Content-Security-Policy"]


def test_head_has_the_headers_and_no_body(client):
    response = client.head(url("report", PAGES["report"]), **GZIP)

    assert response.status_code == 200
    assert response.content == b""
    assert int(response["Content-Length"]) > 0


def test_a_bad_host_gets_400_with_the_security_headers(client):
    response = client.get(url("report", PAGES["report"]), HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_rate_limit_answers_429_with_retry_after_and_counts_only_uncached(client, settings):
    settings.RATELIMITS = {"pdf": "", "flowchart": "", "api": "2/60"}
    api = reverse("connectors:api-recommendation")

    cached = [client.get(f"{api}?owns_deliverability=no") for _ in range(5)]
    second = client.get(f"{api}?owns_deliverability=yes")
    third = client.get(f"{api}?owns_deliverability=yes&current_provider=postmark")

    assert [r.status_code for r in cached] == [200] * 5
    assert second.status_code == 200
    assert third.status_code == 429
    assert 1 <= int(third["Retry-After"]) <= 60
    # Another client has its own budget.
    other = client.get(f"{api}?current_provider=ses", REMOTE_ADDR="10.0.0.9")
    assert other.status_code in (200, 400)


def test_rate_limit_trusts_a_proxy_header_only_when_configured(client, settings):
    settings.RATELIMITS = {"pdf": "", "flowchart": "", "api": "1/60"}
    api = reverse("connectors:api-recommendation")

    client.get(f"{api}?owns_deliverability=no")
    spoofed = client.get(f"{api}?owns_deliverability=yes", HTTP_X_REAL_IP="10.1.1.1")
    assert spoofed.status_code == 429

    settings.RATELIMIT_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    proxied = client.get(f"{api}?owns_deliverability=yes", HTTP_X_REAL_IP="10.1.1.2")
    assert proxied.status_code == 200


def test_links_follow_the_public_base_url_not_the_request(client, settings):
    settings.PUBLIC_BASE_URL = "https://wizard.example.com"

    response = client.get(
        url("embed-snippet"),
        HTTP_HOST="127.0.0.1:6666",
        HTTP_X_FORWARDED_PROTO="https",
        HTTP_X_FORWARDED_HOST="evil.example",
    )

    assert response.status_code == 200
    assert "https://wizard.example.com/embed/" in response.text
    assert "6666" not in response.text and "evil.example" not in response.text


def test_forwarded_headers_are_ignored_without_a_trusted_proxy(rf):
    request = rf.get("/", HTTP_X_FORWARDED_PROTO="https", HTTP_X_FORWARDED_HOST="evil.example")

    assert request.scheme == "http"
    assert request.get_host() == "testserver"


def test_a_pdf_render_that_overruns_its_time_is_stopped_and_answered_503(client, settings):
    settings.PDF_RENDER_TIMEOUT_SECONDS = 0.001

    response = client.get(url("report-pdf", PAGES["report-pdf"]))

    assert response.status_code == 503
    assert "ETag" not in response


def test_render_slots_live_in_a_private_directory(settings, tmp_path, monkeypatch):
    settings.PDF_RENDER_LOCK_DIR = ""
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))

    directory = pdf._slot_dir()

    assert directory.is_relative_to(tmp_path)
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    assert directory.stat().st_uid == os.getuid()


def test_a_lock_directory_others_can_write_is_refused(settings, tmp_path):
    open_to_all = tmp_path / "world-writable"
    open_to_all.mkdir()
    open_to_all.chmod(0o777)
    settings.PDF_RENDER_LOCK_DIR = str(open_to_all)

    with pytest.raises(pdf.UnsafeLockDir), pdf.render_slot():
        pass


def test_the_local_cache_is_bounded_in_bytes():
    local = BoundedLocMemCache("test-bounded", {"OPTIONS": {"MAX_BYTES": 10_000}})
    local.clear()
    for i in range(50):
        local.set(f"k{i}", b"x" * 1000)
        assert local.total_bytes <= 10_000
    local.get("k45")  # recently used: kept over older ones
    local.set("new", b"y" * 3000)

    assert local.get("k49") is not None and local.get("k45") is not None
    assert local.get("k0") is None
    assert local.total_bytes <= 10_000
    local.clear()
    assert local.total_bytes == 0


def test_which_pages_are_cached_follows_the_settings(client, settings):
    assert "ETag" in client.get(url("report", PAGES["report"]))

    settings.HTTP_CACHE_URL_NAMES = frozenset()

    assert "ETag" not in client.get(url("report", PAGES["report"]))
