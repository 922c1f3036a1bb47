"""The engine against the contract's rules, on every complete set of answers."""

import subprocess
import sys

import pytest

from connectors_app.decision import CATALOGUE, AnswerError, parse_answers, recommend
from connectors_app.decision.data import _catalogue_raw, _flowchart_raw, model_version_of
from tests.factories import keep, relay
from tests.walks import (
    EVERY_ANSWER_SET,
    all_complete_answer_sets,
    answer_sets_on,
    each_route,
    recommendations_on,
    routes,
)


def contract_routing(a: dict) -> str:
    """The routing rules as the contract states them, written independently."""
    if a["cloud_procurement"] == "yes":
        return "amazon_ses"
    if a["owns_deliverability"] == "no":
        return "relay"
    if a["lifecycle_reporting"] == "yes":
        return "iterable"
    if a["current_provider"] == "other" or a.get("smtp_only") == "yes":
        return "smtp"
    return a["current_provider"]


@EVERY_ANSWER_SET
def test_the_enumeration_covers_every_path():
    # 21 routes x 2 procurement answers x 648 criteria combinations.
    assert len(routes()) == 21 * 2
    assert all(len(answer_sets_on(route)) == 648 for route in routes())
    # The routes are found by walking the routing questions alone: the same sets as
    # trying every choice at every step, so no criterion answer changes the way.
    by_route = {tuple(a.items()) for route in routes() for a in answer_sets_on(route)}
    assert by_route == {tuple(a.items()) for a in all_complete_answer_sets()}


def assert_full_ranking(rec) -> None:
    assert rec.complete and rec.next_question is None
    assert sorted(r.connector.id for r in rec.ranking) == sorted(CATALOGUE.connectors)
    assert all(0 <= r.score <= 1 for r in rec.ranking)
    assert all(0 <= s.score <= 1 for c in rec.criteria for s in c.scores.values())
    assert rec.ranking[0].connector == rec.connector


def assert_only_hard_requirements_overrule(rec) -> None:
    outcome = next(r for r in rec.ranking if r.connector == rec.outcome)
    if outcome.eligible:
        assert rec.connector == rec.outcome and rec.overruled is None
    else:
        assert rec.overruled.from_connector == rec.outcome and rec.overruled.reason
        assert rec.connector != rec.outcome
    if any(r.eligible for r in rec.ranking):
        assert rec.ranking[0].eligible and not rec.ranking[0].blockers


def assert_ranking_order(rec) -> None:
    # Eligible by score, then ineligible; each with a reason it is not the one.
    rest = rec.ranking[1:]
    flags = [r.eligible for r in rest]
    assert flags == sorted(flags, reverse=True)
    eligible_scores = [r.score for r in rest if r.eligible]
    assert eligible_scores == sorted(eligible_scores, reverse=True)
    assert all(r.why_not for r in rest)


def assert_migration_only_when_leaving(rec) -> None:
    provider = rec.answers.get("current_provider")
    if provider is None or rec.connector.id == provider:
        assert rec.migration_plan == ()
    if provider not in (None, "other") and rec.overruled and rec.connector.id != provider:
        assert rec.migration_plan


@pytest.mark.parametrize("route", each_route(ids=lambda route: route.replace("&", ",")))
def test_the_contract_rules_hold_on_every_complete_set_of_answers(route):
    # One route's 648 answer sets per test, so parallel workers share the walk.
    for rec in recommendations_on(route):
        assert rec.outcome.id == contract_routing(dict(rec.answers)), rec.answers
        if rec.answers["cloud_procurement"] == "yes":
            assert rec.connector.id == "amazon_ses"
        assert_full_ranking(rec)
        assert_only_hard_requirements_overrule(rec)
        assert_ranking_order(rec)
        assert_migration_only_when_leaving(rec)


def test_answers_off_the_path_are_ignored():
    off_path = {"current_provider": "postmark", "lifecycle_reporting": "yes", "smtp_only": "no"}

    plain, noisy = recommend(**relay()), recommend(**relay(**off_path))

    assert noisy.connector == plain.connector and noisy.ranking == plain.ranking
    assert dict(noisy.ignored) == off_path
    assert "current_provider" not in noisy.answers


def test_editing_an_early_answer_drops_stale_later_ones():
    smtp = keep("mailgun", smtp_only="yes")
    edited = recommend(**{**smtp, "lifecycle_reporting": "yes"})

    assert edited.connector.id == "iterable"
    assert "smtp_only" in edited.ignored and "smtp_only" not in edited.answers


def test_incomplete_answers_name_the_next_question_and_keep_later_ones():
    rec = recommend(**{"owns_deliverability": "yes", "data_residency": "eu"})

    assert not rec.complete and rec.connector is None
    assert rec.next_question == "current_provider"
    assert rec.pending == {"data_residency": "eu"}
    assert rec.path == ("Start", "Existing", "CurrentProvider")


