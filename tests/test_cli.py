import json
import subprocess
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from tests.scenarios import SCENARIOS, SHARED, judge, scenario_ids


def run_recommend(answers: dict, fmt: str = "json") -> str:
    out = StringIO()
    call_command("recommend", answers=json.dumps(answers), format=fmt, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("scenario", SCENARIOS, ids=scenario_ids())
def test_every_contract_scenario_through_the_command(scenario):
    judge(json.loads(run_recommend(scenario["answers"])), scenario["expect"])


def test_the_shared_contract_checker_passes_through_the_real_command_line():
    checker = SHARED / "tools" / "check-contract"
    done = subprocess.run(
        [str(checker), "cli"], cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=300
    )

    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{len(SCENARIOS)}/{len(SCENARIOS)} scenarios pass" in done.stdout


def test_text_format_is_a_readable_summary():
    text = run_recommend(SCENARIOS[7]["answers"], "text")  # Postmark cannot host in the EU

    assert "Recommendation: Amazon SES" in text
    assert "Overruled Postmark" in text
    assert "Migration plan:" in text


@pytest.mark.parametrize(
    ("answers", "named"),
    [
        ('{"owns_deliverability": "maybe"}', ["owns_deliverability", "yes, no"]),
        ('{"favourite_colour": "blue"}', ["favourite_colour", "owns_deliverability"]),
        ('{"attachment_size": 40}', ["attachment_size", "string"]),
        ("[1, 2]", ["JSON object"]),
        ("{not json", ["not valid JSON"]),
    ],
)
def test_bad_input_exits_2_naming_the_key_and_the_choices(answers, named):
    with pytest.raises(CommandError) as caught:
        call_command("recommend", answers=answers)

    assert caught.value.returncode == 2
    for word in named:
        assert word in str(caught.value)


def test_bad_input_exit_status_from_the_shell():
    done = subprocess.run(
        [".venv/bin/python", "manage.py", "recommend", "--answers", '{"smtp_only": "perhaps"}'],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert done.returncode == 2
    assert "smtp_only" in done.stderr and "yes, no" in done.stderr
