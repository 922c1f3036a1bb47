"""The warnings under a recommendation. Each one ends in what to do: whom to ask,
what to check, or what to change."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .catalogue import Connector, clause
from .criteria import Score
from .data import CATALOGUE, FLOWCHART

# Criterion statuses a reader must act on before relying on the recommendation.
ACT_ON = ("setup", "partial", "unknown", "gap", "blocked")


def warnings(
    chosen: Connector, scores: Sequence[Score], answers: Mapping[str, str]
) -> tuple[str, ...]:
    found, advised = [], set()
    for criterion, s in zip(FLOWCHART.criteria, scores, strict=True):
        if s.status in ACT_ON:
            # Two criteria can call for the same action (SES's unsubscribes): say it once.
            todo = "" if s.advice in advised else s.advice
            advised.add(s.advice)
            found.append(f"{criterion.name}: {s.reason} {todo}".strip())
    if chosen.setup.note and not chosen.docs_url:
        found.append(f"Setup: {chosen.setup.note}")
    if answers.get("lifecycle_reporting") == "yes" and chosen.journey_analytics.value != "yes":
        found.append(
            f"Journey reporting is lost: you need it, but {chosen.name} puts no GenieOS sends "
            "in journey analytics (the procurement rule sends you here). Ask whether Iterable "
            "can be approved, or report journeys from your lifecycle platform separately."
        )
    found += _access(chosen, answers)
    found += _ownership(chosen, answers)
    found += _own_esp(chosen, answers)
    return tuple(found)


def _access(chosen: Connector, answers: Mapping[str, str]) -> list[str]:
    """SMTP credentials only, but an API connector recommended: what changes."""
    if answers.get("smtp_only") != "yes" or chosen.family != "esp_api":
        return []
    text = (
        f"API access: you have SMTP credentials only, but the {chosen.name} API connector "
        f"needs {chosen.setup.credentials}. Ask whoever runs the {chosen.name} account for "
        "them before you switch."
    )
    relay = chosen.smtp_relay
    if relay is not None and chosen.id == "amazon_ses":
        text += (
            " If API keys cannot be had, SES's SMTP interface also runs through your own AWS "
            f"account ({clause(relay.note)}), so the SMTP connector with an SES endpoint meets "
            "the procurement rule, with only the handoff confirmed over SMTP."
        )
    return [text]


def _ownership(chosen: Connector, answers: Mapping[str, str]) -> list[str]:
    """A team that hands deliverability to GenieOS, sent to a provider of its own."""
    if answers.get("owns_deliverability") != "no" or chosen.family != "esp_api":
        return []
    return [
        f"Deliverability becomes yours: you do not own ESP deliverability today, but with "
        f"{chosen.name} your team runs the account, so it owns "
        + (
            "leaving the sandbox in each region, sending reputation, bounces and complaints. "
            if chosen.id == "amazon_ses"
            else "sending reputation, bounces and complaints. "
        )
        + "Name an owner for them before the first send."
    ]


def _own_esp(chosen: Connector, answers: Mapping[str, str]) -> list[str]:
    """Iterable can send through the team's own ESP account, and so keep its reputation."""
    provider = answers.get("current_provider", "")
    if not chosen.own_esps or provider not in CATALOGUE.connectors:
        return []
    current = CATALOGUE[provider]
    if provider in chosen.own_esps:
        return [
            f"Reputation: {chosen.name} can send through your own {current.name} account. "
            f"Bind your {chosen.name} sending domain to it to keep the reputation you built there."
        ]
    esps = ", ".join(CATALOGUE[e].name for e in chosen.own_esps)
    return [
        f"Reputation: {chosen.name} sends through its own ESP or an account at {esps}, "
        f"not {current.name}, so your reputation at {current.name} does not carry over. "
        "Plan a warm-up for the first weeks of sending."
    ]