def test_postmark_is_blocked_for_the_eu_and_the_reason_says_why():
    rec = recommend(**keep("postmark", data_residency="eu"))

    postmark = next(r for r in rec.ranking if r.connector.id == "postmark")
    assert not postmark.eligible and "cannot keep data in the EU" in postmark.blockers[0]
    assert "Postmark" in rec.overruled.reason and not rec.ranking[-1].eligible
    titles = [stage.title for stage in rec.migration_plan]
    assert [t for t in titles if t.startswith("Stage")] == [
        "Stage 1, a small internal test",
        "Stage 2, a low-risk transactional template",
        "Stage 3, high-volume campaigns",
    ]


def test_a_partial_residency_fit_is_eligible_with_its_caveat():
    rec = recommend(**keep("sendgrid", data_residency="eu"))

    assert rec.connector.id == "sendgrid" and rec.overruled is None
    assert any("stored in the US" in w for w in rec.warnings)


def test_resend_sending_region_is_not_residency():
    rec = recommend(**keep("resend", data_residency="eu"))

    assert rec.overruled.from_connector.id == "resend" and rec.connector.id != "resend"
    resend = next(r for r in rec.ranking if r.connector.id == "resend")
    assert "not data residency" in resend.scores[-1].reason
    assert rec.migration_plan


def test_an_unknown_limit_is_no_blocker_and_names_whom_to_ask():
    rec = recommend(**keep("sendgrid", lifecycle_reporting="yes", attachment_size="under_40mb"))

    assert rec.connector.id == "iterable" and rec.overruled is None
    assert any("Iterable support" in w for w in rec.warnings)


def test_size_counted_after_base64_is_a_partial_fit():
    rec = recommend(**keep("postmark", attachment_size="under_10mb"))

    assert rec.connector.id == "postmark"
    assert any("base64" in w for w in rec.warnings)


def test_smtp_cannot_report_engagement_and_says_so():
    rec = recommend(**keep("other", event_depth="engagement") | {"lifecycle_reporting": "no"})

    assert rec.connector.id == "smtp"
    assert any("GenieOS will not see" in w for w in rec.warnings)


def test_journey_reporting_lost_to_procurement_is_a_warning():
    rec = recommend(**keep("sendgrid", lifecycle_reporting="yes", cloud_procurement="yes"))

    assert rec.connector.id == "amazon_ses"
    assert any("Journey reporting is lost" in w for w in rec.warnings)
    assert rec.migration_plan


def test_smtp_through_the_current_provider_is_not_a_migration():
    rec = recommend(**keep("mailgun", smtp_only="yes"))

    assert rec.connector.id == "smtp" and rec.migration_plan == ()
    assert any("smtp.mailgun.org" in item.text for item in rec.checklist)


@pytest.mark.parametrize(
    ("raw", "named"),
    [
        ({"owns_deliverability": "maybe"}, "valid choices: yes, no"),
        ({"colour": "blue"}, "Unknown question id 'colour'"),
        ({"workspace_name": "x" * 81}, "at most 80"),
        ({"workspace_name": "Acme\u202egnp.exe"}, "control or invisible"),
    ],
)
def test_invalid_answers_raise_naming_the_problem(raw, named):
    with pytest.raises(AnswerError, match=named):
        parse_answers(raw).raise_problems()


def test_model_version_changes_with_the_data():
    changed = {**_catalogue_raw, "event_vocabulary": ["accepted"]}

    assert model_version_of(changed, _flowchart_raw) != model_version_of(
        _catalogue_raw, _flowchart_raw
    )


def test_the_decision_logic_imports_no_django():
    code = "import sys, connectors_app.decision; print('django' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)

    assert done.stdout.strip() == "False"


def test_smtp_through_a_known_provider_uses_that_providers_facts():
    rec = recommend(**keep("mailgun", smtp_only="yes", suppression_source="provider"))

    domain, _, suppression = rec.ranking[0].scores[:3]
    assert domain.status == "fit" and "Over SMTP through Mailgun" in domain.reason
    assert "import Mailgun's unsubscribes" in suppression.advice


def test_an_undocumented_setup_is_a_warning_not_nothing_to_confirm():
    rec = recommend(**keep("mailgun"))

    assert any(w.startswith("Setup: No GenieOS Mailgun page") for w in rec.warnings)


def test_the_why_names_the_flowchart_outcome_before_the_procurement_rule():
    rec = recommend(**keep("sendgrid", lifecycle_reporting="yes", cloud_procurement="yes"))

    assert "points to Iterable, and the procurement rule then to Amazon SES" in rec.why
