"""The advice gallery page: every example of decision/gallery.py with its answers in
words, the recommendation, why, the warnings and a link to its full report."""

from html import unescape

from django.urls import reverse

from connectors_app.decision import FLOWCHART
from connectors_app.decision.gallery import EXAMPLES
from connectors_app.links import Links


def test_gallery_lists_every_example_with_its_advice_and_report(client):
    response = client.get(reverse("connectors:gallery"))

    assert response.status_code == 200
    html = unescape(response.text)
    for example in EXAMPLES:
        rec = example.recommendation()
        assert f'id="{example.slug}"' in html
        assert example.title in html
        assert rec.connector is not None and rec.connector.name in html
        assert rec.why in html
        for warning in rec.warnings:
            assert warning in html
        for question_id, value in rec.answers.items():
            assert FLOWCHART.questions[question_id].choice(value).label in html
        assert f'href="{Links.of(rec).report}"' in html
    assert "style=" not in response.text


def test_gallery_is_linked_from_the_home_page_and_the_docs(client):
    gallery = f'href="{reverse("connectors:gallery")}"'
    assert gallery in client.get(reverse("connectors:home")).text
    assert gallery in client.get(reverse("connectors:docs")).text


def test_a_gallery_report_link_opens_the_report(client):
    rec = EXAMPLES[0].recommendation()
    assert client.get(Links.of(rec).report).status_code == 200
