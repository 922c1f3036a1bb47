"""Small explicit answer sets for tests (and the PDF bench): plain dicts, built here once."""

# The five criteria and the procurement question at their plainest: nothing special
# asked of any connector, so the flowchart's route alone picks it.
CRITERIA = {
    "same_domain": "yes",
    "event_depth": "delivery",
    "suppression_source": "genieos",
    "attachment_size": "none",
    "inline_images": "no",
    "data_residency": "none",
    "cloud_procurement": "no",
}


def relay(**overrides: str) -> dict[str, str]:
    """GenieOS owns deliverability: the route to Relay."""
    return {**CRITERIA, "owns_deliverability": "no", **overrides}


def keep(provider: str, **overrides: str) -> dict[str, str]:
    """The workspace owns deliverability and keeps `provider`, without lifecycle
    reporting or an SMTP-only constraint."""
    return {
        **CRITERIA,
        "owns_deliverability": "yes",
        "current_provider": provider,
        "lifecycle_reporting": "no",
        "smtp_only": "no",
        **overrides,
    }


def all_but(answers: dict[str, str], *question_ids: str) -> dict[str, str]:
    """`answers` less some questions: later answers held while an earlier one is open."""
    return {q: v for q, v in answers.items() if q not in question_ids}
