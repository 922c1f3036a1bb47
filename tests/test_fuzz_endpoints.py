"""Fuzzing every endpoint with random and hostile query strings and headers (hypothesis):
whatever arrives, the answer is never a 5xx, and always carries the security headers.

The response cache and the rate limits are on, so their paths are fuzzed too. Examples
are bounded so the suite stays quick; a PDF endpoint example that happens to be a valid,
complete answer set renders a real PDF.
"""

from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from connectors_app.decision import CATALOGUE, FLOWCHART

QUESTIONS = FLOWCHART.questions
KEYS = [*QUESTIONS, "workspace_name", "paper", "edit", "utm_source"]
VALUES = sorted({v for q in QUESTIONS.values() for v in q.values} | {"a4", "letter"})
# Strings a WSGI server can hand over (latin-1), hostile ones made likely.
LATIN1 = st.characters(min_codepoint=0, max_codepoint=255)
HOSTILE = st.sampled_from(
    [
        "",
        "%",
        "%%",
        "%ZZ",
        "%00",
        "%FF%FE",
        "&&&",
        "==",
        ";",
        "a=1;b=2",
        "x" * 5000,
        "owns_deliverability=" + "yes&owns_deliverability=" * 50,
        "workspace_name=" + "%E6%9D%B1" * 40,
        "workspace_name=<script>alert(1)</script>",
        "workspace_name=%0d%0aSet-Cookie:%20x=1",
        "paper=../../etc/passwd",
        "edit=__proto__",
    ]
)

answer_pairs = st.lists(
    st.tuples(
        st.one_of(st.sampled_from(KEYS), st.text(max_size=30)),
        st.one_of(st.sampled_from(VALUES), st.text(max_size=120)),
    ),
    max_size=14,
)


@st.composite
def query_strings(draw):
    kind = draw(st.sampled_from(["pairs", "raw", "hostile", "mutated"]))
    if kind == "pairs":
        return urlencode(draw(answer_pairs))
    if kind == "raw":
        return draw(st.text(alphabet=LATIN1, max_size=300))
    if kind == "hostile":
        return draw(HOSTILE)
    # A plausible answer set with one value or key spoiled: deep paths, not just 400s.
    answers = {q: draw(st.sampled_from(QUESTIONS[q].values)) for q in QUESTIONS}
    spoiled = draw(st.sampled_from([*QUESTIONS, "workspace_name"]))
    answers[spoiled] = draw(st.text(max_size=90))
    return urlencode(answers)


header_values = st.one_of(st.sampled_from(["true", "false", "", "TRUE", "1"]), st.text(LATIN1))
headers = st.fixed_dictionaries(
    {},
    optional={
        "HTTP_HX_REQUEST": header_values,
        "HTTP_HX_HISTORY_RESTORE_REQUEST": header_values,
        "HTTP_HX_CURRENT_URL": st.text(LATIN1, max_size=200),
        "HTTP_ACCEPT_ENCODING": st.one_of(
            st.sampled_from(["gzip", "gzip;q=0", "br, gzip;q=0.5", "*", "identity", "gzip;q=x"]),
            st.text(LATIN1, max_size=60),
        ),
        "HTTP_IF_NONE_MATCH": st.one_of(
            st.sampled_from(["*", '"x"', 'W/"x"', '"', "W/", ""]), st.text(LATIN1, max_size=80)
        ),
        "HTTP_HOST": st.sampled_from(
            ["testserver", "testserver:8080", "evil.example", "", "[::1", "a" * 300, "x y"]
        ),
        "HTTP_X_FORWARDED_PROTO": st.sampled_from(["https", "http", "javascript", ""]),
        "HTTP_X_FORWARDED_HOST": st.sampled_from(["evil.example", ""]),
        "HTTP_X_REAL_IP": st.text(LATIN1, max_size=60),
        "REMOTE_ADDR": st.sampled_from(["127.0.0.1", "::1", "10.0.0.1", "", "not-an-ip"]),
    },
)

ENDPOINTS = [
    "home",
    "wizard",
    "report",
    "flowchart-svg",
    "flowchart-dot",
    "flowchart-mmd",
    "api-recommendation",
    "docs",
    "connector-list",
    "embed",
    "embed-snippet",
]


@pytest.fixture(autouse=True)
def production_paths(settings, tmp_path):
    settings.PAGE_CACHE_SECONDS = 600
    settings.RATELIMIT_ENABLED = True
    settings.RATELIMITS = {"pdf": "30/60", "flowchart": "200/60", "api": "200/60"}
    settings.PDF_RENDER_LOCK_DIR = str(tmp_path / "slots")
    cache.clear()
    yield
    cache.clear()


def assert_sound(response):
    assert response.status_code < 500, (response.status_code, response.content[:500])
    assert "Content-Security-Policy" in response
    assert response["X-Content-Type-Options"] == "nosniff"


FUZZ = hsettings(
    max_examples=25,
    deadline=None,
    database=None,  # no .hypothesis/ folder in the checkout
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.parametrize("name", ENDPOINTS)
@FUZZ
@given(query=query_strings(), extra=headers, method=st.sampled_from(["GET", "HEAD"]))
def test_no_query_or_header_makes_a_5xx(client, name, query, extra, method):
    path = reverse(f"connectors:{name}")
    call = client.get if method == "GET" else client.head
    assert_sound(call(path, QUERY_STRING=query, **extra))


@FUZZ
@given(
    connector=st.one_of(
        st.sampled_from(list(CATALOGUE.connectors)),
        st.from_regex(r"[-a-z0-9_]{1,60}", fullmatch=True),
    ),
    query=query_strings(),
    extra=headers,
)
def test_connector_pages_never_5xx(client, connector, query, extra):
    path = reverse("connectors:connector", args=[connector])
    assert_sound(client.get(path, QUERY_STRING=query, **extra))


@hsettings(
    max_examples=12,
    deadline=None,
    database=None,  # no .hypothesis/ folder in the checkout
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    query=st.one_of(HOSTILE, answer_pairs.map(urlencode)),
    extra=headers,
)
def test_pdf_endpoint_never_5xx_on_hostile_input(client, query, extra):
    assert_sound(client.get(reverse("connectors:report-pdf"), QUERY_STRING=query, **extra))


@FUZZ
@given(
    method=st.sampled_from(["POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND"]),
    name=st.sampled_from([*ENDPOINTS, "report-pdf"]),
    query=query_strings(),
)
def test_other_methods_are_405_never_5xx(client, method, name, query):
    response = client.generic(method, reverse(f"connectors:{name}"), QUERY_STRING=query)
    assert_sound(response)
    assert response.status_code == 405
