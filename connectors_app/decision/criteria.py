"""Score one connector on one of the five criteria, with a reason a reader can check.

One rule per criterion, applied the same way to every connector:

- Hard requirements (message size, data residency) can block a connector; the soft
  criteria only move its score. A capability the facts leave unknown never blocks: it
  scores below a known fit and says whom to confirm it with.
- SMTP is a transport, not a provider: SMTP through a known provider speaks with that
  provider's facts (domain, size, inline images, region) and is blocked when it is.
- "The domain is verified there" describes the account you send through today; any
  other connector needs your domain authenticated first, a setup step to do.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache

from .catalogue import UNKNOWN, Connector, SizeLimit
from .data import CATALOGUE

STATUS_SCORES = {
    "fit": 1.0,
    "not_needed": 1.0,
    "setup": 0.8,
    "partial": 0.7,
    "unknown": 0.5,
    "gap": 0.2,
    "blocked": 0.0,
}
# The answer buckets are raw sizes: (largest message of the bucket below, this one's).
SIZE_BUCKETS_MB: dict[str, tuple[int, int] | None] = {
    "none": None,
    "under_10mb": (0, 10),
    "under_25mb": (10, 25),
    "under_40mb": (25, 40),
}
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
    advice: str = ""  # what to do about a gap, partial fit, setup step or unknown
    blocker: str = ""  # set when the status is "blocked"
    hard: str = ""  # the status of the criterion's hard requirement, if it has one

    @property
    def score(self) -> float:
        return STATUS_SCORES[self.status]


def _confirm(c: Connector, what: str = "this") -> str:
    return f"Confirm {what} with {c.confirm_with}."


def _mb(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _list(items: list[str] | tuple[str, ...]) -> str:
    if len(items) < 3:
        return " and ".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def smtp_provider(c: Connector, answers: Mapping[str, str]) -> Connector | None:
    """The provider behind the SMTP connector, when it is the one you send through today
    and it documents an SMTP relay: its facts then speak for the server."""
    provider = CATALOGUE.connectors.get(answers.get("current_provider", ""))
    if c.family == "smtp" and provider is not None and provider.smtp_relay is not None:
        return provider
    return None


def is_current(c: Connector, answers: Mapping[str, str]) -> bool:
    """Whether `c` sends through the account or server the workspace uses today."""
    if answers.get("owns_deliverability") != "yes" or "current_provider" not in answers:
        return False
    provider = answers["current_provider"]
    if c.family == "smtp":
        # SMTP through today's provider, or today's legacy server.
        return provider == "other" or smtp_provider(c, answers) is not None
    return c.id == provider


def _say(via: str, text: str) -> str:
    """A reason after its route phrase, or capitalised when there is none."""
    return f"{via}{text}" if via else text[:1].upper() + text[1:]


def _over(c: Connector, answers: Mapping[str, str]) -> tuple[Connector, str]:
    """Whose facts speak for `c`, and a phrase naming the route ("" when direct)."""
    provider = smtp_provider(c, answers)
    if provider is None:
        return c, ""
    return provider, f"Over SMTP through {provider.name}, "


def domain_ownership(c: Connector, answers: Mapping[str, str]) -> Score:
    facts, via = _over(c, answers)
    fact, same = facts.domain, answers["same_domain"]
    auth = CATALOGUE.common["domain_authentication"]
    steps = facts.domain_steps or f"authenticate the domain at {facts.name}"
    todo = f"{steps}, so that {auth.text}."
    if is_current(c, answers):
        where = "your current mail server" if facts.family == "smtp" else facts.name
        if same == "yes":
            return Score("fit", _say(via, f"your domain is verified at {where}."), fact.source)
        if same == "unsure":
            return Score(
                "partial",
                _say(via, f"you are not sure your domain is verified at {where}."),
                fact.source,
                f"Check {where}'s domain settings before relying on it; if it is not there, {todo}",
            )
        return Score(
            "setup",
            _say(via, f"your domain cannot send from {where} yet."),
            fact.source,
            f"Before moving traffic, {todo}",
        )
    if fact.value == "verified_domain":
        today = (
            "The domain you verified is at the provider you use today"
            if answers.get("owns_deliverability") == "yes"
            else "You run no provider account today"
        )
        return Score(
            "setup",
            _say(via, f"{fact.note} {today}, so it is a setup step at {facts.name}."),
            fact.source,
            f"Before any traffic, {todo}",
        )
    advice = _confirm(facts, f"how {facts.name} sends from your domain")
    return Score("unknown", _say(via, fact.note), fact.source, advice)


def _event_levels(c: Connector, answers: Mapping[str, str]) -> tuple[dict[str, str], str]:
    """Each normalised event's level for `c` (yes, partial, no, unknown) and why."""
    provider = smtp_provider(c, answers)
    if provider is None:
        return dict(c.events.value), c.events.note
    # Over SMTP GenieOS confirms the handoff; richer states come only from the
    # provider's webhooks outside SMTP, which the SMTP page calls optional.
    levels = {
        e: "yes" if e == "accepted" else (UNKNOWN if v in ("yes", "partial") else "no")
        for e, v in provider.events.value.items()
    }
    return levels, f"{CATALOGUE.common['smtp_webhooks'].text} {provider.events.note}"


