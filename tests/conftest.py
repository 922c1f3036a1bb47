"""Shared pytest fixtures for the Connector Wizard tests."""

import pytest
from django.test import override_settings


@pytest.fixture(scope="session", autouse=True)
def own_pdf_render_slots(tmp_path_factory):
    # One test process, one set of render slots: parallel workers (or a dev server on
    # this machine) must never find every slot taken, which is a 503 without a wait. And
    # a busy test machine renders far slower than a server: no render is cut short here.
    slots = str(tmp_path_factory.mktemp("pdf-slots"))
    with override_settings(PDF_RENDER_LOCK_DIR=slots, PDF_RENDER_TIMEOUT_SECONDS=300):
        yield
