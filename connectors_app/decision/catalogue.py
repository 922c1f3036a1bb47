"""The connector catalogue: each connector's capabilities, each with its source."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

UNKNOWN = "unknown"


def clause(sentence: str) -> str:
    """A catalogue sentence without its full stop, to sit inside another sentence."""
    return sentence.removesuffix(".")


@dataclass(frozen=True)
class Fact:
    """One capability: its value, a sentence a reader can check, where it comes from,
    and when that source was last read."""

    value: Any
    note: str
    source: str
    grade: str
    checked: str = ""  # ISO date

    @property
    def known(self) -> bool:
        return bool(self.value != UNKNOWN)


@dataclass(frozen=True)
class SizeLimit:
    """A message size limit as the provider measures it."""

    mb: float
    encoded: bool  # counted after base64 encoding, which adds about a third
    interface: str  # which interface it applies to, where that matters ("" otherwise)
    note: str

    def encoded_mb(self, raw_mb: float) -> float:
        """What a message of `raw_mb` counts against this limit."""
        return raw_mb * 4 / 3 if self.encoded else raw_mb


@dataclass(frozen=True)
class Setup:
    prerequisites: tuple[str, ...]
    steps: tuple[str, ...]
    checks: tuple[str, ...]
    note: str
    source: str
    credentials: str = ""  # what an API connector needs in place of SMTP credentials


# Compared and hashed by id: the catalogue holds one of each, and the engine compares
# connectors tens of times per recommendation (a field-by-field __eq__ was its hottest line).
@dataclass(frozen=True, eq=False)
class Connector:
    id: str
    name: str
    family: str
    family_name: str
    docs_url: str
    confirm_with: str
    summary: str
    summary_source: str
    domain: Fact
    events: Fact
    suppression: Fact
    max_message: Fact
    # The limits as each interface measures them: the main one first, then any that
    # may apply instead because the docs do not say which interface GenieOS calls.
    size_limits: tuple[SizeLimit, ...]
    inline_images: Fact
    residency: Fact
    journey_analytics: Fact
    setup: Setup
    smtp_relay: Fact | None
    domain_steps: str  # the provider's own words for authenticating a domain there
    unsubscribe_action: str  # what to do when its unsubscribes reach GenieOS only partly
    rich_timeline: bool  # the docs call its events rich without listing them (Relay)
    own_esps: tuple[str, ...]  # connectors whose accounts it can send through (Iterable)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Connector) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    @property
    def facts(self) -> dict[str, Fact]:
        """The capabilities by name, for pages that list them all with their sources."""
        return {
            "Sending domain": self.domain,
            "Events reported": self.events,
            "Suppressions": self.suppression,
            "Maximum message size": self.max_message,
            "Inline images": self.inline_images,
            "Data residency": self.residency,
            "Journey analytics": self.journey_analytics,
        }

    @cached_property
    def unknown_count(self) -> int:
        """How much of this connector the facts leave unknown (a tie-breaker in ranking)."""
        count: int = sum(not fact.known for fact in self.facts.values())
        count += sum(v == UNKNOWN for v in self.events.value.values())
        count += sum(v == UNKNOWN for v in self.residency.value.values())
        return count + (not self.setup.prerequisites) + (not self.docs_url)


@dataclass(frozen=True)
class CommonFact:
    text: str
    source: str
    checked: str = ""


@dataclass(frozen=True)
class Catalogue:
    connectors: Mapping[str, Connector]
    event_vocabulary: tuple[str, ...]
    families: Mapping[str, str]
    family_source: str
    common: Mapping[str, CommonFact]

    def __getitem__(self, connector_id: str) -> Connector:
        return self.connectors[connector_id]

    def __iter__(self) -> Iterator[Connector]:
        return iter(self.connectors.values())

    @cached_property
    def source_dates(self) -> Mapping[str, str]:
        """When each source URL was last checked: the latest date of any fact citing it."""
        dated: dict[str, str] = {}
        facts = [f for c in self for f in (*c.facts.values(), c.smtp_relay) if f is not None]
        pairs = [(f.source, f.checked) for f in facts]
        pairs += [(f.source, f.checked) for f in self.common.values()]
        for url, checked in pairs:
            if url and checked:
                dated[url] = max(checked, dated.get(url, ""))
        return dated

    def by_family(self) -> list[tuple[str, list[Connector]]]:
        """(family name, its connectors) in the catalogue's order."""
        return [
            (name, [c for c in self if c.family == family])
            for family, name in self.families.items()
        ]


def _size_limits(raw: Mapping[str, Any]) -> tuple[SizeLimit, ...]:
    if raw["value"] == UNKNOWN:
        return ()
    return tuple(
        SizeLimit(
            mb=limit["value"],
            encoded=limit["measured"] == "encoded",
            interface=limit.get("interface", ""),
            note=limit["note"],
        )
        for limit in [raw, *raw.get("alternatives", ())]
    )


def load_catalogue(raw: Mapping[str, Any]) -> Catalogue:
    families = dict(raw["families"])
    default_checked = raw["checked"]

    def _fact(raw: Mapping[str, Any]) -> Fact:
        return Fact(
            value=raw["value"],
            note=raw["note"],
            source=raw["source"],
            grade=raw["grade"],
            # An unsourced fact was never checked anywhere: it carries no date.
            checked=raw.get("checked", default_checked) if raw["source"] else "",
        )

    connectors = {}
    for connector_id, c in raw["connectors"].items():
        setup = c["setup"]
        relay = c.get("smtp_relay")
        connectors[connector_id] = Connector(
            id=connector_id,
            name=c["name"],
            family=c["family"],
            family_name=families[c["family"]],
            docs_url=c["docs_url"],
            confirm_with=c["confirm_with"],
            summary=c["summary"],
            summary_source=c["summary_source"],
            domain=_fact(c["domain"]),
            events=_fact(c["events"]),
            suppression=_fact(c["suppression"]),
            max_message=_fact(c["max_message"]),
            size_limits=_size_limits(c["max_message"]),
            inline_images=_fact(c["inline_images"]),
            residency=_fact(c["residency"]),
            journey_analytics=_fact(c["journey_analytics"]),
            setup=Setup(
                prerequisites=tuple(setup["prerequisites"]),
                steps=tuple(setup["steps"]),
                checks=tuple(setup["checks"]),
                note=setup["note"],
                source=setup["source"],
                credentials=setup.get("credentials", ""),
            ),
            smtp_relay=(
                Fact(relay["text"], relay["text"], relay["source"], "S", default_checked)
                if relay
                else None
            ),
            domain_steps=c["domain"].get("steps", ""),
            unsubscribe_action=c["suppression"].get("action", ""),
            rich_timeline=c["events"].get("timeline") == "rich",
            own_esps=tuple(c["domain"].get("own_esps", ())),
        )
    return Catalogue(
        connectors=connectors,
        event_vocabulary=tuple(raw["event_vocabulary"]),
        families=families,
        family_source=raw["family_source"]["url"],
        common={
            k: CommonFact(v["text"], v["source"], v.get("checked", default_checked))
            for k, v in raw["common"].items()
        },
    )
