"""The public API beside /api/recommendation: questions, connectors, saved reports, the
OpenAPI document (validated), CORS, and a property-based run over the schema."""

import json

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from connectors_app.api_schema import openapi_document
from connectors_app.decision import CATALOGUE, FLOWCHART, MODEL_VERSION, recommend, to_contract
from connectors_app.models import SavedReport
from tests import factories


def test_the_openapi_document_is_valid_openapi_3_1():
    doc = Client().get(reverse("api:openapi")).json()
    assert doc["openapi"] == "3.1.0"
    validate(doc)
    assert set(doc["paths"]) == {
        "/api/recommendation",
        "/api/questions",
        "/api/connectors",
        "/api/reports",
        "/api/reports/{report_id}",
    }


def test_the_api_page_lists_every_operation():
    html = Client().get(reverse("api:index")).content.decode()
    for path in openapi_document()["paths"]:
        assert path in html


def test_questions_are_the_flowchart_as_data():
    body = Client().get(reverse("api:questions")).json()
    assert body["model_version"] == MODEL_VERSION
    assert [q["id"] for q in body["questions"]] == list(FLOWCHART.questions)
    first = body["questions"][0]
    assert first["choices"] and {"value", "label"} <= set(first["choices"][0])
    assert "hint" in first
    assert body["flowchart"]["start"] == FLOWCHART.start
    assert len(body["flowchart"]["edges"]) == len(FLOWCHART.edges)
    assert {n["id"] for n in body["flowchart"]["nodes"]} == set(FLOWCHART.nodes)


def test_connectors_carry_sources_and_check_dates():
    body = Client().get(reverse("api:connectors")).json()
    assert [c["id"] for c in body["connectors"]] == [c.id for c in CATALOGUE]
    fact = body["connectors"][0]["facts"]["Sending domain"]
    assert {"value", "note", "source", "grade", "checked"} <= set(fact)
    assert {s["url"]: s["checked"] for s in body["sources"]} == dict(CATALOGUE.source_dates)