def event_depth(c: Connector, answers: Mapping[str, str]) -> Score:
    need = answers["event_depth"]
    if need == "handoff":
        handoff = CATALOGUE.common["handoff"]
        return Score("fit", handoff.text, handoff.source)
    needed = EVENT_NEEDS[need]
    levels, note = _event_levels(c, answers)
    by_level = {level: [e for e in needed if levels[e] == level] for level in levels.values()}
    have, partly = by_level.get("yes", []), by_level.get("partial", [])
    missing, unsure = by_level.get("no", []), by_level.get(UNKNOWN, [])
    provider = smtp_provider(c, answers)
    if c.rich_timeline and unsure:
        return Score(
            "partial",
            note,
            c.events.source,
            f"Ask {c.confirm_with} to confirm {_list(unsure)} before you rely on them.",
        )
    points = (len(have) + 0.5 * (len(partly) + len(unsure))) / len(needed)
    if not (missing or partly or unsure):
        reason = f"Reports all {len(needed)} states you need."
    elif have:
        reason = f"Reports {len(have)} of the {len(needed)} states you need."
    else:
        reason = f"Reports none of the {len(needed)} states you need."
    advice = []
    if missing:
        reason += f" Missing: {_list(missing)}."
        advice.append(
            f"Use {provider.name}'s API connector to see {_list(missing)}."
            if provider
            else f"GenieOS will not see {_list(missing)} through {c.name}; "
            "choose a connector that reports them if you need them."
        )
    if partly:
        reason += f" Only partly: {_list(partly)}."
        advice.append(
            f"Until {c.name}'s unsubscribes reach GenieOS in full, make GenieOS the place "
            "they originate."
            if partly == ["unsubscribed"]
            else _confirm(c, f"how {_list(partly)} reach GenieOS")
        )
    if unsure:
        reason += f" Unconfirmed: {_list(unsure)}."
        if provider:
            advice.append(
                f"Confirm with GenieOS support that its SMTP connector takes {provider.name}'s "
                f"webhooks for {_list(unsure)}, or use {provider.name}'s API connector."
            )
        else:
            advice.append(_confirm(c, _list(unsure)))
    if missing:
        status = "gap" if points < 0.5 else "partial"
    elif partly:
        status = "partial"
    elif unsure:
        status = "unknown"
    else:
        status = "fit"
    return Score(status, f"{reason} {note}", c.events.source, " ".join(advice))


