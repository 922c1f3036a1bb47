import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from connectors_app.decision import AnswerError, parse_answers, recommend, to_contract, to_text


def _bad_input(message: str) -> CommandError:
    # Exit status 2 for any bad input, as docs/decision-contract.md fixes.
    return CommandError(message, returncode=2)


class Command(BaseCommand):
    help = "Recommend a connector for a set of answers given as a JSON object."
    # The decision needs no system checks, and they would import the URLconf, every
    # view and WeasyPrint: seconds of start-up for a sub-second answer.
    requires_system_checks = ()

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--answers", required=True, help='A JSON object, e.g. \'{"owns_deliverability": "no"}\''
        )
        parser.add_argument("--format", choices=["json", "text"], default="json")

    def handle(self, *args: Any, answers: str, format: str, **options: Any) -> None:
        try:
            raw = json.loads(answers)
        except json.JSONDecodeError as exc:
            # The decoder's message names a position, never the input itself.
            raise _bad_input(f"--answers is not valid JSON: {exc}") from None
        except (ValueError, RecursionError):
            raise _bad_input("--answers is not valid JSON, or is nested too deeply.") from None
        if not isinstance(raw, dict):
            raise _bad_input("--answers must be a JSON object of question id -> choice.")
        try:
            parsed = parse_answers(raw)
            parsed.raise_problems()
            rec = recommend(**parsed.answers, workspace_name=parsed.workspace_name)
        except AnswerError as exc:
            raise _bad_input(str(exc)) from None
        except RecursionError:
            # A value nested deeper than Python compares or prints.
            raise _bad_input("--answers holds a value nested too deeply.") from None
        if format == "json":
            self.stdout.write(json.dumps(to_contract(rec), indent=2, ensure_ascii=False))
        else:
            self.stdout.write(to_text(rec), ending="")
