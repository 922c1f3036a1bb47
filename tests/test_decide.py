"""`decide()` is the call `recommend()` makes, without its prose: insights count reports
with it and "what would change" reruns it, so the two must never disagree."""

import pytest

from connectors_app.decision import decide
from tests.walks import answer_sets_on, each_route, recommendations_on, routes


@pytest.mark.parametrize("route", each_route())
def test_decide_makes_the_same_call_as_recommend(route):
    # Every answer set: the route's recommendations are computed once for its group.
    for rec in recommendations_on(route):
        decision = decide(rec.answers)
        assert decision is not None
        assert decision.connector == rec.connector
        assert decision.outcome == rec.outcome
        assert decision.overruled == (rec.overruled is not None)
        blocked = tuple(
            c.criterion.id for c in rec.criteria if c.scores[rec.outcome.id].status == "blocked"
        )
        assert decision.blocked_on == blocked


def test_an_open_question_on_the_path_leaves_no_decision():
    answers = dict(answer_sets_on(routes()[0])[0])
    assert decide(answers) is not None
    for question in answers:
        assert decide({q: v for q, v in answers.items() if q != question}) is None


def test_answers_off_the_path_change_nothing():
    route = routes()[0]
    answers = dict(answer_sets_on(route)[0])
    off_path = {q: v for r in routes() for q, v in answer_sets_on(r)[0].items() if q not in answers}
    assert off_path, "another route asks a question this one does not"
    assert decide({**off_path, **answers}) == decide(answers)
