"""The report's score cells, rendered once per process for each distinct cell.

A report has nine connectors by five criteria, in a table and again in cards: about
ninety cells, which are most of the report's template nodes. A cell's markup depends
only on its connector's name, the cell (a frozen `report_context.Cell`) and whether it
is for print, and there are few distinct cells across all answer sets, so each is
rendered from its own template once and kept (bounded).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from django import template
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

if TYPE_CHECKING:
    from connectors_app.report_context import Cell, ScoreRow

register = template.Library()


@lru_cache(maxsize=4096)
def _render(template_name: str, connector_name: str, cell: Cell, for_print: bool) -> SafeString:
    html = get_template(template_name).render(
        {"connector_name": connector_name, "cell": cell, "for_print": for_print}
    )
    # Safe: the template escaped every value (the strip drops the comment line and indent).
    return mark_safe(html.strip())


@register.simple_tag
def score_cell(row: ScoreRow, cell: Cell, for_print: bool) -> SafeString:
    """A score table's `<td>` for one criterion of `row`."""
    return _render("connectors/_score_cell.html", row.connector.name, cell, bool(for_print))


@register.simple_tag
def score_card_cell(row: ScoreRow, cell: Cell) -> SafeString:
    """A score card's row (`<div class="score-card-row">`) for one criterion of `row`."""
    return _render("connectors/_score_card_cell.html", row.connector.name, cell, False)
