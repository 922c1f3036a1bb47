"""The advice a deliverability engineer reads: one rule per criterion for everyone, and
text that holds up on every complete set of answers."""

import re
from functools import cache

import pytest

from connectors_app.decision import CATALOGUE, recommend, to_contract, to_text
from connectors_app.decision.criteria import SIZE_BUCKETS_MB, score
from tests.factories import keep, relay
from tests.walks import each_route, recommendations_on


def size_part(connector_id: str, answers: dict) -> str:
    return score("attachments", CATALOGUE[connector_id], answers).hard


# --- Size: the same arithmetic for every limit ---------------------------------------


@pytest.mark.parametrize("bucket", [b for b, mb in SIZE_BUCKETS_MB.items() if mb])
def test_every_known_limit_gets_the_verdict_its_arithmetic_gives(bucket):
    low, high = SIZE_BUCKETS_MB[bucket]
    for c in CATALOGUE:
        if not c.size_limits:
            continue
        main = c.size_limits[0]
        factor = 4 / 3 if main.encoded else 1
        expected = (
            "fit"
            if high * factor <= main.mb
            else "blocked"
            if low * factor >= main.mb
            else "partial"
        )
        if expected == "fit" and any(
            high * (4 / 3 if alt.encoded else 1) > alt.mb for alt in c.size_limits[1:]
        ):
            expected = "partial"  # fits one interface, not another the docs leave open
        answers = {"attachment_size": bucket, "inline_images": "no"}
        assert size_part(c.id, answers) == expected, (c.id, bucket)


def test_the_same_kind_of_limit_gets_the_same_verdict():
    # SendGrid and Resend both count after encoding: 30 and 40 MB take 10 MB raw alike.
    answers = {"attachment_size": "under_10mb", "inline_images": "no"}
    assert size_part("sendgrid", answers) == size_part("resend", answers) == "fit"
    # Postmark's 10 MB after encoding cannot take a 10 MB raw message whole.
    assert size_part("postmark", answers) == "partial"


def test_the_size_reason_shows_its_arithmetic():
    rec = recommend(**keep("sendgrid", attachment_size="under_25mb"))

    reason = rec.ranking[0].scores[3].reason
    assert "25 MB before encoding is about 33.3 MB after base64" in reason
    assert "by about 3.3 MB" in reason


def test_ses_gives_both_limits_since_the_interface_is_not_documented():
    rec = recommend(**keep("amazon_ses", attachment_size="under_25mb"))

    size = rec.ranking[0].scores[3]
    assert size.status == "partial" and "SES API v1" in size.reason
    assert "which Amazon SES interface" in size.advice


# The one route whose flowchart outcome is Postmark: keeping it, with no lifecycle
# reporting, SMTP-only credentials or procurement rule to send it elsewhere.
POSTMARK_ROUTE = (
    "owns_deliverability=yes&current_provider=postmark&lifecycle_reporting=no"
    "&smtp_only=no&cloud_procurement=no"
)


def test_postmark_at_25_mb_moves_only_where_the_encoded_message_fits():
    moved = [
        rec
        for rec in recommendations_on(POSTMARK_ROUTE)
        if rec.outcome.id == "postmark" and rec.answers["attachment_size"] == "under_25mb"
    ]
    assert moved
    for rec in moved:
        chosen = rec.ranking[0]
        assert rec.connector.id != "postmark"
        assert chosen.fully_meets_hard_requirements, (rec.connector.id, dict(rec.answers))
        assert size_part(rec.connector.id, dict(rec.answers)) == "fit"


# --- SMTP is a transport -------------------------------------------------------------


def test_smtp_through_a_us_only_provider_is_blocked_for_the_eu_and_says_why():
    rec = recommend(**keep("postmark", smtp_only="yes", data_residency="eu"))

    assert rec.outcome.id == "smtp" and rec.connector.id != "smtp"
    smtp = next(r for r in rec.ranking if r.connector.id == "smtp")
    assert not smtp.eligible and "SMTP through Postmark" in smtp.blockers[0]
    assert "moving from Postmark to" in rec.overruled.reason


def test_smtp_through_ses_keeps_eu_data():
    rec = recommend(**keep("amazon_ses", smtp_only="yes", data_residency="eu"))

    assert rec.connector.id == "smtp" and rec.overruled is None
    assert rec.ranking[0].scores[4].status == "fit"
    assert "SMTP endpoint in the EU" in rec.ranking[0].scores[4].reason


