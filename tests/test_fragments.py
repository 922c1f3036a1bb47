"""Kept fragments must be exactly what rendering afresh would give."""

from crispy_forms.utils import render_crispy_form
from hypothesis import given, settings
from hypothesis import strategies as st

from connectors_app.forms import WorkspaceNameForm
from connectors_app.templatetags import fragments
from connectors_app.templatetags.fragments import crispy_kept

# Names as typed: markup, quotes, ampersands, right-to-left text, the slot's own
# private-use character, and too long or control characters (which the form rejects).
NAMES = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",))
    | st.sampled_from("<>&\"' \ue000\u202e\u05d0"),
    max_size=90,
)


# No deadline: the first example loads crispy's templates.
@settings(deadline=None)
@given(name=NAMES)
def test_the_kept_title_form_is_crispys_own_rendering_of_any_name(name):
    bound = WorkspaceNameForm({"workspace_name": name})
    bound.is_valid()
    unbound = WorkspaceNameForm(initial={"workspace_name": name})

    prefixed = WorkspaceNameForm({"pdf-workspace_name": name}, prefix="pdf", auto_id="f_%s")
    prefixed.is_valid()

    for form in (bound, unbound, prefixed):
        assert crispy_kept(form) == str(render_crispy_form(form))


def test_the_kept_title_form_shows_its_error_and_keeps_what_was_typed():
    form = WorkspaceNameForm({"workspace_name": "x" * 81})

    html = crispy_kept(form)

    assert "Keep the name to 80 characters or fewer" in html
    assert 'value="' + "x" * 81 + '"' in html


def test_a_new_name_costs_no_render_of_crispys_templates(monkeypatch):
    renders = []

    def counted(form, *args, **kwargs):
        renders.append(form)
        return render_crispy_form(form, *args, **kwargs)

    monkeypatch.setattr(fragments, "render_crispy_form", counted)
    for name in ("Acme", "Globex", "Initech"):
        form = WorkspaceNameForm({"workspace_name": name})
        form.is_valid()
        assert f'value="{name}"' in crispy_kept(form)

    assert len(renders) <= 1  # the first, unless an earlier test kept the markup
