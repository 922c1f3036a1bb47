"""The answers given, as the wizard ("Your answers so far") and the report ("Your
answers") list them, each list built in one pass with format_html, which escapes every
value. A row's question and answer are the flowchart's text, the same for everyone:
each row's markup is kept per distinct question and answer, around the one thing that
is the visitor's own, its link.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

if TYPE_CHECKING:
    from connectors_app.answer_rows import AnswerRow
    from connectors_app.decision.flowchart import Question

register = template.Library()


@lru_cache(maxsize=512)
def _wizard_row(question: str, answer: str, current: bool) -> tuple[str, str, str]:
    """The wizard's row up to its link's href, between href and hx-get, and after."""
    return (
        format_html(
            '<li class="answer-row{}">\n<span class="answer-question">{}</span>\n'
            '<span class="answer-value">{}</span>\n<a class="answer-edit" href="',
            " is-current" if current else "",
            question,
            answer,
        ),
        '" hx-get="',
        format_html(
            '">Change<span class="visually-hidden"> your answer to: {}</span></a>\n</li>',
            question,
        ),
    )


@register.simple_tag
def wizard_answer_rows(rows: Iterable[AnswerRow], asking: Question | None) -> SafeString:
    """The wizard's `<li class="answer-row">`s; the question being asked is marked, and
    each links (and htmx-gets) its edit step."""
    current = asking.id if asking else ""
    html = []
    for row in rows:
        before, between, after = _wizard_row(row.question, row.answer, row.question_id == current)
        url = escape(row.edit_url)
        html.append(f"{before}{url}{between}{url}{after}")
    return mark_safe("\n".join(html))


def _summary_pair(question: str, answer: str) -> SafeString:
    return format_html(
        '<div class="summary-list-row answers-given-row">\n'
        '<dt class="summary-list-key">{}</dt>\n<dd class="summary-list-value">{}</dd>\n',
        question,
        answer,
    )


@lru_cache(maxsize=512)
def _report_row(question: str, answer: str) -> tuple[str, str]:
    """The report's row up to its link's href, and after."""
    return (
        _summary_pair(question, answer) + '<dd class="summary-list-actions"><a href="',
        format_html(
            '">Change<span class="visually-hidden"> your answer to: {}</span></a></dd>\n</div>',
            question,
        ),
    )


@lru_cache(maxsize=512)
def _print_row(question: str, answer: str) -> str:
    """The printed report's row: no link to change it."""
    return _summary_pair(question, answer) + "</div>"


@register.simple_tag
def report_answer_rows(rows: Iterable[AnswerRow], for_print: bool) -> SafeString:
    """The report's summary list rows; on screen each links its edit step."""
    if for_print:
        return mark_safe("\n".join(_print_row(row.question, row.answer) for row in rows))
    html = []
    for row in rows:
        before, after = _report_row(row.question, row.answer)
        html.append(f"{before}{escape(row.edit_url)}{after}")
    return mark_safe("\n".join(html))
