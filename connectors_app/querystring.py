"""The wizard's state is its answers in the query string: read and write it here."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.http import QueryDict

from connectors_app.decision import FLOWCHART, ParsedAnswers, parse_answers
from connectors_app.decision.answers import WORKSPACE_NAME


def parse_query(
    query: QueryDict, *, ignore: Iterable[str] = (), skip_unknown: bool = False
) -> ParsedAnswers:
    """Parse the answers in a query string; keys in `ignore` belong to the view.

    With `skip_unknown`, keys that are neither questions nor the workspace name pass
    quietly: shared links pick up tracking parameters (utm_source, fbclid) on the way.
    """
    skip = set(ignore)
    known = set(FLOWCHART.questions) | {WORKSPACE_NAME}
    return parse_answers(
        {
            key: query.getlist(key)
            for key in query
            if key not in skip and (key in known or not skip_unknown)
        }
    )


def answers_query(answers: Mapping[str, str], workspace_name: str = "", **extra: str) -> str:
    """A query string for a set of answers, in question order, without a leading '?'."""
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
