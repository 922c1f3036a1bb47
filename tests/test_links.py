"""Every URL of a set of answers, from one object."""

from urllib.parse import parse_qs, urlsplit

from django.test import RequestFactory
from django.urls import reverse, set_script_prefix

from connectors_app.decision import recommend
from connectors_app.links import Links, absolute_url, route
from tests.factories import all_but, keep

KEPT_LATER = all_but(keep("sendgrid"), "smtp_only")


def test_links_carry_the_answers_in_effect_in_question_order():
    rec = recommend(**dict(reversed(keep("postmark").items())), workspace_name="Acme")
    links = Links.of(rec)

    assert links.report.startswith("/report/?owns_deliverability=yes&current_provider=postmark")
    assert links.report.endswith("&workspace_name=Acme")
    for url in (links.pdf, links.flowchart_svg, links.flowchart_dot, links.flowchart_mmd):
        assert url.split("?")[1] == links.report.split("?")[1]


def test_no_answers_link_the_whole_chart():
    links = Links.of(None)

    assert links.flowchart_svg == "/flowchart.svg"
    assert links.wizard == "/wizard/"


def test_wizard_links_go_where_the_wizard_runs_and_keep_later_answers():
    links = Links.of(recommend(**KEPT_LATER), wizard_base="/embed/")

    edit = urlsplit(links.edit("current_provider"))
    assert edit.path == "/embed/"
    assert parse_qs(edit.query)["edit"] == ["current_provider"]
    assert parse_qs(edit.query)["data_residency"] == [KEPT_LATER["data_residency"]]
    cleared = parse_qs(urlsplit(links.clear("data_residency")).query)
    assert "data_residency" not in cleared and "same_domain" in cleared
    # The report takes only the answers in effect.
    assert "data_residency" not in links.report


def test_absolute_links_use_the_public_origin_when_set(settings):
    request = RequestFactory().get("/", HTTP_HOST="internal:8000")
    settings.ALLOWED_HOSTS = ["internal"]

    assert absolute_url(request, "/embed/") == "http://internal:8000/embed/"
    settings.PUBLIC_BASE_URL = "https://wizard.example.com"
    assert absolute_url(request, "/embed/") == "https://wizard.example.com/embed/"


def test_the_pdf_on_another_paper_keeps_the_answers():
    links = Links.of(recommend(**keep("postmark")))

    assert links.pdf_on() == links.pdf
    assert links.pdf_on("letter") == links.pdf + "&paper=letter"


def test_routes_are_reverse_under_the_script_prefix_in_force():
    assert route("connectors:connector", "relay") == reverse("connectors:connector", args=["relay"])
    set_script_prefix("/wizard-app/")
    try:
        assert route("connectors:report") == "/wizard-app/report/"
    finally:
        set_script_prefix("/")
    assert route("connectors:report") == "/report/"
