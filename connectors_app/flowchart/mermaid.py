"""The flowchart as Mermaid, the docs page's own format, from the same data as the picture.

Every node and edge of the docs' chart keeps its id, label and shape; the wizard's
additions are drawn with dotted edges and the `added` class. With a highlight, the path
taken gets the `taken` class and thicker links.
"""

from __future__ import annotations

import re

from connectors_app.decision import FLOWCHART
from connectors_app.flowchart.graph import RECOMMENDED, Highlight

_PLAIN_LABEL = re.compile(r"[\w\s?,.'-]*")


def mermaid_label(text: str) -> str:
    """A label as Mermaid reads it: bare when plain, else quoted with entity escapes."""
    if _PLAIN_LABEL.fullmatch(text):
        return text
    return '"' + text.replace("#", "#35;").replace('"', "#quot;") + '"'


def _node(node_id: str, label: str, shape: str) -> str:
    text = mermaid_label(label)
    return f"  {node_id}{{{text}}}" if shape == "rhombus" else f"  {node_id}[{text}]"


def flowchart_mermaid(*, highlight: Highlight | None = None) -> str:
    """The whole chart as a Mermaid `flowchart TD`, with `highlight`'s path marked."""
    lines = [
        "flowchart TD",
        f"  %% Choosing a connector: {FLOWCHART.source}",
        "  %% Class 'added' and dotted links: what the wizard adds to the docs' chart.",
    ]
    for node in FLOWCHART.nodes.values():
        lines.append(_node(node.id, node.label, node.shape))
    links: list[tuple[str, str]] = []
    for edge in FLOWCHART.edges:
        arrow = "-->" if edge.origin == "docs" else "-.->"
        label = f"|{mermaid_label(edge.label)}|" if edge.label else ""
        lines.append(f"  {edge.source} {arrow}{label} {edge.target}")
        links.append((edge.source, edge.target))
    if highlight is not None and highlight.recommended:
        lines.append(_node(RECOMMENDED, f"Recommended: {highlight.recommended}", "rect"))
        label = mermaid_label(f"overruled: {highlight.overruled_by.lower()}")
        lines.append(f"  {highlight.outcome} -.->|{label}| {RECOMMENDED}")
        links.append((highlight.outcome, RECOMMENDED))
    added = [n.id for n in FLOWCHART.nodes.values() if n.origin == "added"]
    lines += [
        "  classDef added stroke-dasharray: 5 5",
        f"  class {','.join(added)} added",
    ]
    if highlight is not None:
        lines += _highlight_lines(highlight, links)
    return "\n".join(lines) + "\n"


def _highlight_lines(highlight: Highlight, links: list[tuple[str, str]]) -> list[str]:
    lines = [
        "  classDef taken fill:#e7f1ff,stroke:#0a58ca,stroke-width:3px",
        "  classDef recommended fill:#d1e7dd,stroke:#146c43,stroke-width:4px",
        "  classDef overruled fill:#f8f9fa,stroke:#b02a37,stroke-dasharray: 5 5",
        "  classDef current fill:#fff3cd,stroke:#ad5700,stroke-width:3px",
    ]
    taken = [n for n in FLOWCHART.nodes if n in highlight.nodes]
    if taken:
        lines.append(f"  class {','.join(taken)} taken")
    if highlight.current:
        lines.append(f"  class {highlight.current} current")
    if highlight.outcome and highlight.recommended:
        lines.append(f"  class {highlight.outcome} overruled")
        lines.append(f"  class {RECOMMENDED} recommended")
    elif highlight.outcome:
        lines.append(f"  class {highlight.outcome} recommended")
    lit = [str(i) for i, link in enumerate(links) if link in highlight.edges]
    if lit:
        lines.append(f"  linkStyle {','.join(lit)} stroke:#0a58ca,stroke-width:3px")
    if highlight.recommended:
        overrule = links.index((highlight.outcome, RECOMMENDED))
        lines.append(f"  linkStyle {overrule} stroke:#b02a37,stroke-width:3px")
    return lines