def test_smtp_takes_its_providers_size_limit():
    rec = recommend(**keep("postmark", smtp_only="yes", attachment_size="under_25mb"))

    smtp = next(r for r in rec.ranking if r.connector.id == "smtp")
    assert not smtp.eligible and "SMTP through Postmark takes at most 10 MB" in smtp.blockers[0]


# --- Domain ownership ----------------------------------------------------------------


@pytest.mark.parametrize("route", each_route())
def test_only_the_current_account_can_be_a_domain_fit(route):
    for rec in recommendations_on(route):
        current = rec.answers.get("current_provider")
        for r in rec.ranking:
            s = r.scores[0]
            if s.status == "fit":
                assert rec.answers["owns_deliverability"] == "yes"
                assert r.connector.id == current or (
                    r.connector.id == "smtp"
                    and (current == "other" or CATALOGUE[current].smtp_relay)
                )


def test_a_switch_target_needs_its_domain_authenticated_first():
    rec = recommend(**keep("postmark", cloud_procurement="yes"))

    domain = rec.ranking[0].scores[0]
    assert rec.connector.id == "amazon_ses" and domain.status == "setup"
    assert "DMARC alignment" in domain.advice and "custom MAIL FROM" in domain.advice


# --- Relay from what the docs say -----------------------------------------------------


def test_relay_events_are_described_from_the_docs_never_as_zero_confirmed():
    for depth in ("delivery", "engagement"):
        rec = recommend(**relay(event_depth=depth))
        events = rec.ranking[0].scores[1]
        assert rec.connector.id == "relay"
        assert "richer event timeline than SMTP" in events.reason
        assert "0 of" not in events.reason and events.status == "partial"
        assert "GenieOS support" in events.advice


# --- Warnings and plans --------------------------------------------------------------


def test_smtp_only_credentials_with_an_api_recommendation_say_what_changes():
    rec = recommend(**keep("postmark", smtp_only="yes", cloud_procurement="yes"))

    assert rec.connector.id == "amazon_ses"
    access = next(w for w in rec.warnings if w.startswith("API access"))
    assert "IAM credentials" in access and "SMTP interface" in access


def test_a_team_without_deliverability_sent_to_ses_is_told_it_now_owns_it():
    rec = recommend(**relay(cloud_procurement="yes"))

    assert rec.connector.id == "amazon_ses"
    assert any("sandbox" in w and "Name an owner" in w for w in rec.warnings)


def test_iterable_can_keep_the_teams_own_esp_reputation():
    rec = recommend(**keep("sendgrid", lifecycle_reporting="yes"))

    assert rec.connector.id == "iterable"
    assert any("your own SendGrid account" in w for w in rec.warnings)


def test_the_migration_plan_follows_the_docs_stages_with_what_a_move_needs():
    rec = recommend(**keep("postmark", data_residency="eu"))
    text = " ".join(stage.as_text() for stage in rec.migration_plan)

    assert [s.title for s in rec.migration_plan][2:] == [
        "Stage 1, a small internal test",
        "Stage 2, a low-risk transactional template",
        "Stage 3, high-volume campaigns",
    ]
    for needed in ("DMARC", "warm-up", "both ways", "before the first send", "0.1 %", "0.3 %"):
        assert needed in text
    assert "second GenieOS workspace" in text and "docs do not say" in text
    assert text.count("Watch bounces") == 1


def test_an_overrule_speaks_to_the_reader_not_in_a_stock_line():
    rec = recommend(**keep("postmark", data_residency="eu"))

    assert f"moving from Postmark to {rec.connector.name}" in rec.why
    assert "Keeps your" not in rec.why


# --- What would change it --------------------------------------------------------------


def test_what_would_change_names_the_answer_that_drives_the_call():
    rec = recommend(**keep("postmark", data_residency="eu"))
    changes = {(c.question, c.answer): c.connector.id for c in rec.what_would_change}

    assert changes[("data_residency", "none")] == "postmark"
    assert "Without a residency requirement, Postmark would stand." in [
        c.text for c in rec.what_would_change
    ]
    json_changes = to_contract(rec)["what_would_change"]
    assert {"question": "data_residency", "answer": "none", "connector": "postmark"}.items() <= (
        json_changes[[c["answer"] for c in json_changes].index("none")].items()
    )


