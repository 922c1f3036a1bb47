"""What the app stores: saved reports, and daily counters for the docs owner.

Neither holds personal data. A saved report keeps the answers, the workspace name the
user typed to title it, the model version and the contract JSON as it was; its id and
its delete secret are random, and only a hash of the secret is stored. A counter is a
total per day, event and key: never who, never an address, never a cookie.
"""

from __future__ import annotations

from django.db import models


class SavedReport(models.Model):
    # secrets.token_urlsafe(16): 22 characters, 128 random bits (saved_reports.py).
    id = models.CharField(primary_key=True, max_length=32, editable=False)
    answers = models.JSONField()
    workspace_name = models.CharField(max_length=80, blank=True)
    model_version = models.CharField(max_length=32)
    # to_contract(rec) when saved: the advice as it was, shown as it was.
    recommendation = models.JSONField()
    created = models.DateTimeField(db_index=True)
    # sha256 of the delete secret, which is shown once at save time.
    delete_token_hash = models.CharField(max_length=64, editable=False)

    class Meta:
        ordering = ("-created",)

    def __str__(self) -> str:
        connector = (self.recommendation.get("recommendation") or {}).get("connector", "?")
        return f"{self.id} ({connector}, {self.created:%Y-%m-%d})"


class InsightCount(models.Model):
    """How many times `event` happened with `key` on `day` (insights.py names both)."""

    day = models.DateField()
    event = models.CharField(max_length=32)
    key = models.CharField(max_length=120, blank=True)
    count = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["day", "event", "key"], name="insight_count_unique"),
        )
        indexes = (models.Index(fields=["event", "day"], name="insight_event_day"),)

    def __str__(self) -> str:
        return f"{self.day} {self.event} {self.key}: {self.count}"
