"""The answers given, as the wizard ("Your answers so far") and the report ("Your
answers") list them, each list built in one pass with format_html, which escapes every
value: a row's question and answer are the flowchart's text, its link the visitor's own.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

if TYPE_CHECKING:
    from connectors_app.answer_rows import AnswerRow
    from connectors_app.decision.flowchart import Question

register = template.Library()


@register.simple_tag
def wizard_answer_rows(rows: Iterable[AnswerRow], asking: Question | None) -> SafeString:
    """The wizard's `<li class="answer-row">`s; the question being asked is marked, and
    each links (and htmx-gets) its edit step."""
    current = asking.id if asking else ""
    return mark_safe(
        "\n".join(
            format_html(
                '<li class="answer-row{}">\n<span class="answer-question">{}</span>\n'
                '<span class="answer-value">{}</span>\n'
                '<a class="answer-edit" href="{}" hx-get="{}">Change<span class="visually-hidden">'
                " your answer to: {}</span></a>\n</li>",
                " is-current" if row.question_id == current else "",
                row.question,
                row.answer,
                row.edit_url,
                row.edit_url,
                row.question,
            )
            for row in rows
        )
    )


@register.simple_tag
def report_answer_rows(rows: Iterable[AnswerRow], for_print: bool) -> SafeString:
    """The report's summary list rows; on screen each links its edit step."""
    return mark_safe(
        "\n".join(
            format_html(
                '<div class="summary-list-row answers-given-row">\n'
                '<dt class="summary-list-key">{}</dt>\n<dd class="summary-list-value">{}</dd>\n{}\n'
                "</div>",
                row.question,
                row.answer,
                ""
                if for_print
                else format_html(
                    '<dd class="summary-list-actions"><a href="{}">Change<span'
                    ' class="visually-hidden"> your answer to: {}</span></a></dd>',
                    row.edit_url,
                    row.question,
                ),
            )
            for row in rows
        )
    )
