"""What to do once a connector is chosen: its setup checklist and, when leaving the
current provider, the staged migration plan of the docs' migration notes.

The docs stage a move as a small internal test, then a low-risk transactional
template, then high-volume campaigns, and say that connector choice is a workspace
setting with one active connector. They do not say how part of a workspace's mail can
go through another connector, so the plan stages the move through a second workspace
and says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .catalogue import Connector, clause
from .criteria import REGION_NAMES, Score
from .data import CATALOGUE, FLOWCHART


@dataclass(frozen=True)
class ChecklistItem:
    text: str
    source: str = ""


@dataclass(frozen=True)
class MigrationStage:
    title: str
    steps: tuple[str, ...]
    sources: tuple[str, ...] = ()

    def as_text(self) -> str:
        return f"{self.title}: {' '.join(self.steps)}"


def setup_checklist(
    connector: Connector, answers: Mapping[str, str], *, domain: Score
) -> tuple[ChecklistItem, ...]:
    """The chosen connector's setup, with the domain step its domain score calls for."""
    setup = connector.setup
    items = [
        ChecklistItem(f"Have ready: {_lower_first(p)}.", setup.source) for p in setup.prerequisites
    ]
    if setup.note:
        items.append(ChecklistItem(setup.note, setup.source))
    provider = answers.get("current_provider", "")
    relay = CATALOGUE[provider].smtp_relay if provider in CATALOGUE.connectors else None
    if connector.id == "smtp" and relay:
        name = CATALOGUE[provider].name
        items.append(ChecklistItem(f"Use {name}'s SMTP relay. {relay.note}", relay.source))
    if domain.status in ("setup", "partial", "unknown") and domain.advice:
        items.append(ChecklistItem(domain.advice, domain.source))
    residency = answers.get("data_residency", "none")
    if residency != "none" and connector.residency.value[residency] in ("fit", "partial"):
        items.append(
            ChecklistItem(
                f"Set the account up in {REGION_NAMES[residency]}. {connector.residency.note}",
                connector.residency.source,
            )
        )
    items += [ChecklistItem(f"{step}.", setup.source) for step in setup.steps]
    return tuple(items)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _reported(connector: Connector) -> list[str]:
    return [e for e, v in connector.events.value.items() if v == "yes"]


def _warm_up(old: Connector, new: Connector) -> str:
    warm_up = CATALOGUE.common["warm_up"].text
    if old.id in new.own_esps:
        return (
            f"Bind {new.name}'s sending domain to your own {old.name} account to keep its "
            f"reputation. If you send through {new.name}'s own infrastructure instead, plan a "
            f"warm-up. {warm_up}"
        )
    return f"{new.name} sends from IPs your domain has no history on. {warm_up}"


def migration_plan(
    *, old: Connector, old_name: str, new: Connector, domain: Score
) -> tuple[MigrationStage, ...]:
    """The docs' staged migration, with what every real move needs around it."""
    expected = ", ".join(_reported(new)) or f"none documented; confirm with {new.confirm_with}"
    lost = [e for e in _reported(old) if e not in _reported(new)]
    old_lists = _lower_first(clause(old.suppression.value["lists"]))
    prepare = [
        domain.advice or f"Authenticate your domain at {new.name} before any traffic.",
        f"Connect {new.name}'s events to GenieOS before the first send, so bounces, "
        "complaints and unsubscribes reach the workspace list from the start.",
        f"Move suppressions both ways: import {old_name}'s suppressions into the GenieOS "
        "workspace list before the first send, and keep "
        f"{old_name}'s list up to date from GenieOS while you can still switch back.",
        f"Where {old_name} keeps them today: {old_lists}.",
        _warm_up(old, new),
        f"Keep {old_name} installed. {CATALOGUE.common['switching'].text}",
    ]
    throughout = [
        "Watch bounces, spam complaints and missing webhook events before each next stage.",
        f"Switch back to {old_name} if the user-reported spam rate reaches 0.1 % (Google "
        "asks senders never to reach 0.3 %), or if hard bounces or missing events rise "
        f"above what {old_name} showed.",
    ]
    second = (
        f"{CATALOGUE.common['one_active_connector'].text} The docs do not say how to send "
        f"part of a workspace's mail through another connector, so stages 1 and 2 use a "
        f"second GenieOS workspace with {new.name} as its active connector."
    )
    internal = [
        second,
        "Send a small internal test from it to addresses you own.",
        f"Check that {new.name}'s events reach GenieOS: {expected}.",
    ]
    template = [
        "Send one low-risk transactional template to real recipients through the second "
        "workspace (its API key, for that template only).",
        *(f"{check}." for check in new.setup.checks),
    ]
    volume = [
        f"Switch your main workspace's active connector to {new.name} and raise volume at "
        "the warm-up's pace, critical traffic last.",
        (
            f"Expect no {', '.join(lost)} events any more: {old_name} reported them, "
            f"{new.name} does not."
            if lost
            else f"{new.name} reports every state {old_name} reported."
        ),
    ]
    return (
        MigrationStage(
            "Prepare",
            tuple(prepare),
            (domain.source, CATALOGUE.common["warm_up"].source),
        ),
        MigrationStage(
            "Throughout", tuple(throughout), (CATALOGUE.common["sender_guidelines"].source,)
        ),
        MigrationStage("Stage 1, a small internal test", tuple(internal)),
        MigrationStage("Stage 2, a low-risk transactional template", tuple(template)),
        MigrationStage("Stage 3, high-volume campaigns", tuple(volume)),
    )


def current_connector(answers: Mapping[str, str]) -> tuple[Connector, str] | None:
    """The connector the workspace's current provider maps to, and what to call it."""
    provider = answers.get("current_provider")
    if answers.get("owns_deliverability") != "yes" or provider is None:
        return None
    choice = FLOWCHART.questions["current_provider"].choice(provider)
    name = CATALOGUE[choice.connector].name if provider != "other" else "your current mail server"
    return CATALOGUE[choice.connector], name
