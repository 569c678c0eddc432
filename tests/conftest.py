"""Shared fixtures. Every browser test runs real Chromium against replicas served by routing;
nothing reaches the network."""

from __future__ import annotations

import os

import pytest

from checker.engine.browser import find_browser

from .harness import Engine


def chromium_path() -> str | None:
    """The system Chromium (CI installs Debian's), or None for Playwright's own."""
    try:
        return find_browser()
    except Exception:  # noqa: BLE001 - reported by the engine fixture with the install hint
        return None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # pytest-playwright would look for its own download, which these machines cannot fetch.
    path = chromium_path()
    return {**browser_type_launch_args, **({"executable_path": path} if path else {})}


@pytest.fixture(scope="session")
def engine():
    """One async Playwright and one Chromium for the whole session, on a background loop."""
    eng = Engine()
    yield eng
    eng.close()


@pytest.fixture
def untrain_home(tmp_path, monkeypatch):
    """A private, empty user data dir: history, profile, config and locks never touch the real one."""
    home = tmp_path / "home"
    monkeypatch.setenv("UNTRAIN_HOME", str(home))
    monkeypatch.setenv("UNTRAIN_CONFIG_HOME", str(home / "config"))
    return home


def pytest_addoption(parser):
    parser.addoption("--live", action="store_true", default=False,
                     help="also run QA against the real provider sites with your profile")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--live"):
        return
    skip = pytest.mark.skip(reason="live check: needs --live and a signed-in profile")
    for item in items:
        if "live" in item.keywords:
            item.add_marker(skip)


os.environ.setdefault("UNTRAIN_TEST", "1")
