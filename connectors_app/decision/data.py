"""Load the decision data once, and derive the model version from it."""

from __future__ import annotations

import hashlib
import json
import tomllib
from pathlib import Path
from typing import Any

from .catalogue import Catalogue, load_catalogue
from .flowchart import Flowchart, load_flowchart

DATA_DIR = Path(__file__).parent / "data"


def _read(name: str) -> dict[str, Any]:
    with open(DATA_DIR / name, "rb") as f:
        return tomllib.load(f)


def model_version_of(*parts: dict[str, Any]) -> str:
    """A short hash of the parsed data: any change to a fact or an edge changes it,
    a reworded comment does not."""
    canonical = json.dumps(parts, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()[:12]


_catalogue_raw = _read("catalogue.toml")
_flowchart_raw = _read("flowchart.toml")

CATALOGUE: Catalogue = load_catalogue(_catalogue_raw)
FLOWCHART: Flowchart = load_flowchart(_flowchart_raw)
MODEL_VERSION: str = model_version_of(_catalogue_raw, _flowchart_raw)