@pytest.mark.parametrize("route", each_route())
def test_what_would_change_is_the_engine_rerun_on_each_single_answer(route):
    for rec in recommendations_on(route)[::97]:
        for change in rec.what_would_change:
            other = recommend(**{**rec.answers, change.question: change.answer})
            assert other.connector == change.connector != rec.connector


# --- The text a reader reads, for every complete set -----------------------------------

MISSPELT = re.compile(r"Genieos|GenieOs|Genie OS|genieOS|Genie-OS|SendGrid's:|Sendgrid|Mailersend")


@cache  # the same few hundred texts recur across a route's 648 answer sets
def sentences(text: str) -> tuple[str, ...]:
    return tuple(s for s in re.split(r"(?<=[.!?])\s+", text) if s)


def sections(rec) -> dict[str, list[str]]:
    return {
        "why": [rec.why],
        "warnings": list(rec.warnings),
        "checklist": [item.text for item in rec.checklist],
        "migration plan": [stage.as_text() for stage in rec.migration_plan],
        "what would change": [c.text for c in rec.what_would_change],
        "why not": [r.why_not for r in rec.ranking[1:]],
    }


@pytest.mark.parametrize("route", each_route())
def test_the_text_holds_up_on_every_complete_set_of_answers(route):
    names = {c.id: c.name for c in CATALOGUE}
    checked: set[str] = set()  # a sentence's own checks hold wherever it recurs
    for rec in recommendations_on(route):
        cli = to_text(rec)
        assert not MISSPELT.search(cli), cli
        moving = {rec.connector.id, getattr(rec.ranking[0].connector, "id", "")}
        current = rec.answers.get("current_provider")
        if current and current != "other":
            moving.add(current)
        for title, items in sections(rec).items():
            assert all(item.strip() for item in items), (title, dict(rec.answers))
            said = [s for item in items for s in sentences(item)]
            if title != "why not":  # each row explains one connector: shapes repeat by design
                assert len(said) == len(set(said)), (title, dict(rec.answers))
            for sentence in set(said) - checked:
                checked.add(sentence)
                assert sentence.count(": ") <= 1, (title, sentence)
                assert not re.search(r"\.\.|\.\)|\(\)|  ", sentence), (title, sentence)
        for stage in rec.migration_plan:
            for cid, name in names.items():
                if cid not in moving and name != "SMTP":
                    assert name not in stage.as_text(), (name, stage.as_text())


@pytest.mark.parametrize("route", each_route())
def test_every_warning_ends_in_what_to_do(route):
    verbs = re.compile(
        r"\b(Ask|Confirm|Check|Make|Use|Test|Name|Plan|Bind|Keep|Choose|Turn|choose|confirm|ask|make|"
        r"authenticate|verify|add|configure|Before)\b"
    )
    for rec in recommendations_on(route)[::7]:
        for warning in rec.warnings:
            assert verbs.search(sentences(warning)[-1]) or verbs.search(warning), warning


# --- Facts carry the date they were last checked ---------------------------------------


def test_every_sourced_fact_says_when_it_was_last_checked():
    for c in CATALOGUE:
        for label, fact in c.facts.items():
            assert bool(fact.checked) == bool(fact.source), (c.id, label)
    # Section 9's second read, for example SES's size and Iterable's sending domain.
    assert CATALOGUE["amazon_ses"].max_message.checked == "2026-11-30"
    assert CATALOGUE["iterable"].domain.checked == "2026-11-30"
    assert CATALOGUE.source_dates["https://docs.aws.amazon.com/ses/latest/dg/quotas.html"]


def test_a_partial_unsubscribe_signal_says_whom_to_ask_and_what_to_do_meanwhile():
    for provider, signal in (("postmark", "SubscriptionChange"), ("resend", "contact.updated")):
        rec = recommend(**keep(provider, suppression_source="provider"))
        s = rec.ranking[0].scores[2]
        assert s.status == "partial" and "GenieOS support" in s.advice and signal in s.advice
    ses = recommend(**keep("amazon_ses", suppression_source="provider")).ranking[0].scores[2]
    assert "subscription management" in ses.advice
