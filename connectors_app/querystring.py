"""The one way a set of answers becomes a query string.

links.py builds every URL of the app with it; pdf.py keys its cache on it, since equal
strings mean equal reports. Reading a query string is request_answers.py's job.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.http import QueryDict

from connectors_app.decision import FLOWCHART
from connectors_app.decision.answers import WORKSPACE_NAME


def answers_query(answers: Mapping[str, str], workspace_name: str = "", **extra: str) -> str:
    """A query string for a set of answers, in question order, without a leading '?'.
    Empty `extra` values are left out."""
    query = QueryDict(mutable=True)
    for question_id in FLOWCHART.questions:
        if question_id in answers:
            query[question_id] = answers[question_id]
    if workspace_name:
        query[WORKSPACE_NAME] = workspace_name
    for key, value in extra.items():
        if value:
            query[key] = value
    return query.urlencode()
