"""Shared pytest fixtures for the Connector Wizard tests."""

import os

import pytest
from django.test import override_settings


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--screenshots",
        action="store_true",
        help="save the browser tests' screenshots in test-artifacts/ (make screenshots)",
    )


@pytest.fixture(scope="session", autouse=True)
def own_pdf_render_slots(tmp_path_factory):
    # One test process, one set of render slots: parallel workers (or a dev server on
    # this machine) must never find every slot taken, which is a 503 without a wait. And
    # a busy test machine renders far slower than a server: no render is cut short here,
    # nor niced below the parallel workers (a render is the test, not background work).
    slots = str(tmp_path_factory.mktemp("pdf-slots"))
    with override_settings(
        PDF_RENDER_LOCK_DIR=slots, PDF_RENDER_TIMEOUT_SECONDS=300, PDF_RENDER_NICE=0
    ):
        yield


@pytest.fixture(scope="session", autouse=True)
def quick_password_hashes():
    # What Django's testing docs advise: a test user's password needs no slow hash (a
    # second of PBKDF2 on this machine per user and login); the login flow is the same.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


def share_module_fixtures(items: list[pytest.Item]) -> None:
    """Put the tests of a module with a module-scoped fixture of its own (a rendered PDF,
    say) in one xdist group: spread over workers, each would set it up again."""
    for item in items:
        if item.get_closest_marker("xdist_group"):
            continue  # a second group would not join the first but make a third
        module = item.nodeid.split("::")[0]
        defs = item._fixtureinfo.name2fixturedefs.values()
        if any(d[-1].scope == "module" and d[-1].baseid == module for d in defs):
            item.add_marker(pytest.mark.xdist_group(f"module:{module}"))


GROUP_LOST = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]):
    share_module_fixtures(items)  # before xdist reads the groups
    yield
    # pytest-xdist's loadgroup keeps an xdist_group on one worker by suffixing node ids
    # with "@group". When a pytest release stops honouring that (pytest-dev/pytest-xdist
    # #1386) the groups split silently: PDFs and routes computed again on each worker.
    # Fail those tests instead, so an upgrade that breaks it is seen. (On a worker xdist
    # resets "dist" to "no" and keeps the choice in "loadgroup"; an error raised here
    # would only crash the worker, without this message.)
    if not (os.environ.get("PYTEST_XDIST_WORKER") and config.getoption("loadgroup", False)):
        return
    for item in items:
        if item.get_closest_marker("xdist_group") and "@" not in item.nodeid:
            item.stash[GROUP_LOST] = True


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.stash.get(GROUP_LOST, False):
        pytest.fail("xdist_group is not applied (pytest-xdist#1386)", pytrace=False)
