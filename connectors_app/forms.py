"""One Django form per question, built from the flowchart data.

The form only parses and validates one answer; which question comes next is the
engine's business.
"""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.html import escape

from connectors_app.decision.answers import WORKSPACE_NAME_MAX, check_workspace_name
from connectors_app.decision.flowchart import Question


class QuestionForm(forms.Form):
    """A single radio question: its field is named by the question id, as in the URL.

    No `required` attribute: an unanswered question is the server's to explain (an
    error summary and a message by the field, with or without JavaScript), never the
    browser's bubble alone."""

    use_required_attribute = False

    def __init__(self, *args: Any, question: Question, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.question = question
        self.fields[question.id] = forms.ChoiceField(
            label=question.text,
            choices=[(choice.value, choice.label) for choice in question.choices],
            widget=forms.RadioSelect,
            # crispy renders help text with |safe: escape the data's text ourselves.
            help_text=escape(question.hint),
            error_messages={
                "required": "Choose one answer to go on.",
                "invalid_choice": "That is not one of the answers; choose one of those listed.",
            },
        )
        self.helper = FormHelper()
        # The template owns the <form> and its hx- attributes; GET forms need no CSRF token.
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.label_class = "wizard-question"


class WorkspaceNameForm(forms.Form):
    """The report's optional title. The engine's check decides what is acceptable."""

    workspace_name = forms.CharField(
        label="Workspace name",
        required=False,
        max_length=WORKSPACE_NAME_MAX,
        # A right-to-left name shows in its own direction, whatever the page's.
        widget=forms.TextInput(attrs={"dir": "auto"}),
        help_text=f"Titles the report and its PDF. At most {WORKSPACE_NAME_MAX} characters.",
        error_messages={
            "max_length": "Keep the name to %(limit_value)d characters or fewer "
            "(this one has %(show_value)d).",
            "null_characters_not_allowed": "Use plain text: the name holds a control character.",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean_workspace_name(self) -> str:
        name: str = self.cleaned_data["workspace_name"]
        if check_workspace_name(name):
            raise forms.ValidationError(
                "Use plain text: the name holds control or invisible formatting characters."
            )
        return name
