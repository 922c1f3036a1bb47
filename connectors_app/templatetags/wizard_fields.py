"""A question's radio buttons, rendered once per process for each question and answer.

A step's choices come from the flowchart data and the one answer that is selected:
the same few fragments for every visitor, so each is rendered from the form the first
time and kept. Any error is shown above them, by the step's own template.
"""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.forms import BoundField
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from connectors_app.decision import FLOWCHART
from connectors_app.decision.flowchart import Question
from connectors_app.forms import QuestionForm

register = template.Library()


@register.simple_tag
def question_choices(question: Question, field: BoundField) -> SafeString:
    """The `<div class="form-check">` of each choice of `question`, `field`'s value
    checked (a value that is not a choice checks none)."""
    value = field.value()
    selected = value if value in question.values else None
    return _choices(question.id, field.form.auto_id, selected)


@lru_cache(maxsize=256)
def _choices(question_id: str, auto_id: str | bool, selected: str | None) -> SafeString:
    # `auto_id` is the form's pattern for ids ("id_%s"), as forms take it.
    question = FLOWCHART.questions[question_id]
    form = QuestionForm(initial={question.id: selected}, question=question, auto_id=auto_id)
    html = get_template("connectors/_wizard_choices.html").render({"field": form[question.id]})
    # Safe: the template escaped every value.
    return mark_safe(html.strip())
