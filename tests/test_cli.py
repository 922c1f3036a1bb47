"""`manage.py recommend`: the contract's scenarios through the real command line, bad
input, and what the command loads."""

import json
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from tests.scenarios import SCENARIOS, judge, scenario_ids


def run_recommend(answers: dict, fmt: str = "json") -> str:
    out = StringIO()
    call_command("recommend", answers=json.dumps(answers), format=fmt, stdout=out)
    return out.getvalue()


def manage(*args: str) -> subprocess.CompletedProcess[str]:
    """The command as a shell runs it: its own process, exit status and streams."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("scenario", SCENARIOS, ids=scenario_ids())
def test_every_contract_scenario_through_the_real_command_line(scenario):
    done = manage("recommend", "--answers", json.dumps(scenario["answers"]), "--format", "json")

    assert done.returncode == 0, done.stderr
    judge(json.loads(done.stdout), scenario["expect"])


def test_the_command_loads_neither_the_urls_nor_weasyprint():
    # Neither the JSON nor the text needs a PDF, a view or a system check: importing
    # them cost over a second before the command started.
    code = (
        "import sys, django, json; from django.core.management import execute_from_command_line;"
        "execute_from_command_line(['manage.py', 'recommend', '--answers', '{}']);"
        "loaded = [m for m in ('weasyprint', 'genie_site.urls', 'connectors_app.views')"
        " if m in sys.modules]; print(json.dumps(loaded), file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        env={"DJANGO_SETTINGS_MODULE": "genie_site.settings", "PATH": ""},
    )

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stderr.strip().splitlines()[-1]) == []


def test_text_format_is_a_readable_summary():
    text = run_recommend(SCENARIOS[7]["answers"], "text")  # Postmark cannot host in the EU

    assert "Recommendation: Amazon SES" in text
    assert "Overruled Postmark" in text
    assert "Migration plan:" in text


# Far deeper than Python's recursion limit, yet short enough for one shell argument.
DEEP = "[" * 20_000 + "]" * 20_000


@pytest.mark.parametrize(
    ("answers", "named"),
    [
        ('{"owns_deliverability": "maybe"}', ["owns_deliverability", "yes, no"]),
        ('{"favourite_colour": "blue"}', ["favourite_colour", "owns_deliverability"]),
        ('{"attachment_size": 40}', ["attachment_size", "string"]),
        ('{"owns_deliverability": [[1], [1]]}', ["owns_deliverability", "string"]),
        ('{"owns_deliverability": [[1], [2]]}', ["owns_deliverability", "more than once"]),
        ('{"owns_deliverability": [{"a": 1}, {"a": 1}]}', ["owns_deliverability", "string"]),
        ('{"owns_deliverability": {"a": [1]}}', ["owns_deliverability", "string"]),
        ("[1, 2]", ["JSON object"]),
        ('"no"', ["JSON object"]),
        ("{not json", ["not valid JSON"]),
        (DEEP, ["nested too deeply"]),
        ('{"owns_deliverability": ' + DEEP + "}", ["nested too deeply"]),
    ],
    ids=lambda v: v[:40] if isinstance(v, str) else None,
)
def test_bad_input_exits_2_naming_the_problem(answers, named):
    with pytest.raises(CommandError) as caught:
        call_command("recommend", answers=answers)

    assert caught.value.returncode == 2
    for word in named:
        assert word in str(caught.value)


def test_a_huge_value_is_quoted_only_by_a_short_prefix():
    huge = {"owns_deliverability": "x" * 1_000_000, "y" * 1_000_000: "z"}

    with pytest.raises(CommandError) as caught:
        call_command("recommend", answers=json.dumps(huge))

    assert caught.value.returncode == 2
    assert len(str(caught.value)) < 1000


def test_many_problems_are_summed_up():
    many = {f"key{i}": "x" for i in range(500)}

    with pytest.raises(CommandError) as caught:
        call_command("recommend", answers=json.dumps(many))

    assert "and 480 more" in str(caught.value)
    assert len(str(caught.value)) < 10_000


@pytest.mark.parametrize(
    "answers", ['{"smtp_only": "perhaps"}', '{"owns_deliverability": [[1], [1]]}', DEEP]
)
def test_bad_input_from_the_shell_exits_2_without_a_traceback(answers):
    done = manage("recommend", "--answers", answers)

    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("CommandError: ")
    assert len(done.stderr) < 2000
