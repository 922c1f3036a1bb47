"""Small explicit answer sets for tests (and the PDF bench): plain dicts. The builders
live with the advice gallery, which speaks the same answer sets."""

from connectors_app.decision.gallery import CRITERIA, keep, relay

__all__ = ["CRITERIA", "all_but", "keep", "relay"]


def all_but(answers: dict[str, str], *question_ids: str) -> dict[str, str]:
    """`answers` less some questions: later answers held while an earlier one is open."""
    return {q: v for q, v in answers.items() if q not in question_ids}
