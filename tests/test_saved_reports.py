"""Saved reports: save from the report, the permanent link, then and now, delete, expiry."""

from datetime import timedelta
from io import StringIO
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from connectors_app import saved_reports
from connectors_app.decision import MODEL_VERSION, recommend, to_contract
from connectors_app.models import SavedReport
from tests import factories
from tests.pdf_text import pages_text

pytestmark = pytest.mark.django_db


def _save(client: Client, answers: dict[str, str], **extra: str):
    return client.post(reverse("saved:new"), {**answers, **extra})


def test_the_save_page_shows_what_is_stored_and_a_csrf_form():
    client = Client(enforce_csrf_checks=True)
    answers = factories.relay()
    response = client.get(f"{reverse('saved:new')}?{urlencode(answers)}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "csrfmiddlewaretoken" in html
    assert 'method="post"' in html
    assert "GenieOS Relay" in html
    # Without the token the POST is refused (CSRF), with it the report is saved.
    assert client.post(reverse("saved:new"), answers).status_code == 403
    token = response.cookies["csrftoken"].value
    saved = client.post(reverse("saved:new"), {**answers, "csrfmiddlewaretoken": token})
    assert saved.status_code == 201
    assert SavedReport.objects.count() == 1


def test_saving_stores_the_advice_and_gives_a_permanent_link_and_a_delete_link_once():
    client = Client()
    response = _save(client, factories.keep("sendgrid"), workspace_name="Acme")
    assert response.status_code == 201
    report = SavedReport.objects.get()
    assert len(report.pk) >= 22
    assert report.workspace_name == "Acme"
    assert report.model_version == MODEL_VERSION
    assert report.answers == dict(recommend(**factories.keep("sendgrid")).answers)
    assert report.recommendation["recommendation"]["connector"] == "sendgrid"
    html = response.content.decode()
    assert reverse("saved:detail", args=[report.pk]) in html
    delete_link = response.context["delete_url"]
    token = delete_link.split("token=")[1]
    assert token not in report.delete_token_hash
    assert report.delete_token_hash == saved_reports.token_hash(token)
    # The permanent page never shows the delete secret again.
    page = client.get(reverse("saved:detail", args=[report.pk]))
    assert page.status_code == 200
    assert token not in page.content.decode()
    assert "Acme" in page.content.decode()


def test_ids_are_unguessable_and_distinct():
    rec = recommend(**factories.relay())
    ids = {saved_reports.save_report(rec=rec).report.pk for _ in range(20)}
    assert len(ids) == 20
    assert all(len(i) == 22 for i in ids)


def test_an_incomplete_or_bad_set_is_not_saved():
    client = Client()
    incomplete = factories.all_but(factories.relay(), "data_residency")
    assert _save(client, incomplete).status_code == 400
    assert _save(client, {**factories.relay(), "owns_deliverability": "maybe"}).status_code == 400
    assert _save(client, {**factories.relay(), "bogus": "1"}).status_code == 400
    assert SavedReport.objects.count() == 0
    # The GET save page sends an incomplete set back to the wizard.
    response = client.get(f"{reverse('saved:new')}?{urlencode(incomplete)}")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("connectors:wizard"))


