"""Which code is deployed: part of every cache key whose entry the code shapes (pages,
flowcharts), so a deploy never serves what the old code made."""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

from django.conf import settings


@lru_cache(maxsize=1)
def release_id() -> str:
    """What code is deployed: APP_RELEASE if the deploy names it, else a hash of the
    templates, static files and Python sources, so that a deploy that changes a
    template but not MODEL_VERSION never serves pages cached by the old code."""
    named = os.environ.get("APP_RELEASE", "").strip()
    if named:
        return named
    base = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    for folder, pattern in (("templates", "*"), ("static", "*"), ("connectors_app", "*.py")):
        for path in sorted((base / folder).rglob(pattern)):
            if path.is_file():
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