@pytest.mark.django_db
def test_post_a_report_then_read_it():
    client = Client(enforce_csrf_checks=True)  # the API is cookie-free: no CSRF token
    answers = factories.keep("mailgun")
    response = client.post(
        reverse("api:reports"),
        json.dumps({**answers, "workspace_name": "Acme"}),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["recommendation"] == to_contract(recommend(**answers, workspace_name="Acme"))
    assert response["Location"] == body["url"]
    assert "token=" in body["delete_url"]
    read = client.get(reverse("api:report", args=[body["id"]]))
    assert read.status_code == 200
    saved = read.json()
    assert saved["recommendation"] == body["recommendation"]
    assert saved["changed"] is False and saved["today"] is None
    assert "delete" not in json.dumps(saved)
    # The same page in a browser.
    assert client.get(saved["url"]).status_code == 200


@pytest.mark.django_db
def test_a_saved_report_from_older_data_reads_with_todays_differences():
    rec = recommend(**factories.relay())
    then = to_contract(rec) | {"model_version": "0ld"}
    then["warnings"] = ["gone"]
    report = SavedReport.objects.create(
        id="x" * 22,
        answers=dict(rec.answers),
        model_version="0ld",
        recommendation=then,
        created=__import__("django.utils.timezone").utils.timezone.now(),
        delete_token_hash="0" * 64,
    )
    body = Client().get(reverse("api:report", args=[report.pk])).json()
    assert body["changed"] is True
    assert body["today"]["model_version"] == MODEL_VERSION
    assert body["differences"]["warnings_removed"] == ["gone"]
    assert body["differences"]["connector_changed"] is False


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "key"),
    [
        ({"owns_deliverability": "maybe"}, "owns_deliverability"),
        ({"colour": "blue"}, "colour"),
        ({"owns_deliverability": "no"}, "cloud_procurement"),
        ([1, 2], ""),
        ("not json", ""),
    ],
)
def test_bad_reports_are_400s_naming_the_key(body, key):
    data = body if body == "not json" else json.dumps(body)
    response = Client().post(reverse("api:reports"), data, content_type="application/json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors and errors[0]["key"] == key
    if key == "owns_deliverability":
        assert "yes" in errors[0]["message"] and "no" in errors[0]["message"]
    assert not SavedReport.objects.exists()


@pytest.mark.django_db
def test_unknown_report_is_a_json_404():
    response = Client().get(reverse("api:report", args=["missing"]))
    assert response.status_code == 404
    assert response.json()["errors"][0]["key"] == "id"


@pytest.mark.parametrize("path", ["/api/reports/", "/api/reports/?", "/api/nothing-here"])
def test_an_address_under_the_api_that_names_nothing_is_a_json_404(path):
    response = Client().get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["errors"][0]["message"]


@pytest.mark.parametrize(
    ("method", "name", "args"),
    [
        ("post", "api:questions", []),
        ("delete", "api:connectors", []),
        ("get", "api:reports", []),
        ("put", "api:reports", []),
        ("post", "api:report", ["abc"]),
        ("post", "api:openapi", []),
        ("post", "connectors:api-recommendation", []),
    ],
)
def test_wrong_methods_are_405_with_allow(method, name, args):
    response = getattr(Client(), method)(reverse(name, args=args))
    assert response.status_code == 405
    assert response["Allow"]


def test_the_recommendation_api_is_unchanged():
    answers = factories.relay()
    response = Client().get(reverse("connectors:api-recommendation"), answers)
    assert response.json() == to_contract(recommend(**answers))
    bad = Client().get(reverse("connectors:api-recommendation"), {"colour": "blue"})
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["key"] == "colour"


@override_settings(API_CORS_ORIGINS=["https://docs.example.com"])
def test_cors_only_for_get_from_the_allowed_origins():
    client = Client()
    url = reverse("api:questions")
    allowed = client.get(url, headers={"Origin": "https://docs.example.com"})
    assert allowed["Access-Control-Allow-Origin"] == "https://docs.example.com"
    assert "Origin" in allowed["Vary"]
    other = client.get(url, headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other
    rec = client.get(
        reverse("connectors:api-recommendation"), headers={"Origin": "https://docs.example.com"}
    )
    assert rec["Access-Control-Allow-Origin"] == "https://docs.example.com"
    post = client.post(
        reverse("api:reports"),
        "{}",
        content_type="application/json",
        headers={"Origin": "https://docs.example.com"},
    )
    assert "Access-Control-Allow-Origin" not in post


# --- Property-based: every operation of the schema, driven by the schema --------------------


def _param_values(schema: dict) -> st.SearchStrategy:
    junk = st.text(max_size=12)
    if "enum" in schema:
        return st.one_of(st.sampled_from(schema["enum"]), junk)
    return junk


def _query(op: dict) -> st.SearchStrategy:
    params = {
        p["name"]: _param_values(p["schema"])
        for p in op.get("parameters", [])
        if p["in"] == "query"
    }
    junk_keys = st.dictionaries(st.text(min_size=1, max_size=8), st.text(max_size=8), max_size=2)
    return st.tuples(st.fixed_dictionaries({}, optional=params), junk_keys).map(
        lambda pair: {**pair[1], **pair[0]}
    )


def _answers_body() -> st.SearchStrategy:
    props = openapi_document()["components"]["schemas"]["Answers"]["properties"]
    values = {k: _param_values(v) for k, v in props.items()}
    json_leaf = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8))
    odd = st.one_of(
        st.dictionaries(st.text(max_size=8), json_leaf, max_size=3),
        st.lists(json_leaf, max_size=3),
        json_leaf,
    )
    return st.one_of(st.fixed_dictionaries({}, optional=values), odd)


OPERATIONS = [
    (path, method) for path, item in openapi_document()["paths"].items() for method in item
]


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "method"), OPERATIONS)
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_the_schema_driven_run_finds_no_5xx(path, method, data):
    op = openapi_document()["paths"][path][method]
    client = Client()
    if method == "get":
        url = path.replace(
            "{report_id}",
            data.draw(
                st.text(min_size=1, max_size=30).filter(
                    lambda s: (
                        "/" not in s and "\x00" not in s and s.strip() == s and s not in (".", "..")
                    )
                )
            ),
        )
        response = client.get(url, data.draw(_query(op)))
    else:
        body = data.draw(_answers_body())
        response = client.post(path, json.dumps(body), content_type="application/json")
    assert response.status_code < 500, response.content[:300]
    documented = {int(s) for s in op["responses"]}
    assert response.status_code in documented | {404, 301}, (response.status_code, path)
    documented_response = op["responses"].get(str(response.status_code), {})
    schema = documented_response.get("content", {}).get("application/json", {}).get("schema")
    if schema is not None:
        # The body matches the schema the document gives for its status.
        root = {**schema, "components": openapi_document()["components"]}
        Draft202012Validator(root).validate(response.json())


@pytest.mark.django_db
def test_a_large_body_is_a_json_413_before_it_is_read():
    body = json.dumps({"workspace_name": "x" * 20_000})
    response = Client().post(reverse("api:reports"), body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["errors"]
    huge = Client().post(reverse("api:reports"), "x" * 3_000_000, content_type="application/json")
    assert huge.status_code == 413
