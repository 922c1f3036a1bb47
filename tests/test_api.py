import pytest
from django.urls import reverse

from tests.scenarios import SCENARIOS, judge, scenario_ids


@pytest.mark.parametrize("scenario", SCENARIOS, ids=scenario_ids())
def test_every_contract_scenario_through_the_api(client, scenario):
    response = client.get(reverse("connectors:api-recommendation"), scenario["answers"])

    assert response.status_code == 200
    judge(response.json(), scenario["expect"])


def test_unknown_choice_is_a_400_naming_key_and_choices(client):
    response = client.get(reverse("connectors:api-recommendation"), {"data_residency": "mars"})

    assert response.status_code == 400
    body = response.json()
    assert "data_residency" in body["error"] and "none, us, eu" in body["error"]
    assert body["errors"][0]["key"] == "data_residency"


def test_unknown_key_is_a_400(client):
    response = client.get(reverse("connectors:api-recommendation"), {"colour": "blue"})

    assert response.status_code == 400
    assert "colour" in response.json()["error"]


def test_workspace_name_is_echoed_as_data_not_markup(client):
    name = '<script>alert("x")</script>'
    answers = {**SCENARIOS[0]["answers"], "workspace_name": name}

    response = client.get(reverse("connectors:api-recommendation"), answers)

    assert response["Content-Type"] == "application/json"
    assert response.json()["workspace_name"] == name


def test_over_long_workspace_name_is_a_400(client):
    response = client.get(reverse("connectors:api-recommendation"), {"workspace_name": "x" * 81})

    assert response.status_code == 400
    assert "80" in response.json()["error"]
