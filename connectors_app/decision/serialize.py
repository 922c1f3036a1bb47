"""The contract's JSON shape and a plain-text summary of a recommendation."""

from __future__ import annotations

from typing import Any

from .catalogue import Connector
from .engine import Recommendation


def _connector_ref(connector: Connector | None) -> dict[str, str] | None:
    if connector is None:
        return None
    return {"connector": connector.id, "name": connector.name, "family": connector.family}


def to_contract(rec: Recommendation) -> dict[str, Any]:
    """The object of the decision contract (docs/decision-contract.md), plus extra keys."""
    return {
        "model_version": rec.model_version,
        "complete": rec.complete,
        "next_question": rec.next_question,
        "recommendation": _connector_ref(rec.connector),
        "flowchart": {
            "outcome": rec.outcome.id if rec.outcome else None,
            "path": list(rec.path),
        },
        "overruled": (
            {"from": rec.overruled.from_connector.id, "reason": rec.overruled.reason}
            if rec.overruled
            else None
        ),
        "ranking": [
            {
                "connector": r.connector.id,
                "name": r.connector.name,
                "score": r.score,
                "eligible": r.eligible,
                "blockers": list(r.blockers),
                "reasons": [s.reason for s in r.scores],
                "why_not": r.why_not,
            }
            for r in rec.ranking
        ],
        "criteria": [
            {
                "id": c.criterion.id,
                "name": c.criterion.name,
                "note": c.note,
                "scores": {cid: s.score for cid, s in c.scores.items()},
                "reasons": {cid: s.reason for cid, s in c.scores.items()},
                "status": {cid: s.status for cid, s in c.scores.items()},
            }
            for c in rec.criteria
        ],
        "why": rec.why,
        "warnings": list(rec.warnings),
        "setup_checklist": [item.text for item in rec.checklist],
        "migration_plan": [stage.as_text() for stage in rec.migration_plan],
        "what_would_change": [
            {
                "question": c.question,
                "answer": c.answer,
                "connector": c.connector.id,
                "text": c.text,
            }
            for c in rec.what_would_change
        ],
        "answers": dict(rec.answers),
        "ignored_answers": dict(rec.ignored),
        "workspace_name": rec.workspace_name or None,
    }


def to_text(rec: Recommendation) -> str:
    """A readable summary for the command line."""
    if not rec.complete:
        return (
            f"Incomplete: the next question is {rec.next_question}.\n"
            f"Path so far: {' -> '.join(rec.path)}\n"
        )
    assert rec.connector is not None
    lines = []
    if rec.workspace_name:
        lines.append(f"Workspace: {rec.workspace_name}")
    lines += [f"Recommendation: {rec.connector.name} ({rec.connector.id})", ""]
    if rec.overruled:
        lines += [f"Overruled {rec.overruled.from_connector.name}: {rec.overruled.reason}", ""]
    lines += [rec.why, "", f"Path: {' -> '.join(rec.path)}", "", "Ranking:"]
    for i, r in enumerate(rec.ranking, 1):
        flag = "" if r.eligible else "  [ineligible]"
        lines.append(f"  {i}. {r.connector.name:<14} {r.score:.2f}{flag}")
        if r.why_not:
            lines.append(f"     {r.why_not}")
    for title, items in (
        ("Warnings", rec.warnings),
        ("Setup checklist", [item.text for item in rec.checklist]),
        ("Migration plan", [stage.as_text() for stage in rec.migration_plan]),
        ("What would change it", [c.text for c in rec.what_would_change]),
    ):
        if items:
            lines += ["", f"{title}:", *(f"  - {item}" for item in items)]
    lines += ["", f"Model version: {rec.model_version}"]
    return "\n".join(lines) + "\n"
