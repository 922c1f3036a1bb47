"""Insight counters: a scripted set of walks through the wizard, then /insights/ must
show exactly their starts, drop-off per question (branches honest), connectors and
overrules. Counted outside the page cache, without cookies."""

from collections import Counter
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from connectors_app import insights
from connectors_app.decision import FLOWCHART, recommend
from connectors_app.insights_report import summarise
from connectors_app.models import InsightCount
from tests import factories

pytestmark = pytest.mark.django_db

OVERRULED = factories.keep("resend", data_residency="eu", attachment_size="under_25mb")


@pytest.fixture(autouse=True)
def counting():
    insights.flush()  # nothing left from elsewhere
    with override_settings(INSIGHTS_ENABLED=True, INSIGHTS_FLUSH_SECONDS=3600):
        yield
    insights._buffer.clear()


def walk(client: Client, answers: dict[str, str], *, stop_at: str = "") -> list[str]:
    """Answer one question per request, as a person does, until the report or until
    `stop_at` is shown (and left unanswered). Returns the questions shown."""
    given: dict[str, str] = {}
    shown = []
    while True:
        response = client.get(f"{reverse('connectors:wizard')}?{urlencode(given)}")
        if response.status_code == 302:
            report = client.get(response["Location"])
            assert report.status_code == 200
            return shown
        assert response.status_code == 200
        question = FLOWCHART.walk(given).next_question
        assert question is not None
        shown.append(question)
        if question == stop_at:
            return shown
        given[question] = answers[question]


WALKS = [
    (factories.relay(), ""),
    (factories.relay(), "event_depth"),
    (factories.keep("sendgrid"), ""),
    (factories.keep("sendgrid"), "current_provider"),
    (factories.keep("postmark"), "smtp_only"),
    (OVERRULED, ""),
]


def test_scripted_walks_show_their_drop_off_per_question():
    client = Client()
    reached: Counter[str] = Counter()
    answered: Counter[str] = Counter()
    for answers, stop in WALKS:
        shown = walk(client, answers, stop_at=stop)
        reached.update(shown)
        answered.update(shown if not stop else shown[:-1])
    insights.flush()

    summary = summarise(start=insights.timezone.localdate(), end=insights.timezone.localdate())
    assert summary.started == 6
    assert summary.finished == 3
    rows = {q.id: q for q in summary.questions}
    for question in FLOWCHART.questions:
        assert rows[question].reached == reached[question], question
        assert rows[question].answered == answered[question], question
    # By hand, for the branches: four walks own deliverability and reach its questions;
    # the two Relay walks never see them, and they are not charged with them.
    assert rows["owns_deliverability"].reached == 6 and rows["owns_deliverability"].dropped == 0
    assert rows["current_provider"].reached == 4 and rows["current_provider"].dropped == 1
    assert rows["smtp_only"].reached == 3 and rows["smtp_only"].dropped == 1
    assert rows["smtp_only"].drop_rate == pytest.approx(1 / 3)
    assert not rows["smtp_only"].on_every_path and rows["data_residency"].on_every_path
    assert rows["event_depth"].dropped == 1
    # Connectors and the overrule, with its reason.
    overruled = recommend(**OVERRULED)
    assert overruled.overruled is not None
    finished = {row.label: row.count for row in summary.connectors}
    assert finished == {"GenieOS Relay": 1, "SendGrid": 1, overruled.connector.name: 1}
    assert [(row.label, row.count) for row in summary.overruled] == [
        ("Resend, failing Regional requirements", 1)
    ]


def test_the_insights_page_is_staff_only_and_shows_the_numbers():
    client = Client()
    for answers, stop in WALKS:
        walk(client, answers, stop_at=stop)
    page = client.get(reverse("insights:index"))
    assert page.status_code == 302 and reverse("admin:login") in page["Location"]
    user = get_user_model().objects.create_user("owner", password="pw", is_staff=True)
    client.force_login(user)
    page = client.get(reverse("insights:index"))
    assert page.status_code == 200
    html = page.content.decode()
    assert '<dd id="total-started">6</dd>' in html
    assert '<tr data-question="smtp_only">' in html
    assert "<svg" in html and "<script" not in html.split("<svg", 1)[1].split("</svg>")[0]
    assert "Regional requirements" in html
    # Another period has nothing.
    empty = client.get(reverse("insights:index"), {"start": "2001-01-01", "end": "2001-01-31"})
    assert '<dd id="total-started">0</dd>' in empty.content.decode()
    # Not a staff member: no entry.
    client.force_login(get_user_model().objects.create_user("someone", password="pw"))
    assert client.get(reverse("insights:index")).status_code == 302


def test_a_step_served_from_the_page_cache_still_counts(settings):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    client = Client()
    url = f"{reverse('connectors:wizard')}?owns_deliverability=no"
    first = client.get(url)
    second = client.get(url)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert insights.pending()[(insights.timezone.localdate(), "reached", "cloud_procurement")] == 2
    cache.clear()


def test_counting_sets_no_cookie_and_stores_no_personal_data():
    client = Client(REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Secret Browser")
    response = client.get(reverse("connectors:wizard"))
    assert not response.cookies
    insights.flush()
    stored = list(InsightCount.objects.values())
    assert stored
    assert "203.0.113.9" not in repr(stored) and "Secret" not in repr(stored)
    assert {f.name for f in InsightCount._meta.get_fields()} == {
        "id",
        "day",
        "event",
        "key",
        "count",
    }


def test_an_edit_or_a_bad_request_counts_nothing():
    client = Client()
    client.get(f"{reverse('connectors:wizard')}?{urlencode(factories.relay())}&edit=same_domain")
    client.get(reverse("connectors:report"), {"owns_deliverability": "no"})  # a redirect
    client.post(reverse("connectors:wizard"))
    assert insights.pending() == {}


def test_flushes_add_up():
    day = insights.timezone.localdate()
    insights.record([("started", ""), ("started", "")])
    insights.flush()
    insights.record([("started", "")])
    insights.flush()
    assert InsightCount.objects.get(day=day, event="started").count == 3


@pytest.mark.django_db(transaction=True)
def test_a_due_flush_runs_off_the_request_thread(settings):
    settings.INSIGHTS_FLUSH_SECONDS = 0
    insights.record([("started", "")])
    insights.maybe_flush()
    flusher = insights._flusher
    assert flusher is not None and flusher.name == "insights-flush"
    flusher.join(timeout=10)
    assert InsightCount.objects.get(event="started").count == 1
    assert insights.pending() == {}
