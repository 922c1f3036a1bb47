"""The OpenAPI 3.1 document of the public API, built from the flowchart data so the
question ids and choices it lists are the ones the API accepts."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from connectors_app.decision import FLOWCHART, MODEL_VERSION
from connectors_app.decision.answers import WORKSPACE_NAME, WORKSPACE_NAME_MAX

JSON = "application/json"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json_content(schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {JSON: {"schema": schema}}}


def _answer_params() -> list[dict[str, Any]]:
    params: list[dict[str, Any]] = [
        {
            "name": q.id,
            "in": "query",
            "required": False,
            "description": q.text,
            "schema": {"type": "string", "enum": list(q.values)},
        }
        for q in FLOWCHART.questions.values()
    ]
    params.append(
        {
            "name": WORKSPACE_NAME,
            "in": "query",
            "required": False,
            "description": "Free text that titles the report.",
            "schema": {"type": "string", "maxLength": WORKSPACE_NAME_MAX},
        }
    )
    return params


def _answers_schema() -> dict[str, Any]:
    properties: dict[str, Any] = {
        q.id: {"type": "string", "enum": list(q.values), "description": q.text}
        for q in FLOWCHART.questions.values()
    }
    properties[WORKSPACE_NAME] = {"type": "string", "maxLength": WORKSPACE_NAME_MAX}
    return {"type": "object", "properties": properties, "additionalProperties": False}


ERROR = {
    "type": "object",
    "required": ["error", "errors"],
    "properties": {
        "error": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["key", "message"],
                "properties": {"key": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
}

CONTRACT = {
    "type": "object",
    "description": "The decision contract's object (docs/decision-contract.md).",
    "required": [
        "model_version",
        "complete",
        "next_question",
        "recommendation",
        "flowchart",
        "overruled",
        "ranking",
        "criteria",
        "warnings",
        "migration_plan",
    ],
    "properties": {
        "model_version": {"type": "string"},
        "complete": {"type": "boolean"},
        "next_question": {"type": ["string", "null"]},
        "recommendation": {
            "oneOf": [
                {"type": "null"},
                {
                    "type": "object",
                    "required": ["connector", "name", "family"],
                    "properties": {
                        "connector": {"type": "string"},
                        "name": {"type": "string"},
                        "family": {"type": "string"},
                    },
                },
            ]
        },
        "flowchart": {"type": "object"},
        "overruled": {"type": ["object", "null"]},
        "ranking": {"type": "array", "items": {"type": "object"}},
        "criteria": {"type": "array", "items": {"type": "object"}},
        "warnings": {"type": "array", "items": {"type": "string"}},
        "migration_plan": {"type": "array", "items": {"type": "string"}},
    },
}


def _responses(ok: dict[str, Any], *extra: int) -> dict[str, Any]:
    described = {
        400: "Bad input: names each bad key and its valid ids or choices.",
        404: "No such saved report (or it expired).",
        405: "Method not allowed (see Allow).",
        413: "The body is too large.",
        429: "Too many requests; see Retry-After.",
    }
    out: dict[str, Any] = {"200": ok}
    for status in extra:
        response: dict[str, Any] = {"description": described[status]}
        if status in (400, 404, 413):
            response |= _json_content(_ref("Error"))
        out[str(status)] = response
    return out


@lru_cache(maxsize=1)
def openapi_document() -> dict[str, Any]:
    report_id = {
        "name": "report_id",
        "in": "path",
        "required": True,
        "schema": {"type": "string", "maxLength": 32},
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Connector Wizard API",
            "version": MODEL_VERSION,
            "description": (
                "Which email delivery connector a GenieOS workspace should use. "
                "Question ids, choices and the recommendation's fixed keys are the "
                "decision contract's; info.version is the decision model's version."
            ),
        },
        "paths": {
            "/api/recommendation": {
                "get": {
                    "operationId": "recommendation",
                    "summary": "The recommendation for a set of answers",
                    "parameters": _answer_params(),
                    "responses": _responses(
                        {"description": "The contract's object", **_json_content(_ref("Contract"))},
                        400,
                        405,
                        429,
                    ),
                }
            },
            "/api/questions": {
                "get": {
                    "operationId": "questions",
                    "summary": "The questions, their choices and hints, and the flowchart",
                    "responses": _responses(
                        {
                            "description": "Questions and flowchart",
                            **_json_content({"type": "object"}),
                        },
                        405,
                    ),
                }
            },
            "/api/connectors": {
                "get": {
                    "operationId": "connectors",
                    "summary": "The catalogue: each connector's facts, sources and check dates",
                    "responses": _responses(
                        {"description": "The catalogue", **_json_content({"type": "object"})},
                        405,
                    ),
                }
            },
            "/api/reports": {
                "post": {
                    "operationId": "saveReport",
                    "summary": "Save the report for a complete set of answers",
                    "requestBody": {"required": True, **_json_content(_ref("Answers"))},
                    "responses": {
                        "201": {
                            "description": "Saved: its permanent link; a delete link, shown once",
                            **_json_content(_ref("Saved")),
                        },
                        **{
                            k: v
                            for k, v in _responses({}, 400, 405, 413, 429).items()
                            if k != "200"
                        },
                    },
                }
            },
            "/api/reports/{report_id}": {
                "get": {
                    "operationId": "savedReport",
                    "summary": "A saved report as saved, and today's advice if the data changed",
                    "parameters": [report_id],
                    "responses": _responses(
                        {"description": "The saved report", **_json_content(_ref("SavedReport"))},
                        404,
                        405,
                    ),
                }
            },
        },
        "components": {
            "schemas": {
                "Error": ERROR,
                "Contract": CONTRACT,
                "Answers": _answers_schema(),
                "Saved": {
                    "type": "object",
                    "required": ["id", "url", "pdf_url", "delete_url", "expires", "recommendation"],
                    "properties": {
                        "id": {"type": "string"},
                        "url": {"type": "string", "format": "uri"},
                        "pdf_url": {"type": "string", "format": "uri"},
                        "delete_url": {"type": "string", "format": "uri"},
                        "expires": {"type": "string", "format": "date-time"},
                        "recommendation": _ref("Contract"),
                    },
                },
                "SavedReport": {
                    "type": "object",
                    "required": ["id", "model_version", "answers", "recommendation", "changed"],
                    "properties": {
                        "id": {"type": "string"},
                        "created": {"type": "string", "format": "date-time"},
                        "expires": {"type": "string", "format": "date-time"},
                        "model_version": {"type": "string"},
                        "answers": {"type": "object"},
                        "workspace_name": {"type": ["string", "null"]},
                        "recommendation": _ref("Contract"),
                        "current_model_version": {"type": "string"},
                        "changed": {"type": "boolean"},
                        "today": {"oneOf": [{"type": "null"}, _ref("Contract")]},
                        "today_problem": {"type": ["string", "null"]},
                        "differences": {"type": ["object", "null"]},
                    },
                },
            }
        },
    }
