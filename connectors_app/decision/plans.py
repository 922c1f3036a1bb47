"""What to do once a connector is chosen: its setup checklist and, when leaving the
current provider, the staged migration plan of the docs' migration notes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .catalogue import Connector
from .criteria import REGION_NAMES
from .data import CATALOGUE, FLOWCHART


@dataclass(frozen=True)
class ChecklistItem:
    text: str
    source: str = ""


@dataclass(frozen=True)
class MigrationStage:
    title: str
    steps: tuple[str, ...]

    def as_text(self) -> str:
        return f"{self.title}: {' '.join(self.steps)}"


def setup_checklist(connector: Connector, answers: Mapping[str, str]) -> tuple[ChecklistItem, ...]:
    setup = connector.setup
    items = [ChecklistItem(f"Have ready: {p}.", setup.source) for p in setup.prerequisites]
    if setup.note:
        items.append(ChecklistItem(setup.note, setup.source))
    provider = answers.get("current_provider", "")
    relay = CATALOGUE[provider].smtp_relay if provider in CATALOGUE.connectors else None
    if connector.id == "smtp" and relay:
        name = CATALOGUE[provider].name
        items.append(ChecklistItem(f"Use {name}'s SMTP relay: {relay.note}", relay.source))
    if answers.get("same_domain") in ("no", "unsure") and connector.domain.known:
        items.append(ChecklistItem(f"Verify the workspace's sending domain in {connector.name}."))
    residency = answers.get("data_residency", "none")
    if residency != "none" and connector.residency.value[residency] in ("fit", "partial"):
        items.append(
            ChecklistItem(
                f"Set the account up in {REGION_NAMES[residency]}: {connector.residency.note}",
                connector.residency.source,
            )
        )
    items += [ChecklistItem(f"{step}.", setup.source) for step in setup.steps]
    return tuple(items)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _reported(connector: Connector) -> list[str]:
    return [e for e, v in connector.events.value.items() if v == "yes"]


def migration_plan(*, old: Connector, old_name: str, new: Connector) -> tuple[MigrationStage, ...]:
    """The docs' staged migration (internal test, low-risk template, high volume), with
    what to check for the two connectors involved."""
    watch = (
        "Watch bounces, spam complaints and missing webhook events before the next stage; "
        f"if they rise, switch the workspace back to {old_name}."
    )
    expected = ", ".join(_reported(new)) or "none documented; confirm with " + new.confirm_with
    lost = [e for e in _reported(old) if e not in _reported(new)]
    prepare = [
        f"Set {new.name} up next to {old_name}"
        + (
            f"; have ready: {'; '.join(map(_lower_first, new.setup.prerequisites))}."
            if new.setup.prerequisites
            else "."
        )
        + (f" {new.setup.note}" if new.setup.note else ""),
        f"Copy {old_name}'s suppressions into the GenieOS workspace list before the first send,"
        f" so no one who opted out is mailed. Where {old_name} keeps them: "
        f"{_lower_first(old.suppression.value['lists'])}",
        f"Keep {old_name} installed: {CATALOGUE.common['switching'].text}",
    ]
    internal = [
        f"Switch the workspace to {new.name} and send a small internal test to addresses you own.",
        f"Check that {new.name}'s events reach GenieOS: {expected}.",
        watch,
    ]
    template = [
        f"Move one low-risk transactional template to {new.name}.",
        *(f"{check}." for check in new.setup.checks),
        watch,
    ]
    volume = [
        "Move high-volume campaigns, and critical traffic last, once the earlier stages are clean.",
        (
            f"Expect no {', '.join(lost)} events any more: {old_name} reported them, "
            f"{new.name} does not."
            if lost
            else f"{new.name} reports every state {old_name} reported."
        ),
        watch,
    ]
    return (
        MigrationStage("Prepare", tuple(prepare)),
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
