"""A step's question field (legend, hint, any error and the radio buttons), rendered once
per process for each question, answer and heading level, and kept.

All of it comes from the flowchart data, the one answer that is selected and the form's
fixed error messages: the same few fragments for every visitor. The hidden answers, the
links and the form around it are the visitor's own and stay in the step's template.
"""

from __future__ import annotations

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

from connectors_app.decision.flowchart import Question
from connectors_app.templatetags.fragments import kept

register = template.Library()


@register.simple_tag
def question_field(question: Question, field: BoundField, heading_level: int) -> SafeString:
    """`connectors/_wizard_field.html` for `question`'s `field`: the question is the
    legend's heading at `heading_level`, `field`'s value checked (a value that is not
    a choice checks none) and its errors shown."""
    value = field.value()
    selected = value if value in question.values else None
    errors = tuple(str(message) for message in field.errors)
    return kept(
        "connectors/_wizard_field.html",
        (question.id, field.auto_id, selected, heading_level, errors),
        {"question": question, "field": field, "heading_level": heading_level},
    )