def suppression(c: Connector, answers: Mapping[str, str]) -> Score:
    src = answers["suppression_source"]
    fact = c.suppression
    common = CATALOGUE.common["suppression_check"]
    if src == "genieos":
        reason = f"GenieOS checks its own list before every send, whatever {c.name} keeps."
        return Score("fit", reason, common.source)
    feeds = fact.value["provider_unsubscribes"]
    make_genieos = "Make GenieOS the place unsubscribes originate"
    if feeds == "yes":
        part = Score("fit", f"{c.name}'s unsubscribes reach GenieOS. {fact.value['lists']}")
    elif feeds == "partial":
        part = Score("partial", fact.note, advice=c.unsubscribe_action)
    elif feeds == "managed":
        part = Score("partial", fact.note, advice=f"{make_genieos}, as Relay expects.")
    elif feeds == UNKNOWN:
        part = Score("unknown", fact.note, advice=_confirm(c))
    else:
        source = getattr(smtp_provider(c, answers), "name", "your provider")
        origin = source if c.family == "smtp" else c.name
        part = Score(
            "gap",
            fact.note,
            advice=f"{make_genieos}, or import {origin}'s unsubscribes into GenieOS regularly.",
        )
    if src == "both" and part.status != "fit":
        # GenieOS's own half always holds; only the provider's half can fall short.
        status = {"gap": "partial", "partial": "partial", "unknown": "unknown"}[part.status]
        reason = f"GenieOS's half holds, since its list is checked before every send. {part.reason}"
        return Score(status, reason, fact.source, part.advice)
    return Score(part.status, part.reason, fact.source, part.advice)


def _limit_verdict(name: str, limit: SizeLimit, low: int, high: int) -> tuple[str, str]:
    """Fits, partial or blocked for raw messages of `low`-`high` MB against one limit,
    with the arithmetic in the sentence."""
    top = limit.encoded_mb(high)
    measured = " after base64" if limit.encoded else ""
    sized = (
        f"{high} MB before encoding is about {_mb(top)} MB after base64"
        if limit.encoded
        else f"Messages up to {high} MB"
    )
    if top <= limit.mb:
        return "fit", f"{sized}, within {name}'s {_mb(limit.mb)} MB limit{measured}."
    if limit.encoded_mb(low) >= limit.mb:
        return "blocked", (
            f"Messages over {low} MB are over {name}'s {_mb(limit.mb)} MB limit{measured}"
            + (f" (over {_mb(limit.encoded_mb(low))} MB once encoded)." if limit.encoded else ".")
        )
    fits_up_to = limit.mb * 3 / 4 if limit.encoded else limit.mb
    return "partial", (
        f"{sized}, over {name}'s {_mb(limit.mb)} MB limit{measured} by about "
        f"{_mb(top - limit.mb)} MB; only messages under about {_mb(fits_up_to)} MB "
        "before encoding fit."
    )


def _size_score(c: Connector, answers: Mapping[str, str], low: int, high: int) -> Score:
    facts, via = _over(c, answers)
    fact = facts.max_message
    # Over SMTP only the provider's main limit (the one that covers SMTP) applies.
    limits = facts.size_limits[:1] if via else facts.size_limits
    if not limits:
        return Score("unknown", _say(via, fact.note), fact.source, _confirm(facts, "its limit"))
    verdicts = [_limit_verdict(facts.name, limit, low, high) for limit in limits]
    main_status, main_reason = verdicts[0]
    reason = _say(via, main_reason)
    status = main_status
    advice = ""
    others = [(limit, v) for limit, v in zip(limits[1:], verdicts[1:], strict=True)]
    if others and main_status != "blocked":
        worse = [(limit, v) for limit, v in others if v[0] != main_status]
        for limit, (_, other_reason) in worse:
            reason += f" That holds for {limits[0].interface}; on {limit.interface}: "
            reason += other_reason[:1].lower() + other_reason[1:]
        if worse:
            status = "partial"
            advice = (
                f"GenieOS's docs do not say which {facts.name} interface its connector "
                "calls: ask GenieOS support before sending large messages."
            )
    if status == "partial" and not advice:
        advice = "Keep each message under that size, or link large files instead of attaching them."
    blocker = ""
    if status == "blocked":
        route = f"SMTP through {facts.name}" if via else facts.name
        blocker = (
            f"{route} takes at most {_mb(limits[0].mb)} MB"
            + (" after encoding" if limits[0].encoded else "")
            + f", and your messages reach {high} MB"
        )
    return Score(status, reason, fact.source, advice, blocker)


