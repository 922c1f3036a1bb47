import json

from django.core.management.base import BaseCommand, CommandError, CommandParser

from connectors_app.decision import AnswerError, parse_answers, recommend, to_contract, to_text


class Command(BaseCommand):
    help = "Recommend a connector for a set of answers given as a JSON object."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--answers", required=True, help='A JSON object, e.g. \'{"owns_deliverability": "no"}\''
        )
        parser.add_argument("--format", choices=["json", "text"], default="json")

    def handle(self, *args, answers: str, format: str, **options) -> None:
        try:
            raw = json.loads(answers)
        except json.JSONDecodeError as exc:
            raise CommandError(f"--answers is not valid JSON: {exc}", returncode=2) from exc
        if not isinstance(raw, dict):
            raise CommandError(
                "--answers must be a JSON object of question id -> choice", returncode=2
            )
        try:
            parsed = parse_answers(raw)
            parsed.raise_problems()
            rec = recommend(**parsed.answers, workspace_name=parsed.workspace_name)
        except AnswerError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        if format == "json":
            self.stdout.write(json.dumps(to_contract(rec), indent=2, ensure_ascii=False))
        else:
            self.stdout.write(to_text(rec), ending="")
