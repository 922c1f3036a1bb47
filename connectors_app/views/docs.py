from collections.abc import Mapping
from typing import Any, Literal

from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe
from django_htmx.http import push_url, replace_url

from connectors_app.decision import CATALOGUE, FLOWCHART, Recommendation
from connectors_app.decision.catalogue import Connector, Fact
from connectors_app.embed import allowed_origins, frameable_by_embedders
from connectors_app.flowchart.figure import flowchart_figure
from connectors_app.links import absolute_url
from connectors_app.views.pages import HtmxHttpRequest
from connectors_app.wizard_flow import WizardState, read_wizard, wizard_state

# What each grade in the catalogue means, for the reader of a connector page.
GRADES = {
    "GS": "GenieOS docs",
    "S": "the provider's docs",
    "S3": "a third-party page, SDK or mirror",
    "E": "an estimate",
    "unknown": "no source found",
}


def _page_context() -> dict[str, Any]:
    """The docs page's prose and table, straight from the decision data the wizard walks."""
    rows = [
        {"row": row, "connectors": [CATALOGUE[cid] for cid in row.connectors]}
        for row in FLOWCHART.decision_table
    ]
    return {
        "page": FLOWCHART.page,
        "rows": rows,
        "criteria": FLOWCHART.criteria,
        "source": FLOWCHART.source,
        "chart": flowchart_figure(None),  # the whole chart, below the wizard
    }


# How many other eligible connectors the compact result names before "and N more".
ALSO_ELIGIBLE_SHOWN = 4


def _first_sentence(text: str) -> str:
    # rec.why is a paragraph; its first sentence says where the recommendation came from.
    head, dot, _rest = text.partition(". ")
    return head + "." if dot else text


def inline_result(rec: Recommendation) -> dict[str, Any]:
    """What the compact result shows for a complete `rec`: one line of why, and the other
    connectors that also pass every hard requirement, in the engine's ranking order but
    without scores, since the flowchart (not the score) picks the recommendation."""
    assert rec.connector is not None, "only a complete recommendation has a result"
    others = [
        ranked.connector
        for ranked in rec.ranking
        if ranked.eligible and ranked.connector.id != rec.connector.id
    ]
    return {
        "why": rec.connector.summary or _first_sentence(rec.why),
        "also_eligible": others[:ALSO_ELIGIBLE_SHOWN],
        "more_eligible": max(0, len(others) - ALSO_ELIGIBLE_SHOWN),
    }


def step_title(state: WizardState, *, start_title: str = "") -> str:
    """The tab title for the wizard's current step, the same with and without JS:
    wizard.js copies the swapped step's data-title (this text) into document.title, and
    the full page's <title> uses it too. `start_title` names the page before any answer."""
    rec = state.rec
    if state.question is None:
        assert rec.connector is not None
        return f"Your recommendation: {rec.connector.name} · Connector Wizard"
    if start_title and not rec.answers:
        return f"{start_title} · Connector Wizard"
    # The same words as WizardState.title, which /wizard/ uses.
    error = "Error: " if state.errors else ""
    return f"{error}{state.progress.text}: {state.question.text} · Connector Wizard"


def _wizard_response(
    request: HtmxHttpRequest,
    template: str,
    *,
    base_url: str,
    extra: dict[str, Any],
    start_title: str = "",
    history: str = "push",
) -> TemplateResponse:
    """The wizard running in place on `template`: the whole page, or for htmx just the
    step. Complete answers show the compact report where the step was. The page has
    its own chart (or none, in the embed): the step shows no chart of the path. The
    page has its own h1, so the question is an h2. `history` is "replace" in the embed,
    which must never add entries to its host page's history."""
    reading, submitted = read_wizard(request, wizard_base=base_url)
    state = wizard_state(reading, submitted=submitted, heading_level=2, history=history)
    context = {
        "state": state,
        "rec": state.rec,
        "result": inline_result(state.rec) if state.complete else None,
        "step_title": step_title(state, start_title=start_title),
        **extra,
    }
    if request.htmx and not request.htmx.history_restore_request:
        response = TemplateResponse(request, f"{template}#wizard-step", context)
        # The address bar shows the answers in effect, whatever the request carried; a
        # step sent back with an error stays the same history entry.
        url: str | Literal[False] = False if state.missing_answer else state.url
        if history == "replace":
            replace_url(response, url)
        else:
            push_url(response, url)
    else:
        response = TemplateResponse(request, template, context)
    # The same URL answers with a partial or a page: caches must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_safe
