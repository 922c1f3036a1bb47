from django.urls import reverse


def test_home_answers_with_hero(client):
    response = client.get(reverse("connectors:home"))

    assert response.status_code == 200
    assert "Which email connector should your GenieOS workspace use?" in response.text


def test_home_forbids_framing(client):
    response = client.get(reverse("connectors:home"))

    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
