"""Saved reports: store a recommendation as it was, read it back, compare with today.

A saved report is the contract JSON (`to_contract`) at the time of saving, with the
answers, the workspace name and the model version that produced it. It is shown from
that JSON, never recomputed, so it says what was recommended then; when the decision
data has changed since (another MODEL_VERSION), today's recommendation for the same
answers is shown beside it with what differs.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from connectors_app.decision import (
    MODEL_VERSION,
    AnswerError,
    Recommendation,
    recommend,
    to_contract,
)
from connectors_app.models import SavedReport

ID_BYTES = 16  # 128 bits: 22 URL-safe characters
DELETE_TOKEN_BYTES = 24


class NotSavable(ValueError):
    """Only a complete recommendation can be saved."""


@dataclass(frozen=True)
class Saved:
    report: SavedReport
    delete_token: str  # shown once; only its hash is stored


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def retention() -> timedelta:
    return timedelta(days=int(getattr(settings, "SAVED_REPORT_RETENTION_DAYS", 365)))


def expires(report: SavedReport) -> datetime:
    return report.created + retention()


def save_report(*, rec: Recommendation, now: datetime | None = None) -> Saved:
    """Store a complete recommendation; returns it with its one-time delete secret."""
    if not rec.complete or rec.connector is None:
        raise NotSavable("only a complete set of answers can be saved")
    delete_token = secrets.token_urlsafe(DELETE_TOKEN_BYTES)
    for _ in range(3):  # a collision of 128 random bits will not happen; be correct anyway
        try:
            with transaction.atomic():
                report = SavedReport.objects.create(
                    id=secrets.token_urlsafe(ID_BYTES),
                    answers=dict(rec.answers),
                    workspace_name=rec.workspace_name,
                    model_version=rec.model_version,
                    recommendation=to_contract(rec),
                    created=now or timezone.now(),
                    delete_token_hash=token_hash(delete_token),
                )
            return Saved(report, delete_token)
        except IntegrityError:
            continue
    raise RuntimeError("could not find a free id for a saved report")


def live_queryset(now: datetime | None = None) -> QuerySet[SavedReport]:
    cutoff = (now or timezone.now()) - retention()
    return SavedReport.objects.filter(created__gt=cutoff)


def get_live(report_id: str, *, now: datetime | None = None) -> SavedReport | None:
    """The saved report, or None when there is none or it has expired."""
    if not report_id or len(report_id) > 32:
        return None
    return live_queryset(now).filter(pk=report_id).first()


def may_delete(report: SavedReport, token: str) -> bool:
    return bool(token) and hmac.compare_digest(report.delete_token_hash, token_hash(token))


def purge_expired(*, now: datetime | None = None) -> int:
    cutoff = (now or timezone.now()) - retention()
    deleted, _ = SavedReport.objects.filter(created__lte=cutoff).delete()
    return deleted


# --- Then and now ------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreChange:
    connector: str
    name: str
    then: float | None
    now: float | None

    @property
    def delta(self) -> float | None:
        if self.then is None or self.now is None:
            return None
        return round(self.now - self.then, 3)


@dataclass(frozen=True)
class Comparison:
    """Today's advice for a saved report's answers, and what differs from then."""

    changed_data: bool  # the model version differs
    today: Mapping[str, Any] | None  # today's contract JSON; None if the answers no longer parse
    problem: str  # why there is no today, when there is none
    connector_changed: bool
    then_connector: str
    now_connector: str
    score_changes: tuple[ScoreChange, ...]  # only the connectors whose score moved
    warnings_added: tuple[str, ...]
    warnings_removed: tuple[str, ...]

    @property
    def differs(self) -> bool:
        return bool(
            self.connector_changed
            or self.score_changes
            or self.warnings_added
            or self.warnings_removed
            or self.problem
        )


def _connector_id(contract: Mapping[str, Any]) -> str:
    return str((contract.get("recommendation") or {}).get("connector", ""))


def _connector_name(contract: Mapping[str, Any]) -> str:
    return str((contract.get("recommendation") or {}).get("name", ""))


def _scores(contract: Mapping[str, Any]) -> dict[str, tuple[str, float]]:
    return {
        r["connector"]: (str(r.get("name", r["connector"])), float(r["score"]))
        for r in contract.get("ranking", [])
    }


def diff(
    then: Mapping[str, Any], now: Mapping[str, Any]
) -> tuple[bool, tuple[ScoreChange, ...], tuple[str, ...], tuple[str, ...]]:
    """What differs between two contract JSONs: connector, scores, warnings."""
    then_scores, now_scores = _scores(then), _scores(now)
    changes = []
    for cid in [*then_scores, *(c for c in now_scores if c not in then_scores)]:
        before = then_scores.get(cid)
        after = now_scores.get(cid)
        name = (after or before or (cid, 0.0))[0]
        b = before[1] if before else None
        a = after[1] if after else None
        if b != a:
            changes.append(ScoreChange(cid, name, b, a))
    then_warnings = list(then.get("warnings", []))
    now_warnings = list(now.get("warnings", []))
    added = tuple(w for w in now_warnings if w not in then_warnings)
    removed = tuple(w for w in then_warnings if w not in now_warnings)
    return _connector_id(then) != _connector_id(now), tuple(changes), added, removed


def compare(report: SavedReport) -> Comparison:
    """Today's recommendation beside the saved one, computed only when the data changed."""
    then = report.recommendation
    if report.model_version == MODEL_VERSION:
        return Comparison(False, None, "", False, _connector_name(then), "", (), (), ())
    try:
        today_rec = recommend(**report.answers, workspace_name=report.workspace_name)
    except (AnswerError, TypeError) as error:
        problem = f"Today's questions no longer accept these answers: {error}"
        return Comparison(True, None, problem, False, _connector_name(then), "", (), (), ())
    if not today_rec.complete:
        problem = (
            "Today's questions ask something these answers do not say "
            f"({today_rec.next_question}): answer it in the wizard for today's advice."
        )
        return Comparison(True, None, problem, False, _connector_name(then), "", (), (), ())
    today = to_contract(today_rec)
    connector_changed, changes, added, removed = diff(then, today)
    return Comparison(
        changed_data=True,
        today=today,
        problem="",
        connector_changed=connector_changed,
        then_connector=_connector_name(then),
        now_connector=_connector_name(today),
        score_changes=changes,
        warnings_added=added,
        warnings_removed=removed,
    )