def docs_page(request: HtmxHttpRequest) -> TemplateResponse:
    extra = {"embedded": False, **_page_context()}
    base_url = reverse("connectors:docs")
    return _wizard_response(
        request,
        "connectors/docs/page.html",
        base_url=base_url,
        extra=extra,
        start_title=FLOWCHART.page["title"],
    )


# Words for the catalogue's short values, where a reader would stumble on the token.
_WORDS = {"yes": "Yes", "no": "No", "unknown": "Unknown", "partial": "Partly", "fit": "Fits"}


def _fact_lines(fact: Fact) -> list[str]:
    """A capability's value in a line or two; the fact's note says the rest."""
    value = fact.value
    if isinstance(value, int | float):
        return [f"{value:g} MB"]
    if not isinstance(value, Mapping):
        return [_WORDS.get(value, str(value).replace("_", " ").capitalize())]
    if len(value) > 3 and set(value.values()) <= set(_WORDS):
        # Many items with a yes/no/unknown each (events): group the items by answer.
        return [
            f"{_WORDS[word]}: {', '.join(k for k, v in value.items() if v == word)}"
            for word in _WORDS
            if word in value.values()
        ]
    return [f"{_label(key)}: {_WORDS.get(val, val)}" for key, val in value.items()]


def _label(key: str) -> str:
    # Region codes read as codes (US, EU); other keys as words.
    return key.upper() if len(key) == 2 else key.replace("_", " ").capitalize()


def _connector_context(connector: Connector) -> dict[str, Any]:
    facts = [
        {
            "label": label,
            "fact": fact,
            "lines": _fact_lines(fact),
            "grade": GRADES.get(fact.grade, fact.grade),
            # Graded unknown yet with a URL: that page was checked and does not say.
            "checked_only": fact.grade == "unknown" and bool(fact.source),
            # Unknown as a whole, or in part (an event or region the facts leave open).
            "unknown": not fact.known
            or (isinstance(fact.value, Mapping) and "unknown" in fact.value.values()),
        }
        for label, fact in connector.facts.items()
    ]
    needs = [row for row in FLOWCHART.decision_table if connector.id in row.connectors]
    return {"connector": connector, "facts": facts, "needs": needs}


@require_safe
def connector_list(request: HtmxHttpRequest) -> TemplateResponse:
    context = {"families": CATALOGUE.by_family()}
    return TemplateResponse(request, "connectors/docs/connector_list.html", context)


@require_safe
def connector_page(request: HtmxHttpRequest, connector_id: str) -> TemplateResponse:
    if connector_id not in CATALOGUE.connectors:
        context = {"connector_id": connector_id, "connectors": list(CATALOGUE)}
        return TemplateResponse(
            request, "connectors/docs/connector_missing.html", context, status=404
        )
    context = _connector_context(CATALOGUE[connector_id])
    return TemplateResponse(request, "connectors/docs/connector.html", context)


@frameable_by_embedders
@require_safe
def embed(request: HtmxHttpRequest) -> TemplateResponse:
    # embed-frame.js posts its height to the parent only if it is one of these (or us).
    extra = {"embedded": True, "embed_origins": " ".join(allowed_origins())}
    base_url = reverse("connectors:embed")
    return _wizard_response(
        request, "connectors/docs/embed.html", base_url=base_url, extra=extra, history="replace"
    )


@require_safe
def embed_snippet(request: HtmxHttpRequest) -> TemplateResponse:
    embed_url = absolute_url(request, reverse("connectors:embed"))
    script_url = absolute_url(request, static("js/embed-host.js"))
    context = {
        "embed_url": embed_url,
        "script_url": script_url,
        "origins": allowed_origins(),
        "wizard_origin": absolute_url(request, "/").rstrip("/"),
    }
    return TemplateResponse(request, "connectors/docs/snippet.html", context)
