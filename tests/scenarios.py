"""The test data the project keeps (tests/data/): the contract's scenarios
(docs/decision-contract.md) with a judge shared by every surface's tests, and the docs
page whose flowchart ours restates."""

import json
from pathlib import Path

DATA = Path(__file__).parent / "data"
SCENARIOS = json.loads((DATA / "scenarios.json").read_text())["scenarios"]
# The GenieOS docs page "Choosing a connector" as published, with its Mermaid chart.
DOCS_PAGE = DATA / "choosing-a-connector.txt"
CRITERIA_IDS = ["domain_ownership", "event_depth", "suppression", "attachments", "region"]
# The keys the contract fixes; the app may add others.
CONTRACT_KEYS = (
    "model_version",
    "complete",
    "next_question",
    "recommendation",
    "flowchart",
    "overruled",
    "ranking",
    "criteria",
    "warnings",
    "migration_plan",
)


def scenario_ids() -> list[str]:
    return [s["name"] for s in SCENARIOS]


def judge_connector(connector: str, expect: dict) -> None:
    """Assert a connector is the one a scenario expects, one of those, or not one."""
    if "connector" in expect:
        assert connector == expect["connector"]
    if "one_of" in expect:
        assert connector in expect["one_of"]
    if "not" in expect:
        assert connector not in expect["not"]


def judge(result: dict, expect: dict) -> None:
    """Assert a contract JSON result meets a scenario's expectations."""
    assert set(CONTRACT_KEYS) <= set(result), set(CONTRACT_KEYS) - set(result)
    if "complete" in expect:
        assert result["complete"] is expect["complete"]
        if not expect["complete"]:
            assert result["recommendation"] is None
            assert result["next_question"] == expect.get("next_question", result["next_question"])
            return
    assert result["complete"], result["next_question"]
    got = result["recommendation"]["connector"]
    judge_connector(got, expect)
    if "overruled_from" in expect:
        assert result["overruled"]["from"] == expect["overruled_from"]
        assert result["overruled"]["reason"]
    if expect.get("warnings_nonempty"):
        assert result["warnings"]
    if expect.get("migration_plan_empty"):
        assert result["migration_plan"] == []
    if expect.get("migration_plan_nonempty"):
        assert result["migration_plan"]
    assert [c["id"] for c in result["criteria"]] == CRITERIA_IDS
    ranked = [r["connector"] for r in result["ranking"]]
    assert len(set(ranked)) == 9 and ranked[0] == got
    assert all(0 <= r["score"] <= 1 for r in result["ranking"])
