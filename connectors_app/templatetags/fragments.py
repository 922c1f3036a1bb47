"""Fragments of a page that are the same for every visitor who sees them: rendered once
per process for each distinct input, and kept.

A report repeats a few small pieces across every answer set (a criterion's score cell,
a source in the list, the title form before anything is typed). Each comes from its own
template, rendered the first time it is needed and then joined into the page as a
string, where a `{% for %}` around an `{% include %}` would render it every time.

A fragment's context is its key: everything its template reads must be in it, hashable
(strings, numbers, frozen dataclasses of them); `kept()` takes a key apart from the
context where the context is not hashable (a form's field). The caches are bounded, and
emptied when settings change (tests) or a template file does (the dev server's
autoreload).

`{% once %}...{% endonce %}` keeps a part of a page that reads nothing from its context
at all (the site's header and footer, stylesheet and script links): static files and
fixed URLs, rendered once per process.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Hashable, Iterable
from functools import lru_cache
from typing import Any

from crispy_forms.utils import render_crispy_form
from django import forms, template
from django.core.signals import setting_changed
from django.template.base import Node, NodeList, Parser, Token
from django.template.context import Context
from django.template.loader import get_template
from django.urls import get_script_prefix, get_urlconf
from django.utils.autoreload import file_changed
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


# Well above the few hundred distinct fragments that every answer set together makes.
MAX_KEPT = 4096
_kept: dict[tuple[str, Hashable], SafeString] = {}
_lock = threading.Lock()


def kept(template_name: str, key: Hashable, context: dict[str, Any]) -> SafeString:
    """`template_name` rendered with `context`, once per distinct `key`: the key must
    name everything the template reads from the context."""
    html = _kept.get((template_name, key))
    if html is None:
        # Safe: the template escaped every value (the strip drops its comment line and indent).
        html = mark_safe(get_template(template_name).render(context).strip())
        with _lock:
            if len(_kept) >= MAX_KEPT:
                _kept.clear()
            _kept[template_name, key] = html
    return html


def fragment(template_name: str, **context: Hashable) -> SafeString:
    """`template_name` rendered with `context`, once per distinct context."""
    return kept(template_name, tuple(context.items()), context)


@register.simple_tag
def fragments(
    template_name: str, items: Iterable[Hashable], name: str, **context: Hashable
) -> SafeString:
    """`{% fragments "t.html" items "item" key=value %}`: the template for each item
    (as `name`, with the other keys), joined: a loop of includes, each kept."""
    kept = (fragment(template_name, **{name: item}, **context) for item in items)
    return mark_safe("\n".join(kept))


@register.simple_tag
def list_items(texts: Iterable[str]) -> SafeString:
    """`<li>` for each text, in one pass (the texts of a flowchart's path repeat across
    visitors: each item is kept)."""
    return mark_safe("".join(_list_item(text) for text in texts))


@lru_cache(maxsize=1024)
def _list_item(text: str) -> str:
    return format_html("<li>{}</li>", text)


@register.simple_tag
def hidden_inputs(pairs: Iterable[tuple[str, str]]) -> SafeString:
    """`<input type="hidden">` for each (name, value): the answers a form carries on."""
    return mark_safe("\n".join(_hidden_input(name, value) for name, value in pairs))


@lru_cache(maxsize=1024)
def _hidden_input(name: str, value: str) -> str:
    return format_html('<input type="hidden" name="{}" value="{}">', name, value)


@register.simple_tag
def crispy_kept(form: forms.Form) -> SafeString:
    """`{% crispy form %}` for a form whose helper renders neither a <form> tag nor a
    CSRF token. Without errors a form shows only its values, so its markup is kept per
    form class, prefix, auto_id and filled fields, with a slot for each value, and a
    value is escaped into its slot, as the widget's template would: a shared link's
    workspace name costs no render of crispy's templates (about 1 ms, a fifth of a
    report). A form with errors, or with a field that is not a text box, is rendered
    afresh. For forms whose fields and helper are the same in every instance of their
    class (the report's title form)."""
    values = {name: form[name].value() for name in form.fields}
    if (form.is_bound and form.errors) or not all(
        type(form.fields[name].widget) is forms.TextInput and isinstance(value, str | None)
        for name, value in values.items()
    ):
        return mark_safe(str(render_crispy_form(form)))
    filled = frozenset(name for name, value in values.items() if value)
    parts = _shape(type(form), form.prefix, form.auto_id, filled)
    # Even positions are markup, odd ones the name of the field whose value goes there.
    return mark_safe("".join(p if i % 2 == 0 else escape(values[p]) for i, p in enumerate(parts)))


# Private-use characters around a field's name mark its value's slot: no template holds
# them, and escaping leaves them (and a field's name) as they are.
_SLOT = re.compile("\ue000(\\w+)\ue000")


@lru_cache(maxsize=64)
def _shape(
    form_class: type[forms.Form], prefix: str | None, auto_id: str | bool, filled: frozenset[str]
) -> tuple[str, ...]:
    # An empty text box has no value attribute at all: only filled fields get a slot.
    initial = {name: f"\ue000{name}\ue000" for name in filled}
    form = form_class(initial=initial, prefix=prefix, auto_id=auto_id)
    return tuple(_SLOT.split(str(render_crispy_form(form))))


class OnceNode(Node):
    def __init__(self, nodelist: NodeList) -> None:
        self.nodelist = nodelist
        self.kept: tuple[object, str] | None = None

    def render(self, context: Context) -> str:
        # What the content may still read: the URL prefix and URLconf, and the settings.
        key = (get_script_prefix(), get_urlconf(), _generation)
        kept = self.kept
        if kept is None or kept[0] != key:
            kept = self.kept = (key, self.nodelist.render(context))
        return kept[1]


@register.tag
def once(parser: Parser, token: Token) -> OnceNode:
    """`{% once %}...{% endonce %}`: content that reads nothing from the context,
    rendered the first time and kept."""
    nodelist = parser.parse(("endonce",))
    parser.delete_first_token()
    return OnceNode(nodelist)


_generation = 0


def _forget(**kwargs: Any) -> None:
    global _generation
    _generation += 1
    with _lock:
        _kept.clear()
    _shape.cache_clear()


setting_changed.connect(_forget)
file_changed.connect(_forget)
