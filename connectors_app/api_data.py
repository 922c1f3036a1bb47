"""The public API's documents: the questions and flowchart as data, the catalogue with
sources and check dates, and a saved report. Pure functions of the decision data (and
a stored report), so a docs site or a script builds on the same data the wizard walks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from django.urls import reverse

from connectors_app.decision import CATALOGUE, FLOWCHART, MODEL_VERSION
from connectors_app.decision.catalogue import Fact
from connectors_app.models import SavedReport
from connectors_app.saved_reports import compare, expires


def questions_document() -> dict[str, Any]:
    return {
        "model_version": MODEL_VERSION,
        "questions": [
            {
                "id": q.id,
                "text": q.text,
                "hint": q.hint,
                "origin": q.origin,
                "criterion": q.criterion or None,
                "choices": [{"value": c.value, "label": c.label} for c in q.choices],
            }
            for q in FLOWCHART.questions.values()
        ],
        "flowchart": {
            "start": FLOWCHART.start,
            "source": FLOWCHART.source,
            "nodes": [
                {
                    "id": n.id,
                    "label": n.label,
                    "kind": n.kind,
                    "questions": list(n.questions),
                    "connector": n.connector or None,
                    "connector_from": n.connector_from or None,
                }
                for n in FLOWCHART.nodes.values()
            ],
            "edges": [
                {
                    "source": e.source,
                    "target": e.target,
                    "label": e.label,
                    "walk": e.walk,
                    "when": {q: list(v) for q, v in e.when.items()},
                }
                for e in FLOWCHART.edges
            ],
            "criteria": [asdict(c) for c in FLOWCHART.criteria],
        },
    }


def _fact(fact: Fact) -> dict[str, Any]:
    return {
        "value": fact.value,
        "note": fact.note,
        "source": fact.source or None,
        "grade": fact.grade,
        "checked": fact.checked or None,
    }


def connectors_document() -> dict[str, Any]:
    return {
        "model_version": MODEL_VERSION,
        "connectors": [
            {
                "id": c.id,
                "name": c.name,
                "family": c.family,
                "family_name": c.family_name,
                "docs_url": c.docs_url or None,
                "summary": c.summary,
                "confirm_with": c.confirm_with,
                "facts": {name: _fact(fact) for name, fact in c.facts.items()},
            }
            for c in CATALOGUE
        ],
        "sources": [{"url": url, "checked": day} for url, day in CATALOGUE.source_dates.items()],
    }


def report_links(report: SavedReport) -> dict[str, str]:
    return {
        "url": reverse("saved:detail", args=[report.pk]),
        "pdf_url": reverse("saved:pdf", args=[report.pk]),
    }


def report_document(report: SavedReport) -> dict[str, Any]:
    comparison = compare(report)
    differences: Mapping[str, Any] | None = None
    if comparison.changed_data and comparison.today is not None:
        differences = {
            "connector_changed": comparison.connector_changed,
            "scores": [
                {"connector": s.connector, "then": s.then, "now": s.now}
                for s in comparison.score_changes
            ],
            "warnings_added": list(comparison.warnings_added),
            "warnings_removed": list(comparison.warnings_removed),
        }
    return {
        "id": report.pk,
        **report_links(report),
        "created": report.created.isoformat(),
        "expires": expires(report).isoformat(),
        "model_version": report.model_version,
        "answers": report.answers,
        "workspace_name": report.workspace_name or None,
        "recommendation": report.recommendation,
        "current_model_version": MODEL_VERSION,
        "changed": comparison.changed_data,
        "today": comparison.today,
        "today_problem": comparison.problem or None,
        "differences": differences,
    }