def test_a_saved_report_keeps_its_advice_and_shows_todays_beside_it_when_the_data_changed():
    rec = recommend(**factories.keep("sendgrid"))
    saved = saved_reports.save_report(rec=rec).report
    # As if saved under other data: another model version, another connector, other
    # scores and warnings. The page shows this, not a recomputation.
    then = to_contract(rec)
    then["model_version"] = "000000000000"
    then["recommendation"] = {"connector": "postmark", "name": "Postmark", "family": "esp_api"}
    then["ranking"][0]["score"] = 0.5
    then["warnings"] = ["An old warning that no longer applies."]
    SavedReport.objects.filter(pk=saved.pk).update(
        model_version="000000000000", recommendation=then
    )

    page = Client().get(reverse("saved:detail", args=[saved.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Recommended then" in html and "Use Postmark" in html
    assert "Recommended today, for the same answers" in html and "Use SendGrid" in html
    comparison = page.context["page"].comparison
    assert comparison.changed_data and comparison.connector_changed
    assert comparison.then_connector == "Postmark" and comparison.now_connector == "SendGrid"
    assert any(s.connector == "sendgrid" and s.then == 0.5 for s in comparison.score_changes)
    assert comparison.warnings_removed == ("An old warning that no longer applies.",)
    assert set(comparison.warnings_added) == set(rec.warnings)
    assert "Connector changed" in html
    assert "An old warning that no longer applies." in html


def test_same_model_version_shows_no_comparison():
    saved = saved_reports.save_report(rec=recommend(**factories.relay())).report
    page = Client().get(reverse("saved:detail", args=[saved.pk]))
    assert page.context["page"].comparison.changed_data is False
    assert "What changed since" not in page.content.decode()


def test_answers_today_refuses_are_said_not_a_500():
    saved = saved_reports.save_report(rec=recommend(**factories.relay())).report
    SavedReport.objects.filter(pk=saved.pk).update(
        model_version="000000000000", answers={**saved.answers, "retired_question": "x"}
    )
    page = Client().get(reverse("saved:detail", args=[saved.pk]))
    assert page.status_code == 200
    assert "no longer accept these answers" in page.content.decode()


def test_unknown_and_expired_reports_are_a_friendly_404_and_purged():
    client = Client()
    assert client.get(reverse("saved:detail", args=["nope"])).status_code == 404
    rec = recommend(**factories.relay())
    old = saved_reports.save_report(rec=rec, now=timezone.now() - timedelta(days=400)).report
    fresh = saved_reports.save_report(rec=rec).report
    response = client.get(reverse("saved:detail", args=[old.pk]))
    assert response.status_code == 404
    assert "No saved report here" in response.content.decode()
    with override_settings(SAVED_REPORT_RETENTION_DAYS=500):
        assert client.get(reverse("saved:detail", args=[old.pk])).status_code == 200
    out = StringIO()
    call_command("purge_saved_reports", stdout=out)
    assert "Deleted 1" in out.getvalue()
    assert list(SavedReport.objects.values_list("pk", flat=True)) == [fresh.pk]


def test_the_delete_link_deletes_and_nothing_else_does():
    client = Client()
    response = _save(client, factories.relay())
    report = SavedReport.objects.get()
    delete_url = response.context["delete_url"]
    path = reverse("saved:delete", args=[report.pk])
    token = delete_url.split("token=")[1]
    assert client.get(f"{path}?token=wrong").status_code == 404
    assert client.post(path, {"token": "wrong"}).status_code == 404
    assert client.get(path).status_code == 404
    confirm = client.get(f"{path}?token={token}")
    assert confirm.status_code == 200 and "Delete it" in confirm.content.decode()
    assert client.post(path, {"token": token}).status_code == 200
    assert not SavedReport.objects.exists()
    assert client.get(reverse("saved:detail", args=[report.pk])).status_code == 404


def test_methods_not_allowed():
    client = Client()
    saved = saved_reports.save_report(rec=recommend(**factories.relay())).report
    assert client.post(reverse("saved:detail", args=[saved.pk])).status_code == 405
    assert client.put(reverse("saved:new")).status_code == 405
    # The wizard's pages still refuse a POST (the 405 guard holds for them).
    assert client.post(reverse("connectors:report")).status_code == 405


def test_the_saved_pdf_is_the_saved_advice():
    saved = saved_reports.save_report(rec=recommend(**factories.keep("postmark"))).report
    response = Client().get(reverse("saved:pdf", args=[saved.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"

    text = "".join(pages_text(response.content))
    assert "Postmark" in text
    assert saved.pk in text.replace("\n", "")


def test_the_save_control_links_to_the_save_page_and_opens_a_tab_in_the_embed():
    from django.template.loader import render_to_string

    from connectors_app.links import Links

    links = Links.of(recommend(**factories.relay(), workspace_name="Acme"))
    first_party = render_to_string("connectors/_save_report.html", {"links": links})
    assert reverse("saved:new") in first_party and "workspace_name=Acme" in first_party
    assert "target" not in first_party
    embedded = render_to_string("connectors/_save_report.html", {"links": links, "embedded": True})
    assert 'target="_blank"' in embedded


def test_staff_see_saved_reports_in_the_admin_without_their_delete_secret():
    from django.contrib.auth import get_user_model

    saved = saved_reports.save_report(rec=recommend(**factories.relay()))
    client = Client()
    login = client.get(reverse("admin:login"))
    assert login.status_code == 200
    user = get_user_model().objects.create_superuser("admin", password="pw")
    assert (
        client.post(reverse("admin:login"), {"username": "admin", "password": "pw"}).status_code
        == 302
    )
    client.force_login(user)
    listing = client.get(reverse("admin:connectors_app_savedreport_changelist"))
    assert listing.status_code == 200 and saved.report.pk in listing.content.decode()
    change = client.get(reverse("admin:connectors_app_savedreport_change", args=[saved.report.pk]))
    assert change.status_code == 200
    assert saved.report.delete_token_hash not in change.content.decode()


def test_a_failing_saved_pdf_render_is_a_503_that_says_to_retry(settings, tmp_path):
    # A print template that cannot render stands in for any bug in the render.
    broken = tmp_path / "templates" / "connectors" / "saved"
    broken.mkdir(parents=True)
    (broken / "report_pdf.html").write_text('{% include "connectors/no-such-part.html" %}')
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path / "templates", *settings.TEMPLATES[0]["DIRS"]]}
    ]
    saved = saved_reports.save_report(rec=recommend(**factories.relay())).report

    response = Client().get(reverse("saved:pdf", args=[saved.pk]))

    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert b"try again" in response.content
