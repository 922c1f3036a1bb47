"""A dozen representative answer sets and the advice each gets: a reviewer reads the
words here (docs/advice-gallery.md, and the app's gallery page), not the code."""

from __future__ import annotations

from dataclasses import dataclass

from .engine import Recommendation, recommend
from .serialize import to_text

# The five criteria and the procurement question at their plainest: nothing special
# asked of any connector, so the flowchart's route alone picks it. The tests build
# their answer sets from these too (tests/factories.py).
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


@dataclass(frozen=True)
class Example:
    slug: str
    title: str
    answers: dict[str, str]

    def recommendation(self) -> Recommendation:
        return recommend(**self.answers)


EXAMPLES = (
    Example("relay", "No deliverability of your own", relay()),
    Example(
        "relay-engagement-eu",
        "Relay with engagement events and EU residency",
        relay(event_depth="engagement", data_residency="eu"),
    ),
    Example(
        "relay-procurement",
        "No deliverability of your own, but AWS procurement",
        relay(cloud_procurement="yes"),
    ),
    Example("keep-sendgrid", "Keep SendGrid", keep("sendgrid", event_depth="engagement")),
    Example("postmark-eu", "Postmark with EU residency", keep("postmark", data_residency="eu")),
    Example(
        "postmark-25mb",
        "Postmark with 25 MB messages",
        keep("postmark", attachment_size="under_25mb"),
    ),
    Example(
        "postmark-smtp-eu",
        "Postmark, SMTP credentials only, EU residency",
        keep("postmark", smtp_only="yes", data_residency="eu"),
    ),
    Example(
        "ses-smtp-eu",
        "Amazon SES over SMTP with EU residency",
        keep("amazon_ses", smtp_only="yes", data_residency="eu"),
    ),
    Example(
        "ses-25mb",
        "Amazon SES with 25 MB messages and inline images",
        keep("amazon_ses", attachment_size="under_25mb", inline_images="yes"),
    ),
    Example(
        "resend-provider-unsubscribes",
        "Resend with unsubscribes at the provider",
        keep("resend", suppression_source="provider", same_domain="unsure"),
    ),
    Example(
        "legacy-engagement",
        "A legacy mail server, engagement events",
        keep("other", event_depth="engagement"),
    ),
    Example(
        "iterable-from-sendgrid",
        "Lifecycle reporting, from SendGrid",
        keep("sendgrid", lifecycle_reporting="yes"),
    ),
    Example(
        "procurement-loses-journeys",
        "Lifecycle reporting, but AWS procurement",
        keep("mailgun", lifecycle_reporting="yes", cloud_procurement="yes"),
    ),
)


def gallery_markdown() -> str:
    """The gallery as Markdown: each example's answers, then the command line's text."""
    parts = [
        "# Advice gallery\n",
        "What the wizard advises for a dozen representative answer sets, exactly as "
        "`manage.py recommend --format text` prints it. Regenerate with "
        "`manage.py advice_gallery` after changing the decision data; a test fails "
        "while this file is out of date.\n",
    ]
    for example in EXAMPLES:
        answers = ", ".join(f"{q}={v}" for q, v in example.answers.items())
        parts += [
            f"## {example.title}\n",
            f"Answers: `{answers}`\n",
            "```text",
            to_text(example.recommendation()).rstrip(),
            "```\n",
        ]
    return "\n".join(parts)
