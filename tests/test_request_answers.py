"""One reading of a request's answers, with each surface's policy for unknown keys."""

import pytest
from django.http import QueryDict
from django.test import RequestFactory

from connectors_app.request_answers import POLICIES, Surface, Unknown, read_answers, read_query
from tests.factories import keep

TRACKING = (
    "utm_source=slack&utm_campaign=x&fbclid=1&gclid=2&msclkid=3&mc_cid=4&mc_eid=5&_ga=6&ref=7"
)


def query(answers: dict[str, str], extra: str = "") -> QueryDict:
    return QueryDict("&".join([*(f"{k}={v}" for k, v in answers.items()), extra]))


def test_every_surface_has_a_policy():
    assert set(POLICIES) == set(Surface)
    assert POLICIES[Surface.API].unknown is Unknown.REJECT


@pytest.mark.parametrize(
    "surface", [Surface.REPORT, Surface.PDF, Surface.FLOWCHART, Surface.WIZARD]
)
def test_tracking_parameters_are_never_a_problem_but_on_the_api(surface):
    assert read_query(query(keep("postmark"), TRACKING), surface).problems == ()


def test_the_api_names_every_unknown_key_tracking_included():
    reading = read_query(query(keep("postmark"), "utm_source=slack&colour=red"), Surface.API)

    assert {p.key for p in reading.problems} == {"utm_source", "colour"}


def test_shared_pages_keep_quiet_about_other_keys_and_the_wizard_names_them():
    sent = query(keep("postmark"), "colour=red")

    assert read_query(sent, Surface.REPORT).problems == ()
    assert [p.key for p in read_query(sent, Surface.WIZARD).problems] == ["colour"]


def test_a_surfaces_own_keys_are_not_answers():
    pdf = read_query(query(keep("postmark"), "paper=letter"), Surface.PDF)
    wizard = read_query(query(keep("postmark"), "edit=smtp_only"), Surface.WIZARD)

    assert pdf.controls == {"paper": "letter"} and pdf.problems == ()
    assert wizard.controls == {"edit": "smtp_only"} and wizard.problems == ()
    # Elsewhere the same keys are unknown.
    assert [p.key for p in read_query(query({}, "paper=a4"), Surface.API).problems] == ["paper"]


def test_bad_values_are_kept_as_sent_for_the_wizard_to_name():
    reading = read_query(query({"owns_deliverability": "maybe"}), Surface.WIZARD)

    assert reading.given == {"owns_deliverability": ("maybe",)}
    assert reading.rec.answers == {}
    assert reading.links.wizard_as_given == "/wizard/?owns_deliverability=maybe"


def test_one_reading_gives_the_recommendation_and_its_links():
    request = RequestFactory().get("/report/", {**keep("postmark"), "utm_source": "x"})

    reading = read_answers(request, Surface.REPORT)

    assert reading.rec.connector.id == "postmark"
    assert reading.links.share.startswith("http://testserver/report/?owns_deliverability=yes")
    assert "utm_source" not in reading.links.share
