"""The report's rows of connectors, each list built in one pass: the score table's rows,
the score cards and "Why not the others".

Nine connectors by five criteria, in the table and again in the cards, are most of a
report's markup. Each criterion's cell comes from its own template, kept per distinct
cell (fragments.py); the few elements around the cells are put together here with
format_html, which escapes every value, and kept too: a row's head depends on its
connector, rank and tags, its end on its score, and those repeat across reports.
print.css styles these class names: keep them.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from connectors_app.templatetags.fragments import fragment

if TYPE_CHECKING:
    from connectors_app.report_context import ScoreRow

register = template.Library()

RECOMMENDED = mark_safe('<span class="tag tag-recommended">Recommended</span>')
BLOCKED = mark_safe(
    '<span class="tag tag-blocked"><span aria-hidden="true">⊘</span> Blocked</span>'
)


def _name(name: str, url: str) -> SafeString:
    """The connector's name, a link to its page on screen (print has no use for it)."""
    if not url:
        return format_html("{}", name)
    return format_html('<a class="connector-link" href="{}">{}</a>', url, name)


def _tags(recommended: bool, eligible: bool) -> SafeString:
    return mark_safe(f"{RECOMMENDED if recommended else ''}\n{'' if eligible else BLOCKED}")


def _cells(row: ScoreRow, template_name: str, for_print: bool) -> str:
    name = row.connector.name
    return "".join(
        fragment(template_name, connector_name=name, cell=cell, for_print=for_print)
        for cell in row.cells
    )


@lru_cache(maxsize=1024)
def _table_row_head(name: str, url: str, rank: int, recommended: bool, eligible: bool) -> str:
    return format_html(
        '<tr class="{}{}">\n<th scope="row">\n<span class="row-rank">{}.</span> {}\n{}\n</th>\n',
        "is-recommended" if recommended else "",
        "" if eligible else " is-blocked",
        rank,
        _name(name, url),
        _tags(recommended, eligible),
    )


@lru_cache(maxsize=1024)
def _table_row_end(score_text: str, level: int) -> str:
    return format_html(
        '\n<td class="score-cell score-overall">\n<span class="score-number">{}</span>\n'
        '<span class="score-bar score-{}" aria-hidden="true"></span>\n</td>\n</tr>',
        score_text,
        level,
    )


def _table_row(row: ScoreRow, for_print: bool) -> str:
    url = "" if for_print else row.url
    return (
        _table_row_head(row.connector.name, url, row.rank, row.recommended, row.eligible)
        + _cells(row, "connectors/_score_cell.html", for_print)
        + _table_row_end(row.score_text, row.level)
    )


@lru_cache(maxsize=4096)
def _card_head(
    name: str, url: str, rank: int, recommended: bool, eligible: bool, score_text: str
) -> str:
    return format_html(
        '<li class="score-card{}{}">\n'
        '<h3 class="score-card-title"><span class="row-rank">{}.</span> {}</h3>\n'
        '<p class="score-card-overall">\n{}\nOverall <strong>{}</strong>\n</p>\n'
        '<dl class="score-card-list">\n',
        " is-recommended" if recommended else "",
        "" if eligible else " is-blocked",
        rank,
        _name(name, url),
        _tags(recommended, eligible),
        score_text,
    )


def _card(row: ScoreRow) -> str:
    head = _card_head(
        row.connector.name, row.url, row.rank, row.recommended, row.eligible, row.score_text
    )
    return head + _cells(row, "connectors/_score_card_cell.html", False) + "\n</dl>\n</li>"


@lru_cache(maxsize=4096)
def _ranking_head(name: str, url: str, rank: int, eligible: bool, score_text: str) -> str:
    return format_html(
        '<li class="ranking-item{}">\n<span class="ranking-rank">{}</span>\n'
        '<span class="ranking-name">{}</span>\n<span class="ranking-score">{}</span>\n{}\n',
        "" if eligible else " is-blocked",
        rank,
        _name(name, url),
        score_text,
        "" if eligible else BLOCKED,
    )


def _ranking_item(row: ScoreRow, for_print: bool) -> str:
    url = "" if for_print else row.url
    head = _ranking_head(row.connector.name, url, row.rank, row.eligible, row.score_text)
    return head + format_html('<p class="ranking-why">{}</p>\n</li>', row.why_not)


@register.simple_tag
def score_table_rows(rows: Iterable[ScoreRow], for_print: bool) -> SafeString:
    """The score table's `<tr>`s: rank, name and tags, a cell per criterion, overall."""
    # Safe: every piece was escaped by format_html or its template.
    return mark_safe("\n".join(_table_row(row, bool(for_print)) for row in rows))


@register.simple_tag
def score_cards(rows: Iterable[ScoreRow]) -> SafeString:
    """The narrow screen's score cards (`<li class="score-card">`), one per connector."""
    return mark_safe("\n".join(_card(row) for row in rows))


@register.simple_tag
def ranking_items(rows: Iterable[ScoreRow], for_print: bool) -> SafeString:
    """ "Why not the others": each connector's rank, name, score and reason."""
    return mark_safe("\n".join(_ranking_item(row, bool(for_print)) for row in rows))
