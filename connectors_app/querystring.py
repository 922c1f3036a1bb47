"""The one way a set of answers becomes a query string.

links.py builds every URL of the app with it; pdf.py keys its cache on it, since equal
strings mean equal reports. Reading a query string is request_answers.py's job.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from urllib.parse import urlencode

from connectors_app.decision import FLOWCHART
from connectors_app.decision.answers import WORKSPACE_NAME


def query_pair(key: str, value: str) -> str:
    """`key=value`, encoded as QueryDict.urlencode() encodes it (quote_plus, UTF-8)."""
    return urlencode({key: value})


# A page links to the same answers a dozen times over: each question's choices are few,
# so their encoded pairs are kept, and the wizard's own keys' (`edit=<question>`). Bounded:
# a link may hold a value that is not a choice.
_answer_pair = lru_cache(maxsize=1024)(query_pair)


def answers_query(answers: Mapping[str, str], workspace_name: str = "", **extra: str) -> str:
    """A query string for a set of answers, in question order, without a leading '?'.
    Empty `extra` values are left out."""
    pairs = [_answer_pair(q, answers[q]) for q in FLOWCHART.questions if q in answers]
    if workspace_name:
        pairs.append(query_pair(WORKSPACE_NAME, workspace_name))
    return with_extra("&".join(pairs), **extra)


def with_extra(query: str, **extra: str) -> str:
    """`query` (from answers_query) with `extra` keys after the answers, as answers_query
    puts them; empty values are left out."""
    pairs = [_answer_pair(key, value) for key, value in extra.items() if value]
    return "&".join([query, *pairs] if query else pairs)
