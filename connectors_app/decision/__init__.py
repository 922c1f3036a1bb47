"""The pure decision logic: the catalogue, the flowchart, the criteria and the engine.

Nothing here imports Django: the wizard, report, PDF, API and command line all call
`recommend()` so they can never disagree.
"""

from .answers import AnswerError, AnswerProblem, ParsedAnswers, parse_answers
from .data import CATALOGUE, FLOWCHART, MODEL_VERSION
from .engine import Decision, Recommendation, decide, recommend
from .serialize import to_contract, to_text

__all__ = [
    "CATALOGUE",
    "FLOWCHART",
    "MODEL_VERSION",
    "AnswerError",
    "AnswerProblem",
    "Decision",
    "ParsedAnswers",
    "Recommendation",
    "decide",
    "parse_answers",
    "recommend",
    "to_contract",
    "to_text",
]
