"""The pytest-playwright QA suite: every documented path in the catalogue, step by step.

By default each scenario runs against its bundled replica (in its `off` state). With `--live` the
same walk runs against the real site in the person's signed-in profile (marker `live`; skipped
without it). `pytest tests/qa --junitxml=qa.xml` gives CI the JUnit report.
"""

from __future__ import annotations

import pytest

from checker.store import data_paths
from checker.engine import page_modules
from checker.catalogue.models import Kind
from checker.replicas.site import ReplicaWorld, available_providers, load_manifest

from ..conftest import chromium_path
from ..harness import catalog
from .sync_walk import Wall, route_replica, walk

TIMEOUT = 4.0  # seconds per step on a replica


# pytest-playwright keeps one sync Playwright for the whole session, and while it runs the main
# thread counts as inside an event loop: every later `asyncio.run` (each CLI test) would fail.
# Scoped to this module instead, it stops when these tests are done.
@pytest.fixture(scope="module")
def playwright(_pw_api_request_contexts):
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    # The catalogue's candidates are found by locate.js, run as a selector engine (as the scan does).
    for name, script in page_modules.engines().items():
        pw.selectors.register(name, script=script, content_script=True)
    yield pw
    pw.stop()


@pytest.fixture(scope="module")
def browser_context_args():
    return {}  # the default needs the session Playwright (for --device), which this suite does not use


@pytest.fixture(scope="module")
def browser_type(playwright, browser_name):
    return getattr(playwright, browser_name)


@pytest.fixture(scope="module")
def launch_browser(browser_type_launch_args, browser_type):
    return lambda **kwargs: browser_type.launch(**{**browser_type_launch_args, **kwargs})


@pytest.fixture(scope="module")
def browser(launch_browser):
    browser = launch_browser()
    yield browser
    browser.close()

LIVE_TIMEOUT = 15.0

PAGE_SCENARIOS = [pid for pid, e in catalog().entries.items() if e.scenario.kind == Kind.page]
REPLICAS = set(available_providers())


def replica_state(provider: str) -> str:
    manifest = load_manifest(provider)
    return "off" if "off" in manifest.states else manifest.default_state


def assert_path(results, provider: str, steps: int) -> None:
    report = "\n".join(map(str, results))
    assert len(results) == steps and all(r.outcome in ("found", "drift", "skipped") for r in results), (
        f"{provider}: the documented path broke:\n{report}")


@pytest.mark.parametrize("provider", [p for p in PAGE_SCENARIOS if p in REPLICAS])
def test_documented_path_on_replica(page, provider):
    entry = catalog()[provider]
    world = ReplicaWorld.build({provider: replica_state(provider)})
    route_replica(page.context, world)
    results = walk(page, entry, TIMEOUT)
    assert_path(results, provider, len(entry.scenario.steps))
    # In the replica's normal state every step is found by its first candidate: no drift.
    assert [r for r in results if r.outcome == "drift"] == []
    assert world.mutations == [], f"the QA walk changed something: {world.mutations}"


@pytest.mark.parametrize("provider", [p for p in PAGE_SCENARIOS if p in REPLICAS])
def test_signed_out_replica_is_a_wall_not_a_missing_path(page, provider):
    if "signed_out" not in load_manifest(provider).states:
        pytest.skip("no signed_out state")
    world = ReplicaWorld.build({provider: "signed_out"})
    route_replica(page.context, world)
    with pytest.raises(Wall) as wall:
        walk(page, catalog()[provider], TIMEOUT)
    assert wall.value.reason == "signed_out"
    assert world.mutations == []


@pytest.fixture
def live_page(playwright):
    """The person's own profile (made by `untrain login`), headless, for --live runs."""
    path = chromium_path()
    context = playwright.chromium.launch_persistent_context(
        str(data_paths.profile_dir()), headless=True, **({"executable_path": path} if path else {}))
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.mark.live
@pytest.mark.parametrize("provider", PAGE_SCENARIOS)
def test_documented_path_live(live_page, provider):
    entry = catalog()[provider]
    try:
        results = walk(live_page, entry, LIVE_TIMEOUT)
    except Wall as wall:
        # A signed-out or blocked page says nothing about the path: never a missing step.
        pytest.skip(f"{provider}: {wall}")
    assert_path(results, provider, len(entry.scenario.steps))
