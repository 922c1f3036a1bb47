"""Score one connector on one of the five criteria, with a reason a reader can check.

Hard requirements (message size, data residency) can block a connector; the soft
criteria only move its score. A capability the facts leave unknown never blocks:
it scores below a known fit and says whom to confirm it with.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from .catalogue import UNKNOWN, Connector
from .data import CATALOGUE

STATUS_SCORES = {
    "fit": 1.0,
    "not_needed": 1.0,
    "partial": 0.7,
    "unknown": 0.5,
    "gap": 0.2,
    "blocked": 0.0,
}
SIZE_NEEDS_MB = {"none": 0, "under_10mb": 10, "under_25mb": 25, "under_40mb": 40}
REGION_NAMES = {"us": "the US", "eu": "the EU"}
DELIVERY_EVENTS = ("delivered", "bounced", "complained")
EVENT_NEEDS = {
    "delivery": DELIVERY_EVENTS,
    "engagement": (*DELIVERY_EVENTS, "opened", "clicked", "unsubscribed"),
}


@dataclass(frozen=True)
class Score:
    status: str  # one of STATUS_SCORES
    reason: str
    source: str = ""
    advice: str = ""  # what to do about a gap, partial fit or unknown
    blocker: str = ""  # set when the status is "blocked"

    @property
    def score(self) -> float:
        return STATUS_SCORES[self.status]


def _confirm(c: Connector) -> str:
    return f"Confirm with {c.confirm_with}."


def smtp_provider(c: Connector, answers: Mapping[str, str]) -> Connector | None:
    """The provider behind the SMTP connector, when it is the one you send through today
    and it documents an SMTP relay: its facts then speak for the server."""
    provider = CATALOGUE.connectors.get(answers.get("current_provider", ""))
    if c.family == "smtp" and provider is not None and provider.smtp_relay is not None:
        return provider
    return None


def domain_ownership(c: Connector, answers: Mapping[str, str]) -> Score:
    fact, same = c.domain, answers["same_domain"]
    provider = smtp_provider(c, answers)
    if provider is not None:
        fact = provider.domain
        c = provider
    if fact.value != "verified_domain":
        return Score("unknown", fact.note, fact.source, _confirm(c))
    if same == "yes":
        via = f"Over {c.name}'s SMTP relay: " if provider else ""
        return Score("fit", f"{via}{fact.note} Yours can send.", fact.source)
    if same == "unsure":
        return Score(
            "partial",
            f"{fact.note} You are not sure yours is ready.",
            fact.source,
            f"Check the domain is verified in {c.name} before switching traffic.",
        )
    return Score(
        "gap",
        f"{fact.note} Yours cannot send yet.",
        fact.source,
        f"Verify the workspace's domain in {c.name} before moving any traffic.",
    )


def event_depth(c: Connector, answers: Mapping[str, str]) -> Score:
    need = answers["event_depth"]
    if need == "handoff":
        handoff = CATALOGUE.common["handoff"]
        return Score("fit", handoff.text, handoff.source)
    needed = EVENT_NEEDS[need]
    reported = c.events.value
    missing = [e for e in needed if reported[e] == "no"]
    unsure = [e for e in needed if reported[e] == UNKNOWN]
    have = len(needed) - len(missing) - len(unsure)
    points = (have + 0.5 * len(unsure)) / len(needed)
    reason = f"Confirmed for {have} of the {len(needed)} states you need."
    advice = []
    if missing:
        reason += f" Missing: {', '.join(missing)}."
        provider = smtp_provider(c, answers)
        advice.append(
            f"GenieOS will not see those states over SMTP; {provider.name}'s API connector, "
            "or its webhooks outside SMTP, would report them."
            if provider
            else f"GenieOS will not see those states through {c.name}."
        )
    if unsure:
        reason += f" Unconfirmed: {', '.join(unsure)}."
        advice.append(f"Confirm {', '.join(unsure)} with {c.confirm_with}.")
    if missing:
        status = "gap" if points < 0.5 else "partial"
    elif unsure:
        status = "unknown"
    else:
        status = "fit"
    return Score(status, f"{reason} {c.events.note}", c.events.source, " ".join(advice))


def suppression(c: Connector, answers: Mapping[str, str]) -> Score:
    src = answers["suppression_source"]
    fact = c.suppression
    common = CATALOGUE.common["suppression_check"]
    if src == "genieos":
        reason = f"GenieOS's list is checked before every send. {c.name}: {fact.value['lists']}"
        return Score("fit", reason, common.source)
    feeds = fact.value["provider_unsubscribes"]
    if feeds == "yes":
        part = Score("fit", f"{c.name}'s unsubscribes reach GenieOS. {fact.value['lists']}")
    elif feeds == "partial":
        part = Score("partial", fact.note)
    elif feeds == UNKNOWN:
        part = Score("unknown", fact.note, advice=_confirm(c))
    else:
        source = getattr(smtp_provider(c, answers), "name", "your provider")
        origin = source if c.family == "smtp" else c.name
        part = Score(
            "gap",
            fact.note,
            advice=f"Make GenieOS the place unsubscribes originate, or import {origin}'s "
            "unsubscribes into GenieOS regularly.",
        )
    if src == "both" and part.status != "fit":
        # GenieOS's own half always holds; only the provider's half can fall short.
        status = {"gap": "partial", "partial": "partial", "unknown": "unknown"}[part.status]
        reason = (
            "GenieOS's half holds (its list is checked before every send); "
            f"{part.reason[:1].lower()}{part.reason[1:]}"
        )
        return Score(status, reason, fact.source, part.advice)
    return Score(part.status, part.reason, fact.source, part.advice)


def _size_score(c: Connector, need_mb: int) -> Score:
    fact = c.max_message
    if not fact.known:
        return Score("unknown", fact.note, fact.source, _confirm(c))
    limit = fact.value
    if limit < need_mb:
        return Score(
            "blocked",
            f"{fact.note} Too small for messages up to {need_mb} MB.",
            fact.source,
            blocker=f"message size: {c.name} takes at most {limit} MB, you need up to {need_mb} MB",
        )
    if c.size_after_base64 and need_mb * 4 / 3 > limit:
        return Score(
            "partial",
            f"{fact.note} Encoding adds about a third, so a message near {need_mb} MB may not fit.",
            fact.source,
            f"Keep messages under about {limit * 3 / 4:g} MB before encoding for {c.name}.",
        )
    return Score("fit", f"{fact.note} Fits messages under {need_mb} MB.", fact.source)


def _inline_score(c: Connector) -> Score:
    fact = c.inline_images
    status = {"yes": "fit", "partial": "partial"}.get(fact.value, "unknown")
    advice = _confirm(c) if status == "unknown" else ""
    return Score(status, f"Inline images: {fact.note}", fact.source, advice)


def attachments(c: Connector, answers: Mapping[str, str]) -> Score:
    need_mb = SIZE_NEEDS_MB[answers["attachment_size"]]
    parts = []
    if need_mb:
        parts.append(_size_score(c, need_mb))
    if answers["inline_images"] == "yes":
        parts.append(_inline_score(c))
    if not parts:
        return Score("not_needed", "No attachments or inline images to send.")
    worst = min(parts, key=lambda s: s.score)
    return Score(
        worst.status,
        " ".join(p.reason for p in parts),
        worst.source,
        " ".join(dict.fromkeys(p.advice for p in parts if p.advice)),
        worst.blocker,
    )


def region(c: Connector, answers: Mapping[str, str]) -> Score:
    need = answers["data_residency"]
    if need == "none":
        return Score("not_needed", "No data residency requirement.")
    fact, where = c.residency, REGION_NAMES[need]
    fit = fact.value[need]
    if fit == "fit":
        return Score("fit", f"Can keep data in {where}. {fact.note}", fact.source)
    if fit == "partial":
        return Score(
            "partial",
            f"Only a partial fit for {where}. {fact.note}",
            fact.source,
            "Check that this caveat meets your residency requirement.",
        )
    if fit == "no":
        return Score(
            "blocked",
            f"Cannot keep data in {where}. {fact.note}",
            fact.source,
            blocker=f"data residency: {c.name} cannot keep data in {where}",
        )
    return Score("unknown", f"Residency in {where} unknown. {fact.note}", fact.source, _confirm(c))


SCORERS: dict[str, Callable[[Connector, Mapping[str, str]], Score]] = {
    "domain_ownership": domain_ownership,
    "event_depth": event_depth,
    "suppression": suppression,
    "attachments": attachments,
    "region": region,
}