def _inline_score(c: Connector, answers: Mapping[str, str]) -> Score:
    facts, via = _over(c, answers)
    fact = facts.inline_images
    status = {"yes": "fit", "partial": "partial"}.get(fact.value, "unknown")
    said, advice = {
        "fit": ("inline images are supported.", ""),
        "partial": (
            "inline images are only partly supported.",
            "Test inline images in the mail clients your readers use before relying on them.",
        ),
        "unknown": ("whether inline images work is unknown.", _confirm(facts, "inline images")),
    }[status]
    return Score(status, _say(via, f"{said} {fact.note}"), fact.source, advice)


def attachments(c: Connector, answers: Mapping[str, str]) -> Score:
    bucket = SIZE_BUCKETS_MB[answers["attachment_size"]]
    parts = []
    size = _size_score(c, answers, *bucket) if bucket else None
    if size:
        parts.append(size)
    if answers["inline_images"] == "yes":
        parts.append(_inline_score(c, answers))
    if not parts:
        return Score("not_needed", "No attachments or inline images to send.", hard="not_needed")
    worst = min(parts, key=lambda s: s.score)
    return Score(
        worst.status,
        " ".join(p.reason[:1].upper() + p.reason[1:] for p in parts),
        worst.source,
        " ".join(dict.fromkeys(p.advice for p in parts if p.advice)),
        worst.blocker,
        size.status if size else "not_needed",
    )


def region(c: Connector, answers: Mapping[str, str]) -> Score:
    need = answers["data_residency"]
    if need == "none":
        return Score("not_needed", "No data residency requirement.", hard="not_needed")
    facts, via = _over(c, answers)
    fact, where = facts.residency, REGION_NAMES[need]
    fit = fact.value[need]
    if fit == "fit":
        endpoint = f" Use its SMTP endpoint in {where}." if via else ""
        reason = _say(via, f"can keep data in {where}.{endpoint} {fact.note}")
        return Score("fit", reason, fact.source, hard="fit")
    if fit == "partial":
        return Score(
            "partial",
            _say(via, f"only a partial fit for {where}. {fact.note}"),
            fact.source,
            "Ask your data-protection lead whether this caveat meets your residency requirement.",
            hard="partial",
        )
    if fit == "no":
        route = f"SMTP through {facts.name}" if via else facts.name
        return Score(
            "blocked",
            _say(via, f"cannot keep data in {where}. {fact.note}"),
            fact.source,
            blocker=f"{route} cannot keep data in {where}",
            hard="blocked",
        )
    return Score(
        "unknown",
        _say(via, f"residency in {where} is unknown. {fact.note}"),
        fact.source,
        _confirm(facts, f"where data is kept before relying on it for {where}"),
        hard="unknown",
    )


# The answers each criterion reads: scores are cached on them (see `score`).
INPUTS = {
    "domain_ownership": ("same_domain", "owns_deliverability", "current_provider"),
    "event_depth": ("event_depth", "current_provider"),
    "suppression": ("suppression_source", "current_provider"),
    "attachments": ("attachment_size", "inline_images", "current_provider"),
    "region": ("data_residency", "current_provider"),
}


def score(criterion_id: str, c: Connector, answers: Mapping[str, str]) -> Score:
    """`c`'s score on one criterion. A criterion reads only its INPUTS, so the score is
    computed once per connector and combination of those answers."""
    return _score(criterion_id, c.id, tuple(answers.get(k, "") for k in INPUTS[criterion_id]))


@cache
def _score(criterion_id: str, connector_id: str, values: tuple[str, ...]) -> Score:
    answers = {k: v for k, v in zip(INPUTS[criterion_id], values, strict=True) if v}
    return SCORERS[criterion_id](CATALOGUE[connector_id], answers)


SCORERS: dict[str, Callable[[Connector, Mapping[str, str]], Score]] = {
    "domain_ownership": domain_ownership,
    "event_depth": event_depth,
    "suppression": suppression,
    "attachments": attachments,
    "region": region,
}
