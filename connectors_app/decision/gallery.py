"""A dozen representative answer sets and the advice each gets: a reviewer reads the
words here (docs/advice-gallery.md, and the app's gallery page), not the code."""

from __future__ import annotations

from dataclasses import dataclass

from .engine import Recommendation, recommend
from .serialize import to_text

_CRITERIA = {
    "same_domain": "yes",
    "event_depth": "delivery",
    "suppression_source": "genieos",
    "attachment_size": "none",
    "inline_images": "no",
    "data_residency": "none",
    "cloud_procurement": "no",
}


def _keep(provider: str, **overrides: str) -> dict[str, str]:
    return {
        **_CRITERIA,
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
    Example("relay", "No deliverability of your own", {**_CRITERIA, "owns_deliverability": "no"}),
    Example(
        "relay-engagement-eu",
        "Relay with engagement events and EU residency",
        {
            **_CRITERIA,
            "owns_deliverability": "no",
            "event_depth": "engagement",
            "data_residency": "eu",
        },
    ),
    Example(
        "relay-procurement",
        "No deliverability of your own, but AWS procurement",
        {**_CRITERIA, "owns_deliverability": "no", "cloud_procurement": "yes"},
    ),
    Example("keep-sendgrid", "Keep SendGrid", _keep("sendgrid", event_depth="engagement")),
    Example("postmark-eu", "Postmark with EU residency", _keep("postmark", data_residency="eu")),
    Example(
        "postmark-25mb",
        "Postmark with 25 MB messages",
        _keep("postmark", attachment_size="under_25mb"),
    ),
    Example(
        "postmark-smtp-eu",
        "Postmark, SMTP credentials only, EU residency",
        _keep("postmark", smtp_only="yes", data_residency="eu"),
    ),
    Example(
        "ses-smtp-eu",
        "Amazon SES over SMTP with EU residency",
        _keep("amazon_ses", smtp_only="yes", data_residency="eu"),
    ),
    Example(
        "ses-25mb",
        "Amazon SES with 25 MB messages and inline images",
        _keep("amazon_ses", attachment_size="under_25mb", inline_images="yes"),
    ),
    Example(
        "resend-provider-unsubscribes",
        "Resend with unsubscribes at the provider",
        _keep("resend", suppression_source="provider", same_domain="unsure"),
    ),
    Example(
        "legacy-engagement",
        "A legacy mail server, engagement events",
        _keep("other", event_depth="engagement"),
    ),
    Example(
        "iterable-from-sendgrid",
        "Lifecycle reporting, from SendGrid",
        _keep("sendgrid", lifecycle_reporting="yes"),
    ),
    Example(
        "procurement-loses-journeys",
        "Lifecycle reporting, but AWS procurement",
        _keep("mailgun", lifecycle_reporting="yes", cloud_procurement="yes"),
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
